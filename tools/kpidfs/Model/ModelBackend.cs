// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using Kpidfs.Scenario;
using Linux;

namespace Kpidfs.Model;

/// <summary>
/// The model backend: a freshly booted <see cref="vmlinux"/> per file. `shell` is forked from init;
/// every line runs as a system call of the task it concerns. The pidfd verbs come with the pidfs port.
/// </summary>
public sealed class ModelBackend : IBackend
{
    private readonly Dictionary<int, task_struct> tasks = [];
    private readonly task_struct shell;

    /// <summary>Initializes a new instance of the <see cref="ModelBackend"/> class: boots a kernel and forks shell.</summary>
    public ModelBackend()
    {
        this.Kernel = vmlinux.boot();
        this.shell = this.Kernel.fork(this.Kernel.init_process, "shell");
        this.tasks[this.shell.pid] = this.shell;
    }

    /// <summary>Gets the booted kernel (for `kpidfs state`).</summary>
    public vmlinux Kernel { get; }

    /// <inheritdoc/>
    public string Name => "model";

    /// <inheritdoc/>
    public int ShellPid => this.shell.pid;

    /// <inheritdoc/>
    public string? SkipReason(ScenarioFile file) => null;

    /// <inheritdoc/>
    public TaskResult Spawn(string name) => this.NewTask(this.Kernel.fork(this.shell, name));

    /// <inheritdoc/>
    public TaskResult Thread(string name, int pid) => this.NewTask(this.Kernel.spawn_thread(this.Live(pid, "start a thread in"), name));

    /// <inheritdoc/>
    public FdResult PidfdOpen(int pid, uint flags) => throw Later("pidfd_open");

    /// <inheritdoc/>
    public StatResult Stat(int fd) => throw Later("stat");

    /// <inheritdoc/>
    public SameResult Same(int fd1, int fd2) => throw Later("same");

    /// <inheritdoc/>
    public HandleResult NameToHandle(int fd, uint bytes) => throw Later("handle");

    /// <inheritdoc/>
    public FdResult OpenByHandle(int mountFd, HandleResult handle, int flags) => throw Later("open_by_handle");

    /// <inheritdoc/>
    public InfoResult Info(int fd, ulong mask) => throw Later("info");

    /// <inheritdoc/>
    public PlainResult Send(int fd, int sig) => throw Later("send");

    /// <inheritdoc/>
    public PlainResult Exit(int pid, int code)
    {
        var k = this.Kernel;
        if (pid == this.shell.pid)
        {
            throw new BackendException("cannot make exit shell: it runs the scenario");
        }

        var t = this.Live(pid, "make exit");
        k.syscall(t, () => k.sys_exit_group(code));
        return new PlainResult(0);
    }

    /// <inheritdoc/>
    public WaitResult Reap(int pid)
    {
        var k = this.Kernel;
        var probe = new siginfo_t();
        if (k.syscall(this.shell, () => k.sys_waitid(vmlinux.P_PID, pid, probe, vmlinux.WEXITED | vmlinux.WNOHANG | vmlinux.WNOWAIT)) == 0 && probe.si_pid == 0)
        {
            throw new BackendException("reap would block forever (nothing has exited)");
        }

        var info = new siginfo_t();
        var r = k.syscall(this.shell, () => k.sys_waitid(vmlinux.P_PID, pid, info, vmlinux.WEXITED));
        if (r < 0)
        {
            return new WaitResult((int)-r, null);
        }

        return info.si_pid == 0 ? new WaitResult(0, null) : new WaitResult(0, WaitStatus.FromSiginfo(info.si_code, info.si_status));
    }

    /// <inheritdoc/>
    public WaitResult Waitid(int fd, int options) => throw Later("waitid");

    /// <inheritdoc/>
    public PollResult Poll(int fd) => throw Later("poll");

    /// <inheritdoc/>
    public FdinfoResult Fdinfo(int fd) => throw Later("fdinfo");

    /// <inheritdoc/>
    public PlainResult Close(int fd) => throw Later("close");

    /// <summary>Nothing to clean up: the kernel is dropped with the backend.</summary>
    public void Dispose()
    {
    }

    private static NotSupportedException Later(string verb) =>
        new($"'{verb}' is not in the model yet: it comes with the pidfs port");

    private TaskResult NewTask(task_struct t)
    {
        if (vmlinux.IS_ERR(t))
        {
            return new TaskResult((int)-vmlinux.PTR_ERR(t), -1);
        }

        this.tasks[t.pid] = t;
        return new TaskResult(0, t.pid);
    }

    private task_struct Live(int pid, string what)
    {
        if (!this.tasks.TryGetValue(pid, out var t))
        {
            throw new BackendException($"cannot {what} pid {pid}: the scenario does not own that process");
        }

        if (t.exit_state != 0 || (t.flags & vmlinux.PF_EXITING) != 0)
        {
            throw new BackendException($"cannot {what} that process: it has already exited");
        }

        return t;
    }
}
