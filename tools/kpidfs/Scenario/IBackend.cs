// SPDX-License-Identifier: GPL-2.0-only

using System;

namespace Kpidfs.Scenario;

/// <summary>
/// A kernel a scenario runs on: the model (a freshly booted vmlinux) or the host (real system calls).
/// One instance runs one file; <see cref="IDisposable.Dispose"/> kills and reaps whatever it started.
/// Names are resolved by the runner: a method gets the pid of a named task (or the literal pid the line
/// gave), the fd number a name holds (-1 after a failed open), and the handle as `handle` returned it.
/// A line the backend cannot run faithfully throws <see cref="BackendException"/> (or
/// <see cref="NotSupportedException"/> for a verb it does not have yet); the run stops there.
/// </summary>
public partial interface IBackend : IDisposable
{
    /// <summary>Gets the backend's name (`model`, `host`), used in messages.</summary>
    string Name { get; }

    /// <summary>Gets the pid of `shell`, the task that runs the scenario.</summary>
    int ShellPid { get; }

    /// <summary>Why this backend does not run <paramref name="file"/> at all, or null when it does.</summary>
    /// <param name="file">The scenario.</param>
    /// <returns>The reason (printed as `skipped: reason`), or null.</returns>
    string? SkipReason(ScenarioFile file);

    /// <summary>
    /// What the kernel itself found wrong once the last line ran, or null: the model names every lock
    /// dependency lockdep recorded that the analyzers' static lock graph does not have (the runner makes it the run's error).
    /// </summary>
    /// <returns>The problems, one per line, or null.</returns>
    string? KernelProblems() => null;

    /// <summary>`spawn P`: a new single-threaded process, child of shell.</summary>
    /// <param name="name">The scenario's name for it (the model uses it as comm).</param>
    /// <returns>Its pid.</returns>
    TaskResult Spawn(string name);

    /// <summary>`thread T of P`: a new thread in the thread group of <paramref name="pid"/>.</summary>
    /// <param name="name">The scenario's name for it.</param>
    /// <param name="pid">A pid of the group (leader or thread), or a literal pid.</param>
    /// <returns>Its tid.</returns>
    TaskResult Thread(string name, int pid);

    /// <summary>`pidfd_open a P [FLAGS]`: pidfd_open(pid, flags) as shell.</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="flags">The flags.</param>
    /// <returns>The fd.</returns>
    FdResult PidfdOpen(int pid, uint flags);

    /// <summary>`stat a`: fstat.</summary>
    /// <param name="fd">The fd.</param>
    /// <returns>The stat fields.</returns>
    StatResult Stat(int fd);

    /// <summary>`same a b`: fstat both, compare st_dev and st_ino.</summary>
    /// <param name="fd1">The first fd.</param>
    /// <param name="fd2">The second fd.</param>
    /// <returns>Whether they are the same inode.</returns>
    SameResult Same(int fd1, int fd2);

    /// <summary>`handle h a [BYTES]`: name_to_handle_at(fd, "", fh, &amp;mnt, AT_EMPTY_PATH) with handle_bytes = bytes.</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="bytes">The buffer size.</param>
    /// <returns>The handle as the call left it.</returns>
    HandleResult NameToHandle(int fd, uint bytes);

    /// <summary>`open_by_handle b h [FLAGS] [via a|PIDFS_ROOT]`: open_by_handle_at(mountFd, handle, flags).</summary>
    /// <param name="mountFd">The mount fd (FD_PIDFS_ROOT = -10002, or an fd).</param>
    /// <param name="handle">The handle (bytes, type and payload).</param>
    /// <param name="flags">The open flags.</param>
    /// <returns>The fd.</returns>
    FdResult OpenByHandle(int mountFd, HandleResult handle, int flags);

    /// <summary>`info a [MASK]`: ioctl(fd, PIDFD_GET_INFO) with the request mask (PID and CREDS already in it).</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="mask">The request mask.</param>
    /// <returns>The reply.</returns>
    InfoResult Info(int fd, ulong mask);

    /// <summary>`send a SIG`: pidfd_send_signal(fd, sig, NULL, 0); returns once a fatally signalled target is a zombie.</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="sig">The signal.</param>
    /// <returns>The result.</returns>
    PlainResult Send(int fd, int sig);

    /// <summary>`exit P CODE`: the whole process exits (exit_group); returns once it is a zombie.</summary>
    /// <param name="pid">A pid of the process (or of one of its threads).</param>
    /// <param name="code">The exit code.</param>
    /// <returns>The result.</returns>
    PlainResult Exit(int pid, int code);

    /// <summary>`reap P`: shell calls waitid(P_PID, pid, …, WEXITED).</summary>
    /// <param name="pid">The pid.</param>
    /// <returns>The status.</returns>
    WaitResult Reap(int pid);

    /// <summary>`waitid a [FLAGS]`: waitid(P_PIDFD, fd, …, options) as shell.</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="options">The options.</param>
    /// <returns>The status, or null status for WNOHANG with nothing to report.</returns>
    WaitResult Waitid(int fd, int options);

    /// <summary>`poll a`: poll(fd, POLLIN|POLLRDNORM, 0).</summary>
    /// <param name="fd">The fd.</param>
    /// <returns>revents.</returns>
    PollResult Poll(int fd);

    /// <summary>`fdinfo a`: the Pid: and NSpid: lines of the fd's fdinfo (ENOENT when it is not open).</summary>
    /// <param name="fd">The fd.</param>
    /// <returns>The values.</returns>
    FdinfoResult Fdinfo(int fd);

    /// <summary>`close a`: close(fd).</summary>
    /// <param name="fd">The fd.</param>
    /// <returns>The result.</returns>
    PlainResult Close(int fd);
}
