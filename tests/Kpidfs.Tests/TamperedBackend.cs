// SPDX-License-Identifier: GPL-2.0-only

using System;
using Kpidfs.Scenario;

namespace Kpidfs.Tests;

/// <summary>
/// A backend that answers like another one, except that `fdinfo` always fails with ENOENT (a planted
/// divergence) and, when asked to, `poll` throws (a planted crash).
/// </summary>
/// <param name="inner">The backend it wraps (and disposes of).</param>
/// <param name="crashOnPoll">Whether `poll` throws <see cref="InvalidOperationException"/>.</param>
internal sealed partial class TamperedBackend(IBackend inner, bool crashOnPoll = false) : IBackend
{
    /// <inheritdoc/>
    public string Name => "tampered";

    /// <inheritdoc/>
    public int ShellPid => inner.ShellPid;

    /// <inheritdoc/>
    public string? SkipReason(ScenarioFile file) => inner.SkipReason(file);

    /// <inheritdoc/>
    public IBackend As(int pid) => new TamperedBackend(inner.As(pid), crashOnPoll);

    /// <inheritdoc/>
    public NsPidResult NsPids(int pid) => inner.NsPids(pid);

    /// <inheritdoc/>
    public PlainResult Unshare(ulong flags) => inner.Unshare(flags);

    /// <inheritdoc/>
    public Clone3Result Clone3(string name, Clone3Args args) => inner.Clone3(name, args);

    /// <inheritdoc/>
    public PlainResult ForkReap() => inner.ForkReap();

    /// <inheritdoc/>
    public CredsResult Creds(int fd, ulong mask) => inner.Creds(fd, mask);

    /// <inheritdoc/>
    public ValueResult PidMax(int? value) => inner.PidMax(value);

    /// <inheritdoc/>
    public TaskResult Spawn(string name) => inner.Spawn(name);

    /// <inheritdoc/>
    public TaskResult Thread(string name, int pid) => inner.Thread(name, pid);

    /// <inheritdoc/>
    public FdResult PidfdOpen(int pid, uint flags) => inner.PidfdOpen(pid, flags);

    /// <inheritdoc/>
    public StatResult Stat(int fd) => inner.Stat(fd);

    /// <inheritdoc/>
    public SameResult Same(int fd1, int fd2) => inner.Same(fd1, fd2);

    /// <inheritdoc/>
    public HandleResult NameToHandle(int fd, uint bytes) => inner.NameToHandle(fd, bytes);

    /// <inheritdoc/>
    public FdResult OpenByHandle(int mountFd, HandleResult handle, int flags) => inner.OpenByHandle(mountFd, handle, flags);

    /// <inheritdoc/>
    public InfoResult Info(int fd, ulong mask) => inner.Info(fd, mask);

    /// <inheritdoc/>
    public PlainResult Send(int fd, int sig) => inner.Send(fd, sig);

    /// <inheritdoc/>
    public PlainResult Exit(int pid, int code) => inner.Exit(pid, code);

    /// <inheritdoc/>
    public WaitResult Reap(int pid) => inner.Reap(pid);

    /// <inheritdoc/>
    public WaitResult Waitid(int fd, int options) => inner.Waitid(fd, options);

    /// <inheritdoc/>
    public PollResult Poll(int fd) => crashOnPoll ? throw new InvalidOperationException("planted crash") : inner.Poll(fd);

    /// <inheritdoc/>
    public FdinfoResult Fdinfo(int fd) => new(2, null, []);

    /// <inheritdoc/>
    public PlainResult Close(int fd) => inner.Close(fd);

    /// <inheritdoc/>
    public void Dispose() => inner.Dispose();
}
