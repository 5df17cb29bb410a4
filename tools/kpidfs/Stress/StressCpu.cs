// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Linux;

namespace Kpidfs.Stress;

/// <summary>
/// One CPU of a stress run: a worker process with up to eight children, half of them shared (in
/// the pool: any CPU may open and signal them, so no CPU runs as them) and half private (this CPU
/// runs system calls as their threads). The mix is weighted so that every operation finds a target
/// most of the time: a child another CPU stopped is continued by its parent's CPU, a zombie is
/// waited for, threads come and go, and the table of <see cref="OpStats"/> shows the shares.
/// </summary>
internal sealed class StressCpu
{
    private const int MaxChildren = 8;
    private const int MaxThreads = 3;
    private const int MaxFds = 16;

    private static readonly (int Weight, Action<StressCpu> Op)[] Mix =
    [
        (9, c => c.Fork()),
        (5, c => c.Thread()),
        (4, c => c.ExitThread()),
        (4, c => c.ExitGroup()),
        (7, c => c.WaitNohang()),
        (5, c => c.WaitBlocking()),
        (14, c => c.Open()),
        (6, c => c.Close()),
        (5, c => c.Fstat()),
        (6, c => c.Info()),
        (11, c => c.Send()),
        (4, c => c.Continue()),
        (5, c => c.Poll()),
        (6, c => c.Handle()),
        (3, c => c.WaitidPidfd()),
    ];

    private static readonly int TotalWeight = Mix.Sum(m => m.Weight);

    /* stop and continue as often as the fatal ones together, and the null signal as a probe */
    private static readonly int[] Signals =
    [
        vmlinux.SIGSTOP, vmlinux.SIGSTOP, vmlinux.SIGCONT, vmlinux.SIGCONT, vmlinux.SIGKILL, vmlinux.SIGTERM, vmlinux.SIGUSR1, 0, 0,
    ];

    private static readonly uint[] OpenFlags = [0, vmlinux.PIDFD_NONBLOCK, vmlinux.PIDFD_THREAD, vmlinux.PIDFD_NONBLOCK | vmlinux.PIDFD_THREAD];

    private readonly vmlinux k;
    private readonly StressShared s;
    private readonly task_struct worker;
    private readonly Random rnd;
    private readonly List<Child> children = [];
    private readonly List<(int Fd, pid Pid)> fds = [];

    /// <summary>Initializes a new instance of the <see cref="StressCpu"/> class.</summary>
    /// <param name="k">The kernel.</param>
    /// <param name="s">What the CPUs share.</param>
    /// <param name="worker">The process this CPU runs as.</param>
    /// <param name="rnd">This CPU's random source.</param>
    public StressCpu(vmlinux k, StressShared s, task_struct worker, Random rnd)
    {
        this.k = k;
        this.s = s;
        this.worker = worker;
        this.rnd = rnd;
    }

    /// <summary>Gets what this CPU's operations did.</summary>
    public OpStats Stats { get; } = new();

    /// <summary>Runs one operation of the mix.</summary>
    public void Step()
    {
        var r = this.rnd.Next(TotalWeight);
        foreach (var (weight, op) in Mix)
        {
            if (r < weight)
            {
                op(this);
                return;
            }

            r -= weight;
        }
    }

    /// <summary>Closes what this CPU still has open.</summary>
    public void Finish()
    {
        foreach (var (fd, _) in this.fds)
        {
            this.Sys(() => this.k.sys_close((uint)fd));
        }

        this.fds.Clear();
    }

    private static string SignalName(int sig) => sig == 0 ? "0" : Scenario.Symbols.SignalName(sig);

    private static bool Alive(task_struct t) => t.exit_state == 0 && (t.flags & vmlinux.PF_EXITING) == 0;

    /* a process can make a system call only while it is neither stopped, nor stopping, nor dying */
    private static bool CanAct(task_struct t) =>
        Alive(t) && !vmlinux.task_is_stopped(t) && (Volatile.Read(ref t.jobctl) & vmlinux.JOBCTL_STOP_PENDING) == 0 && !vmlinux.fatal_signal_pending(t);

    private static bool Reapable(Child c) =>
        c.Leader.exit_state == vmlinux.EXIT_ZOMBIE && Volatile.Read(ref c.Leader.signal.live) == 0 && c.Leader.signal.nr_threads <= 1;

    /* wait status: a stop report has 0x7f in the low byte, a continue report is 0xffff */
    private static bool ReapedStatus(int status) => (status & 0xff) != 0x7f && status != 0xffff;

    private long Sys(Func<long> call) => this.k.syscall(this.worker, call);

    /*
     * Runs body (system calls as t) if t can still make them. The check is made with t on
     * this CPU (run_as claims it): a task that another CPU is running, say on its way out
     * after a group exit, is waited for and then seen as it is, not as it was a moment ago.
     */
    private bool TryAct(task_struct t, Action body)
    {
        using (this.k.run_as(t))
        {
            if (!CanAct(t))
            {
                return false;
            }

            body();
            return true;
        }
    }

    private T? Pick<T>(IReadOnlyList<T> list)
        where T : class => list.Count == 0 ? null : list[this.rnd.Next(list.Count)];

    private IEnumerable<task_struct> Tasks(Child c) => c.Threads.Prepend(c.Leader).Where(Alive);

    /* a live task of a private child that can make a system call */
    private task_struct? Actor(Child c) => this.Tasks(c).Where(CanAct).FirstOrDefault();

    private void Fork()
    {
        if (this.children.Count >= MaxChildren)
        {
            this.Cull();
            this.Stats.Skip("fork");
            return;
        }

        var c = this.k.fork(this.worker, "c");
        this.Stats.Result("fork", vmlinux.IS_ERR(c) ? vmlinux.PTR_ERR(c) : c.pid);
        if (!vmlinux.IS_ERR(c))
        {
            var shared = this.rnd.Next(2) == 0;
            this.children.Add(new Child(c, vmlinux.task_pid(c)!, shared));
            if (shared)
            {
                this.s.AddShared(c.pid, vmlinux.task_pid(c)!);
            }
        }
    }

    /*
     * At the cap the parent ends its oldest child that is not already going: a private one
     * exits, a shared one (which only signals from other CPUs would end) gets SIGKILL.
     */
    private void Cull()
    {
        var c = this.children.FirstOrDefault(c => Alive(c.Leader) && !vmlinux.fatal_signal_pending(c.Leader));
        if (c == null)
        {
            this.Stats.Skip("end a child at the cap");
            return;
        }

        if (!c.Shared && this.Actor(c) is { } t &&
            this.TryAct(t, () => this.Stats.Result("end a child at the cap", this.k.syscall(t, () => this.k.sys_exit_group(0)))))
        {
            return;
        }

        var fd = (int)this.Sys(() => this.k.sys_pidfd_open(c.Leader.pid, 0));
        this.Stats.Result("end a child at the cap", fd < 0 ? fd : this.Sys(() => this.k.sys_pidfd_send_signal(fd, vmlinux.SIGKILL, null, 0)));
        if (fd >= 0)
        {
            this.Sys(() => this.k.sys_close((uint)fd));
        }
    }

    private void Thread()
    {
        var c = this.Pick(this.children.Where(c => !c.Shared && this.Tasks(c).Count() <= MaxThreads && this.Actor(c) != null).ToList());
        if (c == null)
        {
            this.Stats.Skip("clone thread");
            return;
        }

        task_struct? t = null;
        if (this.Actor(c) is { } actor)
        {
            this.TryAct(actor, () => t = this.k.spawn_thread(actor, "t"));
        }

        if (t == null)
        {
            this.Stats.Skip("clone thread");
            return;
        }

        this.Stats.Result("clone thread", vmlinux.IS_ERR(t) ? vmlinux.PTR_ERR(t) : t.pid);
        if (!vmlinux.IS_ERR(t))
        {
            c.Threads.Add(t);
        }
    }

    /* exit(2) of one thread of a group that has more: a non-leader is released, a leader stays a zombie until the last one */
    private void ExitThread()
    {
        var c = this.Pick(this.children.Where(c => !c.Shared && this.Tasks(c).Count() > 1 && this.Actor(c) != null).ToList());
        if (c == null)
        {
            this.Stats.Skip("exit");
            return;
        }

        if (this.Pick(this.Tasks(c).Where(CanAct).ToList()) is not { } t)
        {
            this.Stats.Skip("exit");
            return;
        }

        var code = this.rnd.Next(256);
        if (!this.TryAct(t, () => this.Stats.Result("exit", this.k.syscall(t, () => this.k.sys_exit(code)))))
        {
            this.Stats.Skip("exit");
        }

        c.Threads.RemoveAll(x => !Alive(x));
    }

    private void ExitGroup()
    {
        var c = this.Pick(this.children.Where(c => !c.Shared && this.Actor(c) != null).ToList());
        if (c == null || this.Actor(c) is not { } t)
        {
            this.Stats.Skip("exit_group");
            return;
        }

        var code = this.rnd.Next(256);
        if (!this.TryAct(t, () => this.Stats.Result("exit_group", this.k.syscall(t, () => this.k.sys_exit_group(code)))))
        {
            this.Stats.Skip("exit_group");
        }
    }

    private void WaitNohang()
    {
        int[] options = [vmlinux.WNOHANG, vmlinux.WNOHANG | vmlinux.WUNTRACED | vmlinux.WCONTINUED];
        var o = options[this.rnd.Next(options.Length)];
        var status = new int[1];
        var nr = this.Stats.Result(o == vmlinux.WNOHANG ? "wait4 WNOHANG" : "wait4 WNOHANG|WUNTRACED|WCONTINUED", this.Sys(() => this.k.kernel_wait4(-1, status, o, null)));
        if (nr > 0)
        {
            this.Reported((int)nr, ReapedStatus(status[0]));
        }
    }

    /* a blocking wait needs a reapable zombie (a leader whose threads still run is not one): nothing else would wake it */
    private void WaitBlocking()
    {
        var c = this.Pick(this.children.Where(Reapable).ToList());
        if (c == null)
        {
            this.Stats.Skip("wait blocking");
            return;
        }

        var fd = this.fds.Where(f => ReferenceEquals(f.Pid, c.Pid)).Select(f => (int?)f.Fd).FirstOrDefault();
        var status = new int[1];
        var info = new siginfo_t();
        switch (this.rnd.Next(fd == null ? 3 : 4))
        {
            case 0:
                this.Reported((int)this.Stats.Result("wait4(-1) blocking", this.Sys(() => this.k.kernel_wait4(-1, status, 0, null))), ReapedStatus(status[0]));
                break;
            case 1:
                this.Reported((int)this.Stats.Result("wait4(pid) blocking", this.Sys(() => this.k.kernel_wait4(c.Leader.pid, status, 0, null))), ReapedStatus(status[0]));
                break;
            case 2:
                this.Stats.Result("waitid P_PID blocking", this.Sys(() => this.k.sys_waitid(vmlinux.P_PID, c.Leader.pid, info, vmlinux.WEXITED)));
                this.Reported(info.si_pid, info.si_code is vmlinux.CLD_EXITED or vmlinux.CLD_KILLED or vmlinux.CLD_DUMPED);
                break;
            default:
                this.Stats.Result("waitid P_PIDFD blocking", this.Sys(() => this.k.sys_waitid(vmlinux.P_PIDFD, fd!.Value, info, vmlinux.WEXITED)));
                this.Reported(info.si_pid, info.si_code is vmlinux.CLD_EXITED or vmlinux.CLD_KILLED or vmlinux.CLD_DUMPED);
                break;
        }
    }

    /* waitid on a pidfd, preferring one of this CPU's children (any other gives ECHILD) */
    private void WaitidPidfd()
    {
        var mine = this.fds.Where(f => this.children.Any(c => ReferenceEquals(c.Pid, f.Pid))).ToList();
        var pick = mine.Count > 0 ? mine[this.rnd.Next(mine.Count)] : this.fds.Count > 0 ? this.fds[this.rnd.Next(this.fds.Count)] : ((int Fd, pid Pid)?)null;
        if (pick is not { } f)
        {
            this.Stats.Skip("waitid P_PIDFD WNOHANG");
            return;
        }

        var info = new siginfo_t();
        var options = vmlinux.WEXITED | vmlinux.WNOHANG | (this.rnd.Next(2) == 0 ? vmlinux.WSTOPPED | vmlinux.WCONTINUED : 0);
        this.Stats.Result("waitid P_PIDFD WNOHANG", this.Sys(() => this.k.sys_waitid(vmlinux.P_PIDFD, f.Fd, info, options)));
        this.Reported(info.si_pid, info.si_code is vmlinux.CLD_EXITED or vmlinux.CLD_KILLED or vmlinux.CLD_DUMPED);
    }

    /* a wait reported child nr: reaped (then its pidfds must carry exit information) or stopped/continued */
    private void Reported(int nr, bool reaped)
    {
        if (nr <= 0)
        {
            return;
        }

        var i = this.children.FindIndex(c => c.Leader.pid == nr);
        if (i < 0)
        {
            return;
        }

        this.Stats.Result(reaped ? "(waits that reaped)" : "(waits that saw a stop/continue)", 0);
        if (!reaped)
        {
            return;
        }

        var pid = this.children[i].Pid;
        this.children.RemoveAt(i);
        this.s.Pool.TryRemove(nr, out _);
        foreach (var (fd, p) in this.fds.Where(f => ReferenceEquals(f.Pid, pid)))
        {
            var buf = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
            BinaryPrimitives.WriteUInt64LittleEndian(buf, vmlinux.PIDFD_INFO_EXIT);
            var r = this.Sys(() => this.k.sys_ioctl((uint)fd, vmlinux.PIDFD_GET_INFO, buf));
            if (r < 0 || (pidfd_info.from_bytes(buf).mask & vmlinux.PIDFD_INFO_EXIT) == 0)
            {
                this.s.LostExitInfo();
            }
        }

        /* most pidfds of a reaped child are closed with it; the rest keep testing a dead pid */
        foreach (var (fd, _) in this.fds.Where(f => ReferenceEquals(f.Pid, pid) && this.rnd.Next(4) != 0).ToList())
        {
            this.fds.Remove((fd, pid));
            this.Stats.Result("close", this.Sys(() => this.k.sys_close((uint)fd)));
        }
    }

    /* pidfd_open with each flag: PIDFD_THREAD may name any thread, the others a thread-group leader */
    private void Open()
    {
        var flags = OpenFlags[this.rnd.Next(OpenFlags.Length)];
        var mine = this.children.Where(c => !c.Shared && Alive(c.Leader)).Select(c => c.Leader.pid);
        if ((flags & vmlinux.PIDFD_THREAD) != 0)
        {
            mine = mine.Concat(this.children.SelectMany(c => c.Threads).Where(Alive).Select(t => t.pid));
        }

        var pool = this.s.Pool.Keys.Concat(mine).ToArray();
        var name = flags switch
        {
            0 => "pidfd_open 0",
            vmlinux.PIDFD_NONBLOCK => "pidfd_open PIDFD_NONBLOCK",
            vmlinux.PIDFD_THREAD => "pidfd_open PIDFD_THREAD",
            _ => "pidfd_open PIDFD_NONBLOCK|PIDFD_THREAD",
        };
        if (pool.Length == 0)
        {
            this.Stats.Skip(name);
            return;
        }

        var nr = pool[this.rnd.Next(pool.Length)];
        var fd = (int)this.Stats.Result(name, this.Sys(() => this.k.sys_pidfd_open(nr, flags)));
        if (fd >= 0)
        {
            this.Track(fd);
        }

        if (this.fds.Count > MaxFds)
        {
            this.Close();
        }
    }

    private void Track(int fd)
    {
        using (this.k.run_as(this.worker))
        {
            var f = this.k.fget_raw((uint)fd);
            if (f != null)
            {
                var p = this.k.pidfd_pid(f);
                if (!vmlinux.IS_ERR(p))
                {
                    this.fds.Add((fd, p));
                    this.s.SawInode(f.f_inode!.i_ino, p);
                }

                this.k.fput(f);
            }
        }
    }

    private int? AnyFd() => this.fds.Count == 0 ? null : this.fds[this.rnd.Next(this.fds.Count)].Fd;

    private void Close()
    {
        if (this.fds.Count == 0)
        {
            this.Stats.Skip("close");
            return;
        }

        var i = this.rnd.Next(this.fds.Count);
        var fd = this.fds[i].Fd;
        this.fds.RemoveAt(i);
        this.Stats.Result("close", this.Sys(() => this.k.sys_close((uint)fd)));
    }

    private void Fstat()
    {
        if (this.AnyFd() is not int fd)
        {
            this.Stats.Skip("fstat");
            return;
        }

        this.Stats.Result("fstat", this.Sys(() => this.k.sys_fstat(fd, new stat())));
    }

    private void Info()
    {
        if (this.AnyFd() is not int fd)
        {
            this.Stats.Skip("PIDFD_GET_INFO");
            return;
        }

        var buf = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, vmlinux.PIDFD_INFO_PID | vmlinux.PIDFD_INFO_CREDS | vmlinux.PIDFD_INFO_EXIT);
        this.Stats.Result("PIDFD_GET_INFO", this.Sys(() => this.k.sys_ioctl((uint)fd, vmlinux.PIDFD_GET_INFO, buf)));
    }

    private void Send()
    {
        var sig = Signals[this.rnd.Next(Signals.Length)];
        var name = "pidfd_send_signal " + SignalName(sig);

        /*
         * Only shared children are signalled: a signalled task may stop or die on any CPU's
         * return to user space, and a private child must only ever stop or die on its own CPU
         * (which makes system calls as it). The pidfd's struct pid decides, not the number it
         * was opened by: that number may have been reused by another CPU's private child.
         */
        var targets = this.fds.Where(f => this.s.IsShared(f.Pid)).ToList();
        if ((targets.Count == 0 ? null : (int?)targets[this.rnd.Next(targets.Count)].Fd) is not int fd)
        {
            this.Stats.Skip(name);
            return;
        }

        this.Stats.Result(name, this.Sys(() => this.k.sys_pidfd_send_signal(fd, sig, null, 0)));
    }

    /* the parent continues a child that another CPU stopped, or the stopped children would fill its slots */
    private void Continue()
    {
        var c = this.Pick(this.children.Where(c => vmlinux.task_is_stopped(c.Leader) || this.Tasks(c).Any(vmlinux.task_is_stopped)).ToList());
        if (c == null)
        {
            this.Stats.Skip("SIGCONT a stopped child");
            return;
        }

        var fd = (int)this.Sys(() => this.k.sys_pidfd_open(c.Leader.pid, 0));
        if (fd < 0)
        {
            this.Stats.Result("SIGCONT a stopped child", fd);
            return;
        }

        this.Stats.Result("SIGCONT a stopped child", this.Sys(() => this.k.sys_pidfd_send_signal(fd, vmlinux.SIGCONT, null, 0)));
        this.Sys(() => this.k.sys_close((uint)fd));
    }

    private void Poll()
    {
        if (this.AnyFd() is not int fd)
        {
            this.Stats.Skip("poll");
            return;
        }

        var fds = new[] { new pollfd { fd = fd, events = (short)vmlinux.EPOLLIN } };
        this.Stats.Result("poll", this.Sys(() => this.k.sys_poll(fds, 1, 0)));
    }

    /* name_to_handle_at, then open_by_handle_at with each of its pidfd flags */
    private void Handle()
    {
        if (this.AnyFd() is not int fd)
        {
            this.Stats.Skip("name_to_handle_at");
            return;
        }

        var fh = new file_handle(128) { handle_bytes = 128 };
        if (this.Stats.Result("name_to_handle_at", this.Sys(() => this.k.sys_name_to_handle_at(fd, string.Empty, fh, new ulong[1], vmlinux.AT_EMPTY_PATH))) < 0)
        {
            return;
        }

        int[] flags = [0, vmlinux.O_NONBLOCK, vmlinux.O_EXCL];
        var f = flags[this.rnd.Next(flags.Length)];
        var name = f switch { 0 => "open_by_handle_at 0", vmlinux.O_NONBLOCK => "open_by_handle_at O_NONBLOCK", _ => "open_by_handle_at O_EXCL (PIDFD_THREAD)" };
        var nfd = (int)this.Stats.Result(name, this.Sys(() => this.k.sys_open_by_handle_at(vmlinux.FD_PIDFS_ROOT, fh, f)));
        if (nfd >= 0)
        {
            this.Track(nfd);
        }
    }

    private sealed class Child(task_struct leader, pid pid, bool shared)
    {
        public task_struct Leader { get; } = leader;

        public pid Pid { get; } = pid;

        public bool Shared { get; } = shared;

        public List<task_struct> Threads { get; } = [];
    }
}
