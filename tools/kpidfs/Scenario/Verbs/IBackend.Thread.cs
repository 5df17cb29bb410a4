// SPDX-License-Identifier: GPL-2.0-only

using System;

namespace Kpidfs.Scenario;

/// <summary>The thread verbs of a backend.</summary>
public partial interface IBackend
{
    /// <summary>`thread_exit T CODE`: the thread calls exit(CODE) alone; returns once it has exited (a non-leader is released, a leader is a zombie).</summary>
    /// <param name="tid">The thread's pid.</param>
    /// <param name="code">The exit code.</param>
    /// <returns>The result.</returns>
    PlainResult ThreadExit(int tid, int code) => throw new NotSupportedException("thread_exit is not supported by the " + this.Name + " backend");

    /// <summary>`exec T`: the thread calls execve; returns once the exec is done (the caller is then the group's only thread).</summary>
    /// <param name="tid">The thread's pid.</param>
    /// <returns>The pid the thread has after the exec (the group leader's).</returns>
    TaskResult Exec(int tid) => throw new NotSupportedException("exec is not supported by the " + this.Name + " backend");
}
