// SPDX-License-Identifier: GPL-2.0-only

// openat(2) of /dev/null (fs/open.cs, fs/namei.cs, fs/char_dev.cs,
// drivers/char/mem.cs, drivers/base/devtmpfs.cs): a file that is not a
// pidfd, and what the pidfd system calls say to it (host-kernel.md §4-§5).
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>/dev/null and the pidfd calls given a file that is not a pidfd.</summary>
public sealed class DevNullTests : PidfdTest
{
    /* openat forces O_LARGEFILE on 64-bit kernels only (force_o_largefile) */
#if CONFIG_64BIT
    private const int LargeFile = vmlinux.O_LARGEFILE;
#else
    private const int LargeFile = 0;
#endif

    /// <summary>open gives a character device 1:3, mode 020666, F_GETFL with O_LARGEFILE forced (64-bit) and O_CLOEXEC kept in the fd table only.</summary>
    [Fact]
    public void OpensTheNullDevice()
    {
        var n = (int)this.Sys(this.Shell, k => k.sys_openat(vmlinux.AT_FDCWD, "/dev/null", vmlinux.O_RDWR | vmlinux.O_CLOEXEC, 0));
        Assert.True(n >= 0, errno.errname(n));
        var st = this.Stat(this.Shell, n);
        Assert.Equal(0x21B6u, st.st_mode);
        Assert.Equal(vmlinux.new_encode_dev(vmlinux.MKDEV(1, 3)), (uint)st.st_rdev);
        Assert.Equal(vmlinux.O_RDWR | LargeFile, this.Sys(this.Shell, k => k.sys_fcntl((uint)n, vmlinux.F_GETFL, 0)));
        Assert.Equal(vmlinux.FD_CLOEXEC, this.Sys(this.Shell, k => k.sys_fcntl((uint)n, vmlinux.F_GETFD, 0)));
        Assert.Equal(0, this.Close(this.Shell, n));
    }

    /// <summary>The open flags' rules: O_DIRECTORY ENOTDIR, O_CREAT|O_EXCL EEXIST, O_DIRECTORY|O_CREAT EINVAL, O_PATH an FMODE_PATH file, unknown names ENOENT, "" ENOENT, the root directory EISDIR for writing.</summary>
    [Fact]
    public void OpenFlagRules()
    {
        long Open(string name, int flags) => this.Sys(this.Shell, k => k.sys_openat(vmlinux.AT_FDCWD, name, flags, 0));
        Assert.Equal(-errno.ENOTDIR, Open("/dev/null", vmlinux.O_RDONLY | vmlinux.O_DIRECTORY));
        Assert.Equal(-errno.EEXIST, Open("/dev/null", vmlinux.O_RDWR | vmlinux.O_CREAT | vmlinux.O_EXCL));
        Assert.Equal(-errno.EINVAL, Open("/dev/null", vmlinux.O_RDWR | vmlinux.O_CREAT | vmlinux.O_DIRECTORY));
        Assert.Equal(-errno.EINVAL, Open("/dev/null", vmlinux.O_RDONLY | vmlinux.O_TMPFILE));
        Assert.Equal(-errno.ENOENT, Open("/dev/zero", vmlinux.O_RDWR));
        Assert.Equal(-errno.ENOENT, Open(string.Empty, vmlinux.O_RDWR));

        var created = Open("/dev/null", vmlinux.O_WRONLY | vmlinux.O_CREAT | vmlinux.O_TRUNC);
        Assert.True(created >= 0);
        Assert.Equal(vmlinux.O_WRONLY | LargeFile, this.Sys(this.Shell, k => k.sys_fcntl((uint)created, vmlinux.F_GETFL, 0)));

        var opath = Open("/dev/null", vmlinux.O_PATH | vmlinux.O_RDWR);
        Assert.True(opath >= 0);
        /* O_PATH keeps only O_PATH_FLAGS: not even the forced O_LARGEFILE (as on the host: 0x200000) */
        Assert.Equal(vmlinux.O_PATH, this.Sys(this.Shell, k => k.sys_fcntl((uint)opath, vmlinux.F_GETFL, 0)));
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_fcntl((uint)opath, vmlinux.F_SETFL, 0)));

        /* the root directory: not for writing (may_open); read-only it reaches the pseudo root's no_open (ENXIO: the model's rootfs is not ramfs) */
        Assert.Equal(-errno.EISDIR, Open("/", vmlinux.O_RDWR));
        Assert.Equal(-errno.ENXIO, Open("/", vmlinux.O_RDONLY | vmlinux.O_DIRECTORY));
    }

    /// <summary>Every pidfd call refuses /dev/null as the pidfd: EBADF for send_signal, waitid and getfd, ENOTTY for PIDFD_GET_INFO; pidfd_getfd may copy it out of a process.</summary>
    [Fact]
    public void PidfdCallsRefuseIt()
    {
        var p = this.Fork(this.Shell, "p");
        var n = (int)this.Sys(this.Shell, k => k.sys_openat(vmlinux.AT_FDCWD, "/dev/null", vmlinux.O_RDWR, 0));
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(n, 0, null, 0)));
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_waitid(vmlinux.P_PIDFD, n, new siginfo_t(), vmlinux.WEXITED | vmlinux.WNOHANG)));
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_pidfd_getfd(n, 0, 0)));
        Assert.Equal(-errno.ENOTTY, this.Sys(this.Shell, k => k.sys_ioctl((uint)n, vmlinux.PIDFD_GET_INFO, new byte[80])));
        Assert.Equal(-errno.EOPNOTSUPP, this.Sys(this.Shell, k => k.sys_name_to_handle_at(n, string.Empty, new file_handle(128) { handle_bytes = 128 }, new ulong[1], vmlinux.AT_EMPTY_PATH)));

        /* the pidfd of the shell itself gives its /dev/null back, close-on-exec */
        var self = this.Open(this.Shell, this.Shell);
        var copy = (int)this.Sys(this.Shell, k => k.sys_pidfd_getfd(self, n, 0));
        Assert.True(copy >= 0);
        Assert.Equal(this.Stat(this.Shell, n).st_ino, this.Stat(this.Shell, copy).st_ino);
        Assert.Equal(vmlinux.FD_CLOEXEC, this.Sys(this.Shell, k => k.sys_fcntl((uint)copy, vmlinux.F_GETFD, 0)));
    }
}
