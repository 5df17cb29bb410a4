// SPDX-License-Identifier: GPL-2.0-only

using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Boot and the first fork/exit/reap.</summary>
public sealed class BootTests : KernelTest
{
    /// <summary>init is pid 1 and kthreadd pid 2, with pidfs inode numbers 2 and 3, as on the host.</summary>
    [Fact]
    public void InitAndKthreaddGetTheFirstPidsAndInodes()
    {
        Assert.Equal(1, this.K.init_process.pid);
        Assert.Equal(2, this.K.kthreadd_task.pid);
        Assert.Equal(2UL, vmlinux.task_pid(this.K.init_process)!.ino);
        Assert.Equal(3UL, vmlinux.task_pid(this.K.kthreadd_task)!.ino);
        Assert.Equal(3, this.Shell.pid);
        Assert.Equal(32768, this.K.init_pid_ns.pid_max);
    }

    /// <summary>A child that exits is a zombie until its parent reaps it; then its pid is gone.</summary>
    [Fact]
    public void ForkExitReap()
    {
        var child = this.Fork(this.Shell, "child");
        var nr = child.pid;
        this.Exit(child, 7);
        Assert.Equal(vmlinux.EXIT_ZOMBIE, child.exit_state);
        Assert.Equal(0x700, this.Reap(child));
        using (this.K.guard_rcu())
        {
            Assert.Null(vmlinux.find_pid_ns(nr, this.K.init_pid_ns));
        }
    }
}
