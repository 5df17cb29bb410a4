// SPDX-License-Identifier: GPL-2.0-only

using System.Threading.Tasks;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// The state after each seed scenario of pidfs: struct pids with their inode number and
/// attribute state, the stashed dentry and inode with their counts, the inode tree, and each
/// task's fd table.
/// </summary>
public sealed class PidfsSnapshotTests : PidfdTest
{
    /// <summary>Seeds 000/001: two pidfds of one process share one dentry and inode; another process has its own.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public Task TwoPidfdsOneInode()
    {
        var p = this.Fork(this.Shell, "p");
        var q = this.Fork(this.Shell, "q");
        this.Open(this.Shell, p);
        this.Open(this.Shell, p, vmlinux.PIDFD_NONBLOCK);
        this.Open(this.Shell, q, vmlinux.PIDFD_THREAD);
        return Verifier.Verify(this.K.kstate());
    }

    /// <summary>Seed 002: a reaped process's pid is gone from the tree; its open pidfd keeps the struct pid (and the exit information).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public Task ReapedWithPidfdOpen()
    {
        var p = this.Fork(this.Shell, "p");
        this.Open(this.Shell, p);
        var q = this.Fork(this.Shell, "q");
        this.Exit(p, 3);
        this.Reap(p);
        this.Exit(q, 4);
        this.Reap(q);
        return Verifier.Verify(this.K.kstate());
    }

    /// <summary>"pidfs: persist information": every pidfd closed before the exit; the attributes stay on the zombie's pid without any dentry.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public Task ZombieWithoutPidfd()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        this.Sys(this.Shell, k => k.sys_fsetxattr(a, "trusted.note", "x"u8.ToArray(), 1, 0));
        this.Close(this.Shell, a);
        this.Exit(p, 9);
        return Verifier.Verify(this.K.kstate());
    }

    /// <summary>Seed 004: a pidfd from a file handle and one from CLONE_PIDFD share the inode of pidfd_open's.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public Task HandleAndClonePidfd()
    {
        var box = new int[1];
        var c = this.K.clone(this.Shell, new kernel_clone_args { flags = vmlinux.CLONE_PIDFD, pidfd = box, exit_signal = vmlinux.SIGCHLD, comm = "c" });
        Assert.False(vmlinux.IS_ERR(c));
        var a = this.Open(this.Shell, c);
        var (_, fh) = this.Handle(this.Shell, a);
        this.OpenByHandle(this.Shell, vmlinux.FD_PIDFS_ROOT, fh, vmlinux.O_CLOEXEC);
        Assert.Equal(this.Stat(this.Shell, box[0]).st_ino, this.Stat(this.Shell, a).st_ino);
        return Verifier.Verify(this.K.kstate());
    }
}
