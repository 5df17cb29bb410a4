// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>One operation line of a scenario.</summary>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Text">The operation as written (comment and surrounding blanks removed).</param>
public abstract record Op(int Line, string Text)
{
    /// <summary>Runs the line: resolves its names through the runner and calls the backend.</summary>
    /// <param name="r">The run (names, backend, normaliser).</param>
    /// <returns>What the backend returned.</returns>
    internal abstract Result Run(Runner r);
}

/// <summary>`spawn P`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Name">The new process's name.</param>
public sealed record SpawnOp(int Line, string Text, string Name) : Op(Line, Text)
{
    /// <summary>Gets the parent of `spawn Q by P` (version 2), or null for the line's task (shell).</summary>
    public TaskRef? By { get; init; }

    /// <inheritdoc/>
    internal override Result Run(Runner r) => this.By != null
        ? r.RunAs(this.By, this with { By = null })
        : r.DefineChild(this.Name, r.Backend.Spawn(this.Name));
}

/// <summary>`thread T of P`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Name">The new thread's name.</param>
/// <param name="Of">The process it joins.</param>
public sealed record ThreadOp(int Line, string Text, string Name, TaskRef Of) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.DefineThread(this.Name, this.Of, r.Root.Thread(this.Name, r.RootPid(this.Of)));
}

/// <summary>`pidfd_open a P [FLAGS]`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Target">The task.</param>
/// <param name="Flags">The flags.</param>
public sealed record PidfdOpenOp(int Line, string Text, string Fd, TaskRef Target, uint Flags) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.SetFd(this.Fd, r.Backend.PidfdOpen(r.Pid(this.Target), this.Flags));
}

/// <summary>`stat a`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
public sealed record StatOp(int Line, string Text, string Fd) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Stat(r.Fd(this.Fd));
}

/// <summary>`same a b`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd1">The first fd name.</param>
/// <param name="Fd2">The second fd name.</param>
public sealed record SameOp(int Line, string Text, string Fd1, string Fd2) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Same(r.Fd(this.Fd1), r.Fd(this.Fd2));
}

/// <summary>`handle h a [BYTES]`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Handle">The handle name.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Bytes">The buffer size (handle_bytes in).</param>
public sealed record HandleOp(int Line, string Text, string Handle, string Fd, uint Bytes) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.SetHandle(this.Handle, r.Backend.NameToHandle(r.Fd(this.Fd), this.Bytes));
}

/// <summary>`open_by_handle b h [FLAGS] [via a|PIDFS_ROOT]`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The new fd's name.</param>
/// <param name="Handle">The handle name.</param>
/// <param name="Flags">The open flags.</param>
/// <param name="Mount">The mount fd.</param>
public sealed record OpenByHandleOp(int Line, string Text, string Fd, string Handle, int Flags, MountRef Mount) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.SetFd(this.Fd, r.Backend.OpenByHandle(this.Mount.FdName != null ? r.Fd(this.Mount.FdName) : this.Mount.Number, r.Handle(this.Handle), this.Flags));
}

/// <summary>`info a [MASK]`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Mask">The request mask, PID and CREDS included.</param>
public sealed record InfoOp(int Line, string Text, string Fd, ulong Mask) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Info(r.Fd(this.Fd), this.Mask);
}

/// <summary>`send a SIG`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Signal">The signal number.</param>
public sealed record SendOp(int Line, string Text, string Fd, int Signal) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Send(r.Fd(this.Fd), this.Signal);
}

/// <summary>`exit P CODE`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Target">The process.</param>
/// <param name="Code">The exit code.</param>
public sealed record ExitOp(int Line, string Text, TaskRef Target, int Code) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Root.Exit(r.RootPid(this.Target), this.Code);
}

/// <summary>`reap P`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Target">The process.</param>
public sealed record ReapOp(int Line, string Text, TaskRef Target) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Reap(this.Target);
}

/// <summary>`waitid a [FLAGS]`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Options">The options.</param>
public sealed record WaitidOp(int Line, string Text, string Fd, int Options) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Waitid(r.Fd(this.Fd), this.Options);
}

/// <summary>`poll a`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
public sealed record PollOp(int Line, string Text, string Fd) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Poll(r.Fd(this.Fd));
}

/// <summary>`fdinfo a`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
public sealed record FdinfoOp(int Line, string Text, string Fd) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Fdinfo(r.Fd(this.Fd));
}

/// <summary>`close a`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
public sealed record CloseOp(int Line, string Text, string Fd) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Close(r.Fd(this.Fd));
}
