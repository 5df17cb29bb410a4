// SPDX-License-Identifier: GPL-2.0-only

using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Thread groups: own pids, shared tgid, autoreaped threads, delayed leaders.</summary>
public sealed class ThreadGroupTests : KernelTest
{
    /// <summary>A thread has its own pid and the leader's tgid; its exit releases it at once.</summary>
    [Fact]
    public void ThreadExitIsAutoreaped()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        Assert.NotEqual(p.pid, t.pid);
        Assert.Equal(p.pid, t.tgid);
        Assert.Equal(p, t.group_leader);
        var nr = t.pid;

        this.Sys(t, k => k.sys_exit(0));
        Assert.Equal(vmlinux.EXIT_DEAD, t.exit_state);
        using (this.K.guard_rcu())
        {
            Assert.Null(vmlinux.find_pid_ns(nr, this.K.init_pid_ns));
        }
    }

    /// <summary>
    /// A leader that exits while a thread lives is a zombie that cannot be reaped until the thread
    /// is gone; the last thread's exit becomes the group's code (synchronize_group_exit).
    /// </summary>
    [Fact]
    public void LeaderIsDelayedUntilTheLastThread()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        this.Sys(p, k => k.sys_exit(3));
        Assert.Equal(vmlinux.EXIT_ZOMBIE, p.exit_state);
        Assert.True(vmlinux.delay_group_leader(p));
        Assert.Equal(0, this.Sys(this.Shell, k => k.kernel_wait4(p.pid, null, vmlinux.WNOHANG, null)));

        this.Sys(t, k => k.sys_exit(5));
        Assert.Equal(0x500, this.Reap(p));
    }

    /// <summary>exit_group takes every thread down, and the group's code is what wait reports.</summary>
    [Fact]
    public void ExitGroupKillsAllThreads()
    {
        var p = this.Fork(this.Shell, "p");
        var t1 = this.K.spawn_thread(p, "t1");
        var t2 = this.K.spawn_thread(p, "t2");
        this.Sys(t1, k => k.sys_exit_group(9));
        Assert.Equal(vmlinux.EXIT_DEAD, t1.exit_state);
        Assert.Equal(vmlinux.EXIT_DEAD, t2.exit_state);
        Assert.Equal(vmlinux.EXIT_ZOMBIE, p.exit_state);
        Assert.Equal(0x900, this.Reap(p));
    }

    /// <summary>SIGKILL to a process whose leader already exited reports the signal for the group.</summary>
    [Fact]
    public void SigkillAfterLeaderExitReportsTheSignal()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        this.Sys(p, k => k.sys_exit(0));
        this.Sys(this.Shell, k => k.group_send_sig_info(vmlinux.SIGKILL, in vmlinux.SEND_SIG_PRIV, t, pid_type.PIDTYPE_TGID));
        Assert.Equal(vmlinux.EXIT_DEAD, t.exit_state);
        Assert.Equal(vmlinux.SIGKILL, this.Reap(p));
    }
}
