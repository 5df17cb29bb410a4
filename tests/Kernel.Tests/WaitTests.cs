// SPDX-License-Identifier: GPL-2.0-only

using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>wait4 and waitid: argument checks, WNOHANG, WNOWAIT, ECHILD, and the siginfo.</summary>
public sealed class WaitTests : KernelTest
{
    /// <summary>Bad options and ids are EINVAL, as on the host.</summary>
    [Fact]
    public void BadArgumentsAreEinval()
    {
        var info = new siginfo_t();
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, 1, info, 0)));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, 1, info, 0x10 | vmlinux.WEXITED)));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, 0, info, vmlinux.WEXITED)));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_waitid(7, 1, info, vmlinux.WEXITED)));
        Assert.Equal(-errno.ESRCH, this.Sys(this.Shell, k => k.kernel_wait4(int.MinValue, null, 0, null)));
    }

    /// <summary>Not our child, or no such pid: ECHILD.</summary>
    [Fact]
    public void NotAChildIsEchild()
    {
        var info = new siginfo_t();
        Assert.Equal(-errno.ECHILD, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, 1, info, vmlinux.WEXITED)));
        Assert.Equal(-errno.ECHILD, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, 9999, info, vmlinux.WEXITED)));
        Assert.Equal(-errno.ECHILD, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_ALL, 0, info, vmlinux.WEXITED)));
    }

    /// <summary>A live child with WNOHANG gives 0 and an all-zero siginfo.</summary>
    [Fact]
    public void LiveChildWithWnohang()
    {
        var c = this.Fork(this.Shell, "c");
        var info = new siginfo_t { si_pid = -1 };
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, c.pid, info, vmlinux.WEXITED | vmlinux.WNOHANG)));
        Assert.Equal(0, info.si_pid);
        Assert.Equal(0, info.si_signo);
    }

    /// <summary>WNOWAIT reports without reaping; the next wait reaps. CLD_EXITED carries the status, CLD_KILLED the signal.</summary>
    [Fact]
    public void WnowaitThenReap()
    {
        var c = this.Fork(this.Shell, "c");
        this.Exit(c, 7);
        var info = new siginfo_t();
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, c.pid, info, vmlinux.WEXITED | vmlinux.WNOWAIT)));
        Assert.Equal((vmlinux.SIGCHLD, vmlinux.CLD_EXITED, 7, c.pid), (info.si_signo, info.si_code, info.si_status, info.si_pid));
        Assert.Equal(vmlinux.EXIT_ZOMBIE, c.exit_state);
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_ALL, 0, info, vmlinux.WEXITED)));
        Assert.Equal(vmlinux.EXIT_DEAD, c.exit_state);
        Assert.Equal(-errno.ECHILD, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, c.pid, info, vmlinux.WEXITED)));

        var killed = this.Fork(this.Shell, "killed");
        this.Sys(this.Shell, k => k.group_send_sig_info(vmlinux.SIGKILL, in vmlinux.SEND_SIG_PRIV, killed, pid_type.PIDTYPE_TGID));
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PID, killed.pid, info, vmlinux.WEXITED)));
        Assert.Equal((vmlinux.CLD_KILLED, vmlinux.SIGKILL), (info.si_code, info.si_status));
    }

    /// <summary>
    /// Sleeping on the only CPU with nothing runnable can never end: the model reports it as a BUG
    /// instead of hanging (a blocking wait for a live child that nobody kills ends here).
    /// </summary>
    [Fact]
    public void SleepWithNothingToRunIsReported()
    {
        this.Fork(this.Shell, "c");
        Assert.Throws<kernel_bug>(() => this.Sys(this.Shell, k =>
        {
            k.set_current_state(vmlinux.TASK_INTERRUPTIBLE);
            k.schedule();
            return 0;
        }));
        Assert.Contains(this.K.clear_warnings(), w => w.Contains("blocked forever", System.StringComparison.Ordinal));
    }

    /// <summary>A blocking wait returns once the child is killed: the killed child runs (get_signal) while the parent sleeps.</summary>
    [Fact]
    public void BlockingWaitRunsTheDyingChild()
    {
        var c = this.Fork(this.Shell, "c");
        var status = new int[1];
        var ret = this.Sys(this.Shell, k =>
        {
            k.group_send_sig_info(vmlinux.SIGTERM, in vmlinux.SEND_SIG_PRIV, c, pid_type.PIDTYPE_TGID);
            return k.kernel_wait4(c.pid, status, 0, null);
        });
        Assert.Equal(c.pid, ret);
        Assert.Equal(vmlinux.SIGTERM, status[0]);
    }
}
