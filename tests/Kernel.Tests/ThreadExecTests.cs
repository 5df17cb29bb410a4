// SPDX-License-Identifier: GPL-2.0-only

using System.Linq;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// Thread-level exits (exit, not exit_group) in every order, and exec by a thread (de_thread),
/// with what process and thread pidfds see at each step: the selftests' thread_group,
/// thread_group_exec and thread_group_exec_thread cases (pidfd_info_test.c). Each test ends
/// with the teardown's leak check.
/// </summary>
public sealed class ThreadExecTests : PidfdTest
{
    private const int In = (int)(vmlinux.EPOLLIN | vmlinux.EPOLLRDNORM);
    private const int InHup = (int)(vmlinux.EPOLLIN | vmlinux.EPOLLRDNORM | vmlinux.EPOLLHUP);

    /// <summary>Gets every order of three threads (leader included) exiting one by one.</summary>
    public static TheoryData<string> Orders => new() { "LAB", "LBA", "ALB", "ABL", "BLA", "BAL" };

    /// <summary>
    /// Threads and leader exit alone, in the given order, each with its own code. Until the last
    /// one, the process is not reported (poll 0, waitid WNOHANG answers "nothing yet", not ECHILD);
    /// a non-leader is released at its exit (HUP, its own exit code); the leader is a zombie that
    /// is reaped with the code of the last thread to exit (synchronize_group_exit), and a thread
    /// pidfd of the leader sees the same delay as the process pidfd.
    /// </summary>
    /// <param name="order">L = leader, A and B = threads, in exit order.</param>
    [Theory]
    [MemberData(nameof(Orders))]
    public void ThreadsExitAloneInAnyOrder(string order)
    {
        var p = this.Fork(this.Shell, "p");
        var tasks = new System.Collections.Generic.Dictionary<char, task_struct>
        {
            ['L'] = p,
            ['A'] = this.K.spawn_thread(p, "a"),
            ['B'] = this.K.spawn_thread(p, "b"),
        };
        var codes = new System.Collections.Generic.Dictionary<char, int> { ['L'] = 1, ['A'] = 2, ['B'] = 3 };
        var group = this.Open(this.Shell, p);
        var fds = tasks.ToDictionary(e => e.Key, e => this.Open(this.Shell, e.Value, vmlinux.PIDFD_THREAD));

        for (var i = 0; i < order.Length; i++)
        {
            var who = order[i];
            this.Sys(tasks[who], k => k.sys_exit(codes[who]));
            var last = i == order.Length - 1;

            Assert.Equal(last ? In : 0, this.Poll(this.Shell, group));
            Assert.Equal(last || who != 'L' ? (who == 'L' ? In : InHup) : 0, this.Poll(this.Shell, fds[who]));
            if (who != 'L')
            {
                Assert.Equal(vmlinux.EXIT_DEAD, tasks[who].exit_state);
                var (r, info) = this.Info(this.Shell, fds[who], vmlinux.PIDFD_INFO_EXIT);
                Assert.Equal(0, r);
                Assert.Equal(vmlinux.PIDFD_INFO_EXIT, info.mask & (vmlinux.PIDFD_INFO_EXIT | vmlinux.PIDFD_INFO_CREDS));
                Assert.Equal(codes[who] << 8, info.exit_code);
            }

            if (!last)
            {
                var si = new siginfo_t();
                Assert.Equal(0, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PIDFD, group, si, vmlinux.WEXITED | vmlinux.WNOHANG)));
                Assert.Equal(0, si.si_pid);
            }
        }

        Assert.Equal(vmlinux.EXIT_ZOMBIE, p.exit_state);
        Assert.Equal(In, this.Poll(this.Shell, fds['L']));
        Assert.Equal(codes[order[^1]] << 8, this.Reap(p));
        Assert.Equal(InHup, this.Poll(this.Shell, group));
        foreach (var fd in new[] { group, fds['L'] })
        {
            var (r, info) = this.Info(this.Shell, fd, vmlinux.PIDFD_INFO_EXIT);
            Assert.Equal(0, r);
            Assert.Equal(codes[order[^1]] << 8, info.exit_code);
        }
    }

    /// <summary>
    /// thread_group: the leader exits alone (exit 0) while T lives. Its pidfds see nothing; T
    /// still needs PIDFD_THREAD; SIGKILL ends the group, and the leader's exit info is the
    /// group's SIGKILL, not its own exit(0) (6.15 reported exited(0); 6.18 and 6.19 agree on SIGKILL).
    /// </summary>
    [Fact]
    public void LeaderExitAloneThenGroupKill()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        var leaderThread = this.Open(this.Shell, p, vmlinux.PIDFD_THREAD);
        this.Sys(p, k => k.sys_exit(0));
        Assert.Equal(0, this.Poll(this.Shell, leaderThread));
        Assert.Equal(-errno.ENOENT, this.Open(this.Shell, t));
        var tfd = this.Open(this.Shell, t, vmlinux.PIDFD_THREAD);
        var group = this.Open(this.Shell, p);

        var (r, info) = this.Info(this.Shell, group, vmlinux.PIDFD_INFO_EXIT);
        Assert.Equal(0, r);
        Assert.Equal(vmlinux.PIDFD_INFO_CREDS, info.mask & (vmlinux.PIDFD_INFO_EXIT | vmlinux.PIDFD_INFO_CREDS));
        Assert.Equal((uint)p.pid, info.pid);

        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(group, vmlinux.SIGKILL, null, 0)));
        var si = new siginfo_t();
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PIDFD, group, si, vmlinux.WEXITED)));
        Assert.Equal(vmlinux.CLD_KILLED, si.si_code);
        Assert.Equal(InHup, this.Poll(this.Shell, leaderThread));
        foreach (var fd in new[] { group, leaderThread, tfd })
        {
            (r, info) = this.Info(this.Shell, fd, vmlinux.PIDFD_INFO_EXIT);
            Assert.Equal(0, r);
            Assert.Equal(vmlinux.PIDFD_INFO_EXIT, info.mask & (vmlinux.PIDFD_INFO_EXIT | vmlinux.PIDFD_INFO_CREDS));
            Assert.Equal(vmlinux.SIGKILL, info.exit_code);
        }
    }

    /// <summary>
    /// thread_group_exec: the leader exited alone, then T execs. T takes the leader's pid and
    /// place; the old leader is released under T's old pid, which T's thread pidfd sees as a
    /// clean exit (exited(0)). The process pidfd and the leader's thread pidfd see no event and
    /// still name the leader's pid, now T.
    /// </summary>
    [Fact]
    public void NonLeaderExecAfterLeaderExited()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        var pnr = p.pid;
        var leaderThread = this.Open(this.Shell, p, vmlinux.PIDFD_THREAD);
        var group = this.Open(this.Shell, p);
        this.Sys(p, k => k.sys_exit(0));
        var tfd = this.Open(this.Shell, t, vmlinux.PIDFD_THREAD);

        Assert.Equal(0, this.Sys(t, k => k.sys_execve("/usr/bin/pidfd_exec_helper")));
        this.AssertExecTookOver(p, t, pnr);
        Assert.Equal(0, this.Poll(this.Shell, leaderThread));
        Assert.Equal(0, this.Poll(this.Shell, group));
        this.AssertReleasedCleanly(tfd);
        this.AssertLeaderKilledLater(t, group, leaderThread);
    }

    /// <summary>
    /// thread_group_exec_thread: the leader is alive (and a third thread too) when T execs.
    /// de_thread kills both, waits for them, and T takes the leader's pid; the leader's pidfds
    /// see no exit; the killed thread's pidfd sees a clean exit.
    /// </summary>
    [Fact]
    public void NonLeaderExecKillsLiveLeaderAndThreads()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        var u = this.K.spawn_thread(p, "u");
        var pnr = p.pid;
        var leaderThread = this.Open(this.Shell, p, vmlinux.PIDFD_THREAD);
        var group = this.Open(this.Shell, p);
        var tfd = this.Open(this.Shell, t, vmlinux.PIDFD_THREAD);
        var ufd = this.Open(this.Shell, u, vmlinux.PIDFD_THREAD);

        Assert.Equal(0, this.Sys(t, k => k.sys_execve("pidfd_exec_helper")));
        Assert.Equal(vmlinux.EXIT_DEAD, u.exit_state);
        this.AssertExecTookOver(p, t, pnr);
        Assert.Equal(0, this.Poll(this.Shell, leaderThread));
        Assert.Equal(0, this.Poll(this.Shell, group));
        this.AssertReleasedCleanly(tfd);
        this.AssertReleasedCleanly(ufd);
        this.AssertLeaderKilledLater(t, group, leaderThread);
    }

    /// <summary>The leader execs: the other threads die with exit code 0 and the leader keeps its pid and its children's view.</summary>
    [Fact]
    public void LeaderExecKillsThreads()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        var pnr = p.pid;
        var tfd = this.Open(this.Shell, t, vmlinux.PIDFD_THREAD);
        var group = this.Open(this.Shell, p);

        Assert.Equal(0, this.Sys(p, k => k.sys_execve("/bin/true")));
        Assert.Equal(pnr, p.pid);
        Assert.True(vmlinux.thread_group_empty(p));
        Assert.Equal("true", p.comm);
        Assert.Null(p.signal.group_exec_task);
        Assert.Equal(0, this.Poll(this.Shell, group));
        this.AssertReleasedCleanly(tfd);

        this.Exit(p, 4);
        Assert.Equal(4 << 8, this.Reap(p));
    }

    /// <summary>A single-threaded exec: close-on-exec descriptors are closed, others stay; caught signals go back to the default.</summary>
    [Fact]
    public void ExecClosesCloexecAndResetsHandlers()
    {
        var p = this.Fork(this.Shell, "p");
        var q = this.Fork(this.Shell, "q");
        var cloexec = this.Open(p, q);
        var kept = (int)this.Sys(p, k => k.sys_pidfd_open(q.pid, 0));
        this.Sys(p, k =>
        {
            k.set_close_on_exec((uint)kept, false);
            return 0;
        });
        p.sighand!.action[vmlinux.SIGUSR1 - 1].sa_handler = vmlinux.SIG_HANDLER;
        p.sighand.action[vmlinux.SIGUSR2 - 1].sa_handler = vmlinux.SIG_IGN;

        Assert.Equal(0, this.Sys(p, k => k.sys_execve("a-program-with-a-long-name")));
        Assert.Equal("a-program-with-", p.comm);
        Assert.Equal(-errno.EBADF, this.Close(p, cloexec));
        Assert.Equal(0, this.Close(p, kept));
        Assert.Equal(vmlinux.SIG_DFL, p.sighand.action[vmlinux.SIGUSR1 - 1].sa_handler);
        Assert.Equal(vmlinux.SIG_IGN, p.sighand.action[vmlinux.SIGUSR2 - 1].sa_handler);
    }

    /// <summary>
    /// A real-thread exec: thread U sleeps in wait4 on another CPU when T execs. de_thread's SIGKILL
    /// wakes U, U leaves its wait and exits on its way back to user space, and its __exit_signal
    /// wakes T, which sleeps in de_thread meanwhile; U's child is handed to T (find_alive_thread).
    /// </summary>
    [Fact]
    public void ExecWakesAndWaitsForAThreadSleepingOnAnotherCpu()
    {
        var stuck = System.TimeSpan.FromSeconds(60); /* a safety net; no result depends on it */
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        var u = this.K.spawn_thread(p, "u");
        var c = this.Fork(u, "c");
        var pnr = p.pid;
        long waitResult = 0;
        System.Exception? waiterFailed = null;
        var waiter = CpuThread(() => waitResult = this.Sys(u, k => k.kernel_wait4(-1, null, 0, null)), e => waiterFailed = e);
        waiter.Start();
        Assert.True(System.Threading.SpinWait.SpinUntil(() => System.Threading.Volatile.Read(ref u.__state) == vmlinux.TASK_INTERRUPTIBLE, stuck), "u never slept in wait4");

        Assert.Equal(0, this.Sys(t, k => k.sys_execve("pidfd_exec_helper")));
        Assert.True(waiter.Join(stuck), "u's wait4 never returned");
        Assert.Null(waiterFailed);
        Assert.Equal(-errno.ERESTARTSYS, waitResult);
        Assert.Equal(vmlinux.EXIT_DEAD, u.exit_state);
        this.AssertExecTookOver(p, t, pnr);
        Assert.Same(t, c.real_parent);

        this.Exit(c, 1);
        Assert.Equal(1 << 8, this.Reap(c));
        this.Exit(t, 2);
        Assert.Equal(2 << 8, this.Reap(t));
    }

    /// <summary>
    /// de_thread's first -EAGAIN: a group exit is under way (here a SIGKILL to the process that
    /// reached the group in the same system call, before the exec; on a real machine another CPU's).
    /// The exec returns -EAGAIN without killing anything itself, and since the caller is dying
    /// already it gets no SIGSEGV (bprm_execve): the process dies of the SIGKILL.
    /// </summary>
    [Fact]
    public void ExecDuringAGroupExitIsEagain()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        long exec = 0;
        this.Sys(t, k =>
        {
            Assert.Equal(0, k.kill_pid_info_type(vmlinux.SIGKILL, in vmlinux.SEND_SIG_PRIV, vmlinux.task_pid(p)!, pid_type.PIDTYPE_TGID));
            exec = k.sys_execve("/bin/true");
            return 0;
        });

        Assert.Equal(-errno.EAGAIN, exec);
        Assert.Equal("t", t.comm);
        Assert.Null(p.signal.group_exec_task);
        Assert.Equal(vmlinux.EXIT_DEAD, t.exit_state);
        Assert.Equal(vmlinux.SIGKILL, this.Reap(p) & 0x7f);
    }

    /// <summary>
    /// de_thread's other -EAGAIN (killed:): T execs while thread U is inside a system call on
    /// another CPU, so T sleeps until U has exited; a SIGKILL to the process wakes T first. T
    /// gives up the exec (group_exec_task and notify_count cleared, -EAGAIN) and dies with the
    /// rest of the group once U leaves its call.
    /// </summary>
    [Fact]
    public void ExecKilledWhileWaitingForTheOtherThreadsIsEagain()
    {
        var stuck = System.TimeSpan.FromSeconds(60); /* a safety net; no result depends on it */
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        var u = this.K.spawn_thread(p, "u");
        using var inside = new System.Threading.ManualResetEventSlim();
        using var leave = new System.Threading.ManualResetEventSlim();
        long exec = 0;
        System.Exception? failed = null;
        var uCpu = CpuThread(
            () => this.Sys(u, k =>
            {
                inside.Set();
                leave.Wait(stuck);
                return 0;
            }),
            e => failed = e);
        var tCpu = CpuThread(() => exec = this.Sys(t, k => k.sys_execve("/bin/true")), e => failed = e);
        uCpu.Start();
        Assert.True(inside.Wait(stuck), "u never entered its system call");
        tCpu.Start();
        Assert.True(System.Threading.SpinWait.SpinUntil(() => System.Threading.Volatile.Read(ref t.__state) == vmlinux.TASK_KILLABLE, stuck), "t never waited in de_thread");
        Assert.Same(t, p.signal.group_exec_task);

        var pid = vmlinux.task_pid(p)!;
        Assert.Equal(0, this.Sys(this.Shell, k => k.kill_pid_info_type(vmlinux.SIGKILL, in vmlinux.SEND_SIG_PRIV, pid, pid_type.PIDTYPE_TGID)));
        Assert.True(tCpu.Join(stuck), "t's exec never returned");
        Assert.Equal(-errno.EAGAIN, exec);
        Assert.Null(p.signal.group_exec_task);
        Assert.Equal(0, p.signal.notify_count);

        leave.Set();
        Assert.True(uCpu.Join(stuck), "u's system call never returned");
        Assert.Null(failed);
        Assert.Equal("t", t.comm);
        Assert.Equal(vmlinux.SIGKILL, this.Reap(p) & 0x7f);
    }

    /* after a non-leader exec: t is the leader with the old leader's pid and place, the old leader is gone */
    private void AssertExecTookOver(task_struct oldLeader, task_struct t, int pnr)
    {
        Assert.Equal(pnr, t.pid);
        Assert.Equal(pnr, t.tgid);
        Assert.Same(t, t.group_leader);
        Assert.True(vmlinux.thread_group_leader(t));
        Assert.True(vmlinux.thread_group_empty(t));
        Assert.Equal(vmlinux.SIGCHLD, t.exit_signal);
        Assert.Equal(vmlinux.EXIT_DEAD, oldLeader.exit_state);
        Assert.Same(this.Shell, t.real_parent);
        Assert.Contains(t, vmlinux.list_entries<task_struct>(this.Shell.children));
        Assert.DoesNotContain(oldLeader, vmlinux.list_entries<task_struct>(this.Shell.children));
        using (this.K.guard_rcu())
        {
            var pid = vmlinux.task_pid(t)!;
            Assert.Same(t, this.K.pid_task(pid, pid_type.PIDTYPE_PID));
            Assert.Same(t, this.K.pid_task(pid, pid_type.PIDTYPE_TGID));
            var pgrp = vmlinux.hlist_entries<task_struct>(vmlinux.task_pgrp(t)!.tasks[(int)pid_type.PIDTYPE_PGID]).ToList();
            Assert.Contains(t, pgrp);
            Assert.DoesNotContain(oldLeader, pgrp);
        }

        Assert.Null(t.signal.group_exec_task);
        Assert.Equal(0, t.signal.notify_count);
    }

    /* a thread killed or replaced by de_thread: released at once, and its exit reads as exited(0) */
    private void AssertReleasedCleanly(int fd)
    {
        Assert.Equal(InHup, this.Poll(this.Shell, fd));
        var (r, info) = this.Info(this.Shell, fd, vmlinux.PIDFD_INFO_EXIT);
        Assert.Equal(0, r);
        Assert.Equal(vmlinux.PIDFD_INFO_EXIT, info.mask & (vmlinux.PIDFD_INFO_EXIT | vmlinux.PIDFD_INFO_CREDS));
        Assert.Equal(0, info.exit_code);
    }

    /* the exec'd process lives on under the leader's pid: GET_INFO, then SIGKILL, a zombie, waitid, exit info */
    private void AssertLeaderKilledLater(task_struct t, int group, int leaderThread)
    {
        var (r, info) = this.Info(this.Shell, group, vmlinux.PIDFD_INFO_EXIT);
        Assert.Equal(0, r);
        Assert.Equal(vmlinux.PIDFD_INFO_CREDS, info.mask & (vmlinux.PIDFD_INFO_EXIT | vmlinux.PIDFD_INFO_CREDS));
        Assert.Equal((uint)t.pid, info.pid);

        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(group, vmlinux.SIGKILL, null, 0)));
        Assert.Equal(In, this.Poll(this.Shell, leaderThread));
        var si = new siginfo_t();
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PIDFD, group, si, vmlinux.WEXITED)));
        Assert.Equal(vmlinux.CLD_KILLED, si.si_code);
        (r, info) = this.Info(this.Shell, leaderThread, vmlinux.PIDFD_INFO_EXIT);
        Assert.Equal(0, r);
        Assert.Equal(vmlinux.SIGKILL, info.exit_code);
    }
}
