// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using Kpidfs.Scenario;
using Linux;

namespace Kpidfs.Model;

/// <summary>
/// The model backend: a freshly booted <see cref="vmlinux"/> per file. `shell` is forked from init;
/// every line runs as a system call of the task it concerns (the pidfd verbs as shell).
/// </summary>
public sealed partial class ModelBackend : IBackend
{
    private readonly Dictionary<int, task_struct> tasks;
    private readonly task_struct shell;

    /* the task the lines of this backend run as: shell, or the task of an `as P:` view */
    private readonly task_struct actor;

    /// <summary>Initializes a new instance of the <see cref="ModelBackend"/> class: boots a kernel and forks shell.</summary>
    public ModelBackend()
    {
        this.Kernel = vmlinux.boot();
        this.shell = this.Kernel.fork(this.Kernel.init_process, "shell");
        this.actor = this.shell;
        this.tasks = new() { [this.shell.pid] = this.shell };
    }

    /* a view whose lines run as another task of the same kernel */
    private ModelBackend(ModelBackend root, task_struct actor)
    {
        this.Kernel = root.Kernel;
        this.tasks = root.tasks;
        this.shell = root.shell;
        this.actor = actor;
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
    public TaskResult Spawn(string name) => this.NewTask(this.Kernel.fork(this.actor, name));

    /// <inheritdoc/>
    public TaskResult Thread(string name, int pid) => this.NewTask(this.Kernel.spawn_thread(this.LiveThreadOf(pid, "start a thread in"), name));

    /// <inheritdoc/>
    public FdResult PidfdOpen(int pid, uint flags) => FdOf(this.Sys(k => k.sys_pidfd_open(pid, flags)));

    /// <inheritdoc/>
    public StatResult Stat(int fd)
    {
        var st = new stat();
        var r = this.Sys(k => k.sys_fstat(fd, st));
        return r < 0 ? new StatResult((int)-r, 0, 0, 0, 0) : new StatResult(0, st.st_dev, st.st_ino, st.st_mode, st.st_nlink);
    }

    /// <inheritdoc/>
    public SameResult Same(int fd1, int fd2) => SameResult.FromStats(this.Stat, fd1, fd2);

    /// <inheritdoc/>
    public HandleResult NameToHandle(int fd, uint bytes)
    {
        var fh = new file_handle(128) { handle_bytes = bytes };
        var r = this.Sys(k => k.sys_name_to_handle_at(fd, string.Empty, fh, new ulong[1], vmlinux.AT_EMPTY_PATH));
        var payload = fh.f_handle.AsSpan(0, (int)Math.Min(fh.handle_bytes, 128u)).ToArray();
        return new HandleResult(r < 0 ? (int)-r : 0, fh.handle_bytes, fh.handle_type, payload);
    }

    /// <inheritdoc/>
    public FdResult OpenByHandle(int mountFd, HandleResult handle, int flags)
    {
        var fh = new file_handle(Math.Max(128, handle.Payload.Count)) { handle_bytes = handle.Bytes, handle_type = handle.Type };
        for (var i = 0; i < handle.Payload.Count; i++)
        {
            fh.f_handle[i] = handle.Payload[i];
        }

        return FdOf(this.Sys(k => k.sys_open_by_handle_at(mountFd, fh, flags)));
    }

    /// <inheritdoc/>
    public InfoResult Info(int fd, ulong mask)
    {
        var buf = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(buf, mask);
        var r = this.Sys(k => k.sys_ioctl((uint)fd, vmlinux.PIDFD_GET_INFO, buf));
        if (r < 0)
        {
            return new InfoResult((int)-r, 0, 0, 0, 0, 0);
        }

        var info = pidfd_info.from_bytes(buf);
        return new InfoResult(0, info.mask, (int)info.pid, (int)info.tgid, (int)info.ppid, info.exit_code);
    }

    /// <inheritdoc/>
    public PlainResult Send(int fd, int sig)
    {
        /* as on the host: a real signal goes only to a process the scenario spawned (shell runs the scenario) */
        if (sig > 0 && sig <= 64 && this.ReadFdinfo(fd, this.Kernel.init_pid_ns) is { Pid: > 0 and var pid } && (pid == this.shell.pid || !this.tasks.ContainsKey(pid)))
        {
            throw new BackendException(pid == this.shell.pid
                ? $"signal {Symbols.SignalName(sig)} to shell: it runs the scenario"
                : $"signal {Symbols.SignalName(sig)} to pid {pid}: the scenario does not own that process");
        }

        return Plain(this.Sys(k => k.sys_pidfd_send_signal(fd, sig, null, 0)));
    }

    /// <inheritdoc/>
    public PlainResult Exit(int pid, int code)
    {
        var k = this.Kernel;
        if (pid == this.shell.pid)
        {
            throw new BackendException("cannot make exit shell: it runs the scenario");
        }

        var t = this.LiveThreadOf(pid, "make exit");
        k.syscall(t, () => k.sys_exit_group(code));
        return new PlainResult(0);
    }

    /// <inheritdoc/>
    public WaitResult Reap(int pid) => this.Wait(vmlinux.P_PID, pid, vmlinux.WEXITED, blocking: true, "reap");

    /// <inheritdoc/>
    public WaitResult Waitid(int fd, int options) =>
        this.Wait(vmlinux.P_PIDFD, fd, options, (options & vmlinux.WNOHANG) == 0 && !this.IsNonblockPidfd(fd), "waitid");

    /// <inheritdoc/>
    public PollResult Poll(int fd)
    {
        var fds = new[] { new pollfd { fd = fd, events = (short)(vmlinux.EPOLLIN | vmlinux.EPOLLRDNORM) } };
        var r = this.Sys(k => k.sys_poll(fds, 1, 0));
        return r < 0 ? new PollResult((int)-r, 0) : new PollResult(0, (ushort)fds[0].revents);
    }

    /// <inheritdoc/>
    public FdinfoResult Fdinfo(int fd) => this.ReadFdinfo(fd, null);

    /// <inheritdoc/>
    public PlainResult Close(int fd) => Plain(this.Sys(k => k.sys_close((uint)fd)));

    /// <inheritdoc/>
    public string? KernelProblems()
    {
        var unpredicted = this.Kernel.lockdep_unpredicted_dependencies();
        return unpredicted.Count == 0 ? null : string.Join("\n", unpredicted);
    }

    /// <summary>Nothing to clean up: the kernel is dropped with the backend.</summary>
    public void Dispose()
    {
    }

    private static FdResult FdOf(long r) => r < 0 ? new FdResult((int)-r, -1) : new FdResult(0, (int)r);

    private static PlainResult Plain(long r) => new(r < 0 ? (int)-r : 0);

    /* waitid as shell; a wait that could block and has nothing to report would never end, as on the host */
    private WaitResult Wait(int which, int id, int options, bool blocking, string what)
    {
        var k = this.Kernel;
        var probe = new siginfo_t();
        if (blocking && k.syscall(this.actor, () => k.sys_waitid(which, id, probe, options | vmlinux.WNOHANG | vmlinux.WNOWAIT)) == 0 && probe.si_pid == 0)
        {
            throw new BackendException($"{what} would block forever (nothing has exited)");
        }

        var info = new siginfo_t();
        var r = k.syscall(this.actor, () => k.sys_waitid(which, id, info, options));
        if (r < 0)
        {
            return new WaitResult((int)-r, null);
        }

        return info.si_pid == 0 ? new WaitResult(0, null) : new WaitResult(0, WaitStatus.FromSiginfo(info.si_code, info.si_status));
    }

    private long Sys(Func<vmlinux, long> call) => this.Kernel.syscall(this.actor, () => call(this.Kernel));

    /* fdinfo of the actor's fd through a procfs of ns (null: of the actor's own pid namespace, as a task that mounted its own /proc reads it) */
    private FdinfoResult ReadFdinfo(int fd, pid_namespace? ns)
    {
        var text = string.Empty;
        var r = this.Sys(k => k.proc_fdinfo_read(this.actor, fd, out text, ns ?? k.task_active_pid_ns(this.actor)));
        return r < 0 ? new FdinfoResult((int)-r, null, []) : FdinfoResult.Parse(text);
    }

    private bool IsNonblockPidfd(int fd)
    {
        using var cpu = this.Kernel.run_as(this.actor);
        var file = this.Kernel.fget_raw((uint)fd);
        if (file == null)
        {
            return false;
        }

        var nonblock = (file.f_flags & vmlinux.O_NONBLOCK) != 0;
        this.Kernel.fput(file);
        return nonblock;
    }

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

        if (vmlinux.task_is_stopped(t.group_leader))
        {
            throw new BackendException($"cannot {what} that process: it is stopped");
        }

        return t;
    }
}
