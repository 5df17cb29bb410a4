// SPDX-License-Identifier: GPL-2.0-only

using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// Job control (kernel/signal.c, kernel/exit.c): stop signals stop the whole group, SIGCONT
/// continues it, the parent learns both through waitid(WSTOPPED/WCONTINUED) and wait4(WUNTRACED),
/// WNOWAIT leaves the report in place. Expectations as on this machine's kernel (selftest wait_states).
/// </summary>
public class JobControlTests : PidfdTest
{
    /// <summary>SIGSTOP, WSTOPPED (once), SIGCONT, WCONTINUED (once), SIGKILL, WEXITED: the selftest's wait_states.</summary>
    [Fact]
    public void StopContinueKill()
    {
        var c = this.Fork(this.Shell, "c");
        var fd = this.Open(this.Shell, c);

        Assert.Equal(0, this.Send(fd, vmlinux.SIGSTOP));
        Assert.True(vmlinux.task_is_stopped(c));
        Assert.Equal(vmlinux.TASK_STOPPED, c.__state);
        Assert.Equal((vmlinux.CLD_STOPPED, vmlinux.SIGSTOP), this.Wait(c, vmlinux.WSTOPPED | vmlinux.WNOHANG));
        Assert.Equal((0, 0), this.Wait(c, vmlinux.WSTOPPED | vmlinux.WNOHANG));
        Assert.Equal(0, this.Poll(this.Shell, fd));

        Assert.Equal(0, this.Send(fd, vmlinux.SIGCONT));
        Assert.False(vmlinux.task_is_stopped(c));
        Assert.Equal(vmlinux.TASK_RUNNING, c.__state);
        Assert.Equal((vmlinux.CLD_CONTINUED, vmlinux.SIGCONT), this.Wait(c, vmlinux.WCONTINUED | vmlinux.WNOHANG));
        Assert.Equal((0, 0), this.Wait(c, vmlinux.WCONTINUED | vmlinux.WNOHANG));

        Assert.Equal(0, this.Send(fd, vmlinux.SIGSTOP));
        Assert.Equal(0, this.Send(fd, vmlinux.SIGKILL));
        Assert.Equal((vmlinux.CLD_KILLED, vmlinux.SIGKILL), this.Wait(c, vmlinux.WEXITED));
        this.Close(this.Shell, fd);
    }

    /// <summary>WNOWAIT reports the stop and the continue without consuming them.</summary>
    [Fact]
    public void WnowaitKeepsTheReport()
    {
        var c = this.Fork(this.Shell, "c");
        var fd = this.Open(this.Shell, c);
        this.Send(fd, vmlinux.SIGSTOP);
        Assert.Equal((vmlinux.CLD_STOPPED, vmlinux.SIGSTOP), this.Wait(c, vmlinux.WSTOPPED | vmlinux.WNOWAIT | vmlinux.WNOHANG));
        Assert.Equal((vmlinux.CLD_STOPPED, vmlinux.SIGSTOP), this.Wait(c, vmlinux.WSTOPPED | vmlinux.WNOHANG));
        this.Send(fd, vmlinux.SIGCONT);
        Assert.Equal((vmlinux.CLD_CONTINUED, vmlinux.SIGCONT), this.Wait(c, vmlinux.WCONTINUED | vmlinux.WNOWAIT | vmlinux.WNOHANG));
        Assert.Equal((vmlinux.CLD_CONTINUED, vmlinux.SIGCONT), this.Wait(c, vmlinux.WCONTINUED | vmlinux.WNOHANG));
        this.Close(this.Shell, fd);
    }

    /// <summary>SIGCONT to a process that never stopped returns 0 and reports nothing.</summary>
    [Fact]
    public void ContinueWithoutStop()
    {
        var c = this.Fork(this.Shell, "c");
        var fd = this.Open(this.Shell, c);
        Assert.Equal(0, this.Send(fd, vmlinux.SIGCONT));
        Assert.Equal((0, 0), this.Wait(c, vmlinux.WCONTINUED | vmlinux.WSTOPPED | vmlinux.WNOHANG));
        this.Close(this.Shell, fd);
    }

    /// <summary>A group stop stops every thread; the parent hears once, when the last thread stopped; SIGCONT wakes all.</summary>
    [Fact]
    public void GroupStopTakesEveryThread()
    {
        var c = this.Fork(this.Shell, "c");
        var t1 = this.K.spawn_thread(c, "t1");
        var t2 = this.K.spawn_thread(c, "t2");
        var fd = this.Open(this.Shell, c);

        this.Send(fd, vmlinux.SIGSTOP);
        Assert.All(new[] { c, t1, t2 }, t => Assert.True(vmlinux.task_is_stopped(t)));
        Assert.Equal(0, c.signal.group_stop_count);
        Assert.NotEqual(0u, c.signal.flags & vmlinux.SIGNAL_STOP_STOPPED);
        Assert.Equal((vmlinux.CLD_STOPPED, vmlinux.SIGSTOP), this.Wait(c, vmlinux.WSTOPPED | vmlinux.WNOHANG));

        this.Send(fd, vmlinux.SIGCONT);
        Assert.All(new[] { c, t1, t2 }, t => Assert.Equal(vmlinux.TASK_RUNNING, t.__state));
        Assert.Equal((vmlinux.CLD_CONTINUED, vmlinux.SIGCONT), this.Wait(c, vmlinux.WCONTINUED | vmlinux.WNOHANG));
        this.Close(this.Shell, fd);
    }

    /// <summary>wait4(WUNTRACED) gives the stop status (sig &lt;&lt; 8 | 0x7f) and WCONTINUED 0xffff.</summary>
    [Fact]
    public void Wait4Statuses()
    {
        var c = this.Fork(this.Shell, "c");
        var fd = this.Open(this.Shell, c);
        var status = new int[1];
        this.Send(fd, vmlinux.SIGSTOP);
        Assert.Equal(c.pid, this.Sys(this.Shell, k => k.kernel_wait4(c.pid, status, vmlinux.WUNTRACED, null)));
        Assert.Equal((vmlinux.SIGSTOP << 8) | 0x7f, status[0]);
        this.Send(fd, vmlinux.SIGCONT);
        Assert.Equal(c.pid, this.Sys(this.Shell, k => k.kernel_wait4(c.pid, status, vmlinux.WCONTINUED, null)));
        Assert.Equal(0xffff, status[0]);
        this.Close(this.Shell, fd);
    }

    /// <summary>
    /// A zombie leader whose thread lives: waitid(WSTOPPED|WNOHANG) returns 0 with nothing to report,
    /// not ECHILD (upstream clears notask_error for every non-ptrace waiter; checked on this machine).
    /// </summary>
    [Fact]
    public void ZombieLeaderWithThreadsIsWaitableForStops()
    {
        var c = this.Fork(this.Shell, "c");
        this.K.spawn_thread(c, "t");
        this.Sys(c, k => k.sys_exit(0));
        Assert.Equal(vmlinux.EXIT_ZOMBIE, c.exit_state);
        Assert.Equal((0, 0), this.Wait(c, vmlinux.WSTOPPED | vmlinux.WNOHANG));
    }

    private long Send(int fd, int sig) => this.Sys(this.Shell, k => k.sys_pidfd_send_signal(fd, sig, null, 0));

    private (int Code, int Status) Wait(task_struct c, int options)
    {
        var info = new siginfo_t();
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, c.pid, info, options)));
        return (info.si_code, info.si_status);
    }
}
