// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>`thread_exit T CODE`: T calls exit(CODE), the system call that ends one thread (not exit_group).</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Target">The thread (or the group leader).</param>
/// <param name="Code">The exit code.</param>
public sealed record ThreadExitOp(int Line, string Text, TaskRef Target, int Code) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.ThreadExit(r.Pid(this.Target), this.Code);
}
