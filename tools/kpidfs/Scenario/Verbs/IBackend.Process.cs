// SPDX-License-Identifier: GPL-2.0-only

using System;

namespace Kpidfs.Scenario;

/// <summary>The process and namespace verbs of version 2 (docs/scenarios.md).</summary>
public partial interface IBackend
{
    /// <summary>
    /// A view of this backend whose lines run as the task <paramref name="pid"/> (`as P:`, `spawn Q by P`):
    /// system calls are made by that task, fds are its own, pids are read in its pid namespace. Pids the
    /// view returns for new tasks are still as shell sees them.
    /// </summary>
    /// <param name="pid">The task, as shell sees it.</param>
    /// <returns>The view (owned by this backend; it needs no disposing).</returns>
    IBackend As(int pid) => throw new NotSupportedException($"{this.Name} cannot run lines as another process");

    /// <summary>`nspid P`: the numbers of a task in every pid namespace from the initial one down (NSpid of /proc/PID/status).</summary>
    /// <param name="pid">The task, as shell sees it.</param>
    /// <returns>The numbers (ESRCH once it is reaped).</returns>
    NsPidResult NsPids(int pid) => throw new NotSupportedException($"{this.Name} cannot read pid numbers");

    /// <summary>`unshare FLAGS`: unshare(flags) by the view's task.</summary>
    /// <param name="flags">CLONE_* flags.</param>
    /// <returns>The result.</returns>
    PlainResult Unshare(ulong flags) => throw new NotSupportedException($"{this.Name} cannot unshare");

    /// <summary>`clone3 Q …`: clone3 by the view's task; the child runs as a `spawn`ed process would.</summary>
    /// <param name="name">The new process's name.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The new process's pid as shell sees it, and the CLONE_PIDFD fd (in the caller's table).</returns>
    Clone3Result Clone3(string name, Clone3Args args) => throw new NotSupportedException($"{this.Name} cannot clone3");

    /// <summary>`fork_reap`: the view's task forks a child that exits 0 at once, then reaps it.</summary>
    /// <returns>The fork's result (the child's pid is not kept).</returns>
    PlainResult ForkReap() => throw new NotSupportedException($"{this.Name} cannot fork_reap");

    /// <summary>`creds a [MASK]`: ioctl(fd, PIDFD_GET_INFO) by the view's task, for its credential and cgroup fields.</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="mask">The request mask.</param>
    /// <returns>The reply.</returns>
    CredsResult Creds(int fd, ulong mask) => throw new NotSupportedException($"{this.Name} cannot read credentials");

    /// <summary>`pid_max [N]`: reads, or writes N to, /proc/sys/kernel/pid_max as the view's task (its pid namespace's).</summary>
    /// <param name="value">The value to write, or null to read.</param>
    /// <returns>The value read (or written).</returns>
    ValueResult PidMax(int? value) => throw new NotSupportedException($"{this.Name} cannot reach pid_max");
}
