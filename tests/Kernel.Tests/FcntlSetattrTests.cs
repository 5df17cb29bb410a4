// SPDX-License-Identifier: GPL-2.0-only

// fs/fcntl.cs, fs/attr.cs and the fchmod/fchown part of fs/open.cs on
// pidfds, against the host's answers (host-kernel.md §1-§3) and the
// pidfd_setattr selftest (no_chown, no_chmod).
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>fcntl, fchmod and fchown on pidfds.</summary>
public sealed class FcntlSetattrTests : PidfdTest
{
    /// <summary>F_GETFL shows what pidfs keeps in f_flags (O_RDWR, O_NONBLOCK, PIDFD_THREAD); F_GETFD the close-on-exec bit.</summary>
    [Fact]
    public void GetflAndGetfdOfPidfds()
    {
        var p = this.Fork(this.Shell, "p");
        int Getfl(int fd) => (int)this.Sys(this.Shell, k => k.sys_fcntl((uint)fd, vmlinux.F_GETFL, 0));
        int Getfd(int fd) => (int)this.Sys(this.Shell, k => k.sys_fcntl((uint)fd, vmlinux.F_GETFD, 0));

        var plain = this.Open(this.Shell, p);
        Assert.Equal(0x2, Getfl(plain));
        Assert.Equal(vmlinux.FD_CLOEXEC, Getfd(plain));
        Assert.Equal(0x802, Getfl(this.Open(this.Shell, p, vmlinux.PIDFD_NONBLOCK)));
        Assert.Equal(0x82, Getfl(this.Open(this.Shell, p, vmlinux.PIDFD_THREAD)));
        Assert.Equal(0x882, Getfl(this.Open(this.Shell, p, vmlinux.PIDFD_THREAD | vmlinux.PIDFD_NONBLOCK)));

        /* open_by_handle_at: not close-on-exec unless asked, and then O_CLOEXEC shows in F_GETFL too */
        var (r, fh) = this.Handle(this.Shell, plain);
        Assert.Equal(0, r);
        var byHandle = this.OpenByHandle(this.Shell, vmlinux.FD_PIDFS_ROOT, fh);
        Assert.Equal(0x2, Getfl(byHandle));
        Assert.Equal(0, Getfd(byHandle));
        var cloexec = this.OpenByHandle(this.Shell, vmlinux.FD_PIDFS_ROOT, fh, vmlinux.O_CLOEXEC);
        Assert.Equal(0x80002, Getfl(cloexec));
        Assert.Equal(vmlinux.FD_CLOEXEC, Getfd(cloexec));

        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_fcntl(999, vmlinux.F_GETFL, 0)));
    }

    /// <summary>F_SETFL changes only SETFL_MASK bits (O_NONBLOCK yes, O_EXCL no), refuses O_DIRECT; F_SETFD clears close-on-exec; unknown commands are EINVAL.</summary>
    [Fact]
    public void SetflSetfdAndUnknownCommands()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p, vmlinux.PIDFD_THREAD);
        long Fcntl(uint cmd, ulong arg) => this.Sys(this.Shell, k => k.sys_fcntl((uint)a, cmd, arg));

        Assert.Equal(0, Fcntl(vmlinux.F_SETFL, vmlinux.O_NONBLOCK));
        Assert.Equal(0x882, Fcntl(vmlinux.F_GETFL, 0));
        Assert.Equal(0, Fcntl(vmlinux.F_SETFL, 0));
        Assert.Equal(0x82, Fcntl(vmlinux.F_GETFL, 0)); /* O_EXCL is not F_SETFL's to clear */
        Assert.Equal(-errno.EINVAL, Fcntl(vmlinux.F_SETFL, vmlinux.O_DIRECT));
        Assert.Equal(0x82, Fcntl(vmlinux.F_GETFL, 0));

        Assert.Equal(0, Fcntl(vmlinux.F_SETFD, 0));
        Assert.Equal(0, Fcntl(vmlinux.F_GETFD, 0));
        Assert.Equal(0, Fcntl(vmlinux.F_SETFD, vmlinux.FD_CLOEXEC));
        Assert.Equal(vmlinux.FD_CLOEXEC, Fcntl(vmlinux.F_GETFD, 0));

        Assert.Equal(-errno.EINVAL, Fcntl(9999, 0));
    }

    /// <summary>F_DUPFD finds the lowest free fd at or above its argument and shares the open file; F_DUPFD_QUERY tells the same file; beyond RLIMIT_NOFILE is EINVAL.</summary>
    [Fact]
    public void Dupfd()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        var b = this.Open(this.Shell, p);
        var dup = (int)this.Sys(this.Shell, k => k.sys_fcntl((uint)a, vmlinux.F_DUPFD, 10));
        Assert.Equal(10, dup);
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_fcntl((uint)dup, vmlinux.F_GETFD, 0)));
        var dupCloexec = (int)this.Sys(this.Shell, k => k.sys_fcntl((uint)a, vmlinux.F_DUPFD_CLOEXEC, 10));
        Assert.Equal(11, dupCloexec);
        Assert.Equal(vmlinux.FD_CLOEXEC, this.Sys(this.Shell, k => k.sys_fcntl((uint)dupCloexec, vmlinux.F_GETFD, 0)));

        Assert.Equal(1, this.Sys(this.Shell, k => k.sys_fcntl((uint)a, vmlinux.F_DUPFD_QUERY, (ulong)dup)));
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_fcntl((uint)a, vmlinux.F_DUPFD_QUERY, (ulong)b)));
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_fcntl((uint)a, vmlinux.F_DUPFD_QUERY, 999)));

        /* the flags are per open file: O_NONBLOCK set through the copy shows through the original */
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_fcntl((uint)dup, vmlinux.F_SETFL, vmlinux.O_NONBLOCK)));
        Assert.Equal(0x802, this.Sys(this.Shell, k => k.sys_fcntl((uint)a, vmlinux.F_GETFL, 0)));

        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_fcntl((uint)a, vmlinux.F_DUPFD, 1024 * 1024 * 1024)));
    }

    /// <summary>pidfd_setattr_test no_chmod/no_chown: every change is EOPNOTSUPP (even chown(-1, -1)), the mode and owner stay; a bad fd is EBADF.</summary>
    [Fact]
    public void ChmodAndChownAreRefused()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        var before = this.Stat(this.Shell, a);
        Assert.Equal(-errno.EOPNOTSUPP, this.Sys(this.Shell, k => k.sys_fchmod((uint)a, 0x1FF)));
        Assert.Equal(-errno.EOPNOTSUPP, this.Sys(this.Shell, k => k.sys_fchown((uint)a, 65534, 65534)));
        Assert.Equal(-errno.EOPNOTSUPP, this.Sys(this.Shell, k => k.sys_fchown((uint)a, uint.MaxValue, uint.MaxValue)));
        var after = this.Stat(this.Shell, a);
        Assert.Equal(before.st_mode, after.st_mode);
        Assert.Equal(before.st_uid, after.st_uid);
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_fchmod(999, 0x1FF)));
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_fchown(999, 0, 0)));
    }

    /// <summary>An immutable inode refuses a mode change before ->setattr is asked (may_setattr: EPERM, not EOPNOTSUPP).</summary>
    [Fact]
    public void ImmutableInodeIsEperm()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        this.Sys(this.Shell, k =>
        {
            var f = k.fget((uint)a)!;
            vmlinux.file_inode(f).i_flags |= vmlinux.S_IMMUTABLE;
            var r = k.sys_fchmod((uint)a, 0x1FF);
            vmlinux.file_inode(f).i_flags &= ~vmlinux.S_IMMUTABLE;
            k.fput(f);
            Assert.Equal(-errno.EPERM, r);
            return 0;
        });
    }
}
