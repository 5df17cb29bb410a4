// SPDX-License-Identifier: GPL-2.0-only

using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>clone3 with set_tid: alloc_pid's checks of requested numbers.</summary>
public sealed class SetTidTests : KernelTest
{
    /// <summary>A free number is granted exactly.</summary>
    [Fact]
    public void RequestedNumberIsGranted()
    {
        var child = this.Clone3(this.Shell, new[] { 1000 });
        Assert.Equal(1000, child.pid);
    }

    /// <summary>A taken number is EEXIST; numbers outside [1, pid_max) are EINVAL; more numbers than levels is EINVAL.</summary>
    [Fact]
    public void BadRequestsAreRefused()
    {
        Assert.Equal(-errno.EEXIST, this.Clone3Err(this.Shell, new[] { this.Shell.pid }));
        Assert.Equal(-errno.EINVAL, this.Clone3Err(this.Shell, new[] { 0 }));
        Assert.Equal(-errno.EINVAL, this.Clone3Err(this.Shell, new[] { 32768 }));
        Assert.Equal(-errno.EINVAL, this.Clone3Err(this.Shell, new[] { 5000, 5000 }));
    }

    /// <summary>In a namespace without an init, only 1 may be requested.</summary>
    [Fact]
    public void OnlyPidOneWithoutAReaper()
    {
        var a = this.Fork(this.Shell, "a");
        Assert.Equal(0, this.Unshare(a));
        Assert.Equal(-errno.EINVAL, this.Clone3Err(a, new[] { 5, 2000 }));
        var init = this.Clone3(a, new[] { 1, 2000 });
        Assert.Equal(2000, init.pid);
        Assert.Equal(1, this.PidAsSeenBy(init, init));
    }

    /// <summary>Without CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE a requested number is EPERM.</summary>
    [Fact]
    public void UnprivilegedIsEperm()
    {
        var user = this.Fork(this.Shell, "user");
        user.cred.euid = 1000;
        user.cred.cap_effective = 0;
        Assert.Equal(-errno.EPERM, this.Clone3Err(user, new[] { 1000 }));
        user.cred.cap_effective = 1UL << vmlinux.CAP_CHECKPOINT_RESTORE;
        Assert.Equal(1000, this.Clone3(user, new[] { 1000 }).pid);
    }

    private task_struct Clone3(task_struct parent, int[] tids)
    {
        var t = this.K.clone(parent, new kernel_clone_args { exit_signal = vmlinux.SIGCHLD, set_tid = tids, set_tid_size = tids.Length, comm = "c" });
        Assert.False(vmlinux.IS_ERR(t), errno.errname(vmlinux.PTR_ERR(t)));
        return t;
    }

    private long Clone3Err(task_struct parent, int[] tids) =>
        vmlinux.PTR_ERR(this.K.clone(parent, new kernel_clone_args { exit_signal = vmlinux.SIGCHLD, set_tid = tids, set_tid_size = tids.Length, comm = "c" }));
}
