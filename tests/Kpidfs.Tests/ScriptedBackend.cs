// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Globalization;
using Kpidfs.Scenario;

namespace Kpidfs.Tests;

/// <summary>A backend that answers from a script and records the calls it got (names resolved to numbers).</summary>
/// <param name="shellPid">The pid of shell.</param>
/// <param name="results">The answers, in call order.</param>
internal sealed class ScriptedBackend(int shellPid, params Result[] results) : IBackend
{
    private readonly Queue<Result> results = new(results);

    /// <summary>Gets the calls, as `verb arg arg`.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Gets or sets the reason to skip every file, or null.</summary>
    public string? Skip { get; set; }

    /// <inheritdoc/>
    public string Name => "scripted";

    /// <inheritdoc/>
    public int ShellPid => shellPid;

    /// <summary>Gets or sets what the kernel reports after the last line (the model's unpredicted lock dependencies), or null.</summary>
    public string? Problems { get; set; }

    /// <inheritdoc/>
    public string? SkipReason(ScenarioFile file) => this.Skip;

    /// <inheritdoc/>
    public string? KernelProblems() => this.Problems;

    /// <inheritdoc/>
    public TaskResult Spawn(string name) => this.Next<TaskResult>("spawn", name);

    /// <inheritdoc/>
    public TaskResult Thread(string name, int pid) => this.Next<TaskResult>("thread", name, pid);

    /// <inheritdoc/>
    public FdResult PidfdOpen(int pid, uint flags) => this.Next<FdResult>("pidfd_open", pid, flags);

    /// <inheritdoc/>
    public StatResult Stat(int fd) => this.Next<StatResult>("stat", fd);

    /// <inheritdoc/>
    public SameResult Same(int fd1, int fd2) => this.Next<SameResult>("same", fd1, fd2);

    /// <inheritdoc/>
    public HandleResult NameToHandle(int fd, uint bytes) => this.Next<HandleResult>("handle", fd, bytes);

    /// <inheritdoc/>
    public FdResult OpenByHandle(int mountFd, HandleResult handle, int flags) =>
        this.Next<FdResult>("open_by_handle", mountFd, handle.Bytes, flags);

    /// <inheritdoc/>
    public InfoResult Info(int fd, ulong mask) => this.Next<InfoResult>("info", fd, mask);

    /// <inheritdoc/>
    public PlainResult Send(int fd, int sig) => this.Next<PlainResult>("send", fd, sig);

    /// <inheritdoc/>
    public PlainResult Exit(int pid, int code) => this.Next<PlainResult>("exit", pid, code);

    /// <inheritdoc/>
    public WaitResult Reap(int pid) => this.Next<WaitResult>("reap", pid);

    /// <inheritdoc/>
    public WaitResult Waitid(int fd, int options) => this.Next<WaitResult>("waitid", fd, options);

    /// <inheritdoc/>
    public PollResult Poll(int fd) => this.Next<PollResult>("poll", fd);

    /// <inheritdoc/>
    public FdinfoResult Fdinfo(int fd) => this.Next<FdinfoResult>("fdinfo", fd);

    /// <inheritdoc/>
    public PlainResult Close(int fd) => this.Next<PlainResult>("close", fd);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private T Next<T>(string verb, params object[] args)
        where T : Result
    {
        this.Calls.Add(verb + string.Concat(System.Array.ConvertAll(args, a => " " + string.Format(CultureInfo.InvariantCulture, "{0}", a))));
        return (T)this.results.Dequeue();
    }
}
