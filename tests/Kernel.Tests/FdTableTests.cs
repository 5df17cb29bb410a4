// SPDX-License-Identifier: GPL-2.0-only

// fs/file.cs, file_table.cs and open.cs: descriptor tables, open files and close.
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Descriptor tables.</summary>
public sealed class FdTableTests : VfsTest
{
    /// <summary>Descriptors are the lowest free numbers; O_CLOEXEC is kept in the table; closing frees the number.</summary>
    [Fact]
    public void LowestFreeDescriptorAndCloseOnExec()
    {
        var o = this.Fs.NewObj(10);
        this.As(this.Shell, () =>
        {
            var a = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var b = this.Fs.InstallFd(o, vmlinux.O_RDWR | vmlinux.O_CLOEXEC);
            var c = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            Assert.Equal(new[] { 0, 1, 2 }, new[] { a, b, c });
            Assert.False(this.K.get_close_on_exec(0));
            Assert.True(this.K.get_close_on_exec(1));

            Assert.Equal(0, this.K.sys_close(1));
            Assert.Equal(-errno.EBADF, this.K.sys_close(1));
            Assert.Equal(1, this.Fs.InstallFd(o, vmlinux.O_RDWR));
            Assert.False(this.K.get_close_on_exec(1));

            /* a reserved, never installed descriptor is not a file */
            var r = this.K.get_unused_fd_flags(0);
            Assert.Equal(3, r);
            Assert.Null(this.K.fget((uint)r));
            Assert.Equal(4, this.K.get_unused_fd_flags(0));
            this.K.put_unused_fd(3);
            this.K.put_unused_fd(4);
            Assert.Equal(3, this.K.get_unused_fd_flags(0));
            this.K.put_unused_fd(3);

            for (uint fd = 0; fd < 3; fd++)
            {
                Assert.Equal(0, this.K.sys_close(fd));
            }

            return 0;
        });

        Assert.Equal(4, o.Releases);
        Assert.Null(o.Stashed);
        this.Fs.Put(o);
    }

    /// <summary>fget takes a reference, fdget borrows one on an unshared table, and both give it back.</summary>
    [Fact]
    public void FgetAndFdget()
    {
        var o = this.Fs.NewObj(11);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var f = this.K.fget((uint)fd)!;
            Assert.Equal(2, f.f_count);
            Assert.Same(this.Fs.Mnt, f.f_path.mnt);
            Assert.Equal(11UL, f.f_inode.i_ino);
            Assert.Equal(vmlinux.FMODE_OPENED, f.f_mode & vmlinux.FMODE_OPENED);
            this.K.fput(f);
            Assert.Equal(1, f.f_count);

            using (var fdt = this.K.fdget(fd))
            {
                Assert.Same(f, vmlinux.fd_file(fdt));
                Assert.Equal(1, f.f_count);
            }

            using (var bad = this.K.fdget(99))
            {
                Assert.True(vmlinux.fd_empty(bad));
            }

            Assert.Null(this.K.fget(1000));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>dentry_open keeps O_CLOEXEC and O_NONBLOCK in f_flags and strips O_CREAT, O_EXCL, O_NOCTTY and O_TRUNC.</summary>
    [Fact]
    public void OpenStripsOpenTimeFlags()
    {
        var o = this.Fs.NewObj(12);
        this.As(this.Shell, () =>
        {
            var f = this.Fs.Open(o, vmlinux.O_RDWR | vmlinux.O_EXCL | vmlinux.O_CREAT | vmlinux.O_TRUNC | vmlinux.O_NOCTTY | vmlinux.O_NONBLOCK | vmlinux.O_CLOEXEC);
            Assert.Equal((uint)(vmlinux.O_RDWR | vmlinux.O_NONBLOCK | vmlinux.O_CLOEXEC), f.f_flags);
            Assert.Equal(vmlinux.FMODE_READ | vmlinux.FMODE_WRITE, f.f_mode & (vmlinux.FMODE_READ | vmlinux.FMODE_WRITE));
            this.K.fput(f);
            return 0;
        });

        /* the deferred fput ran at the end of the system call */
        Assert.Equal(1, o.Releases);
        Assert.Null(o.Stashed);
        this.Fs.Put(o);
    }

    /// <summary>The table grows past its embedded 64 (or 32) slots and stops at RLIMIT_NOFILE with EMFILE.</summary>
    [Fact]
    public void TableGrowsUntilEmfile()
    {
        var o = this.Fs.NewObj(13);
        this.As(this.Shell, () =>
        {
            int fd;
            var n = 0;
            while ((fd = this.Fs.InstallFd(o, vmlinux.O_RDWR)) >= 0)
            {
                Assert.Equal(n, fd);
                n++;
            }

            Assert.Equal(-errno.EMFILE, fd);
            Assert.Equal(1024, n);
            Assert.True(vmlinux.files_fdtable(this.Shell.files!).max_fds >= 1024);
            for (uint i = 0; i < n; i++)
            {
                Assert.Equal(0, this.K.sys_close(i));
            }

            return 0;
        });

        Assert.Equal(1024, o.Releases);
        this.Fs.Put(o);
    }

    /// <summary>copy_files copies the table (every file gets a reference) and exit_files closes a table's files.</summary>
    [Fact]
    public void CopyAndExitFiles()
    {
        var o = this.Fs.NewObj(14);
        var child = this.Fork(this.Shell, "child");
        var fd = this.As(this.Shell, () => this.Fs.InstallFd(o, vmlinux.O_RDWR | vmlinux.O_CLOEXEC));
        var f = this.As(this.Shell, () => this.K.fget((uint)fd)!);

        /* fork gave the child a table already (exec closed its close-on-exec fds): replace it by a fresh copy */
        this.As(child, () =>
        {
            this.K.exit_files(child);
            return 0;
        });
        this.As(this.Shell, () => this.K.copy_files(0, child, false));
        this.GiveFiles(child);
        Assert.NotSame(this.Shell.files, child.files);
        Assert.Equal(3, f.f_count); /* shell's table, child's table, ours */
        Assert.True(vmlinux.close_on_exec((uint)fd, child.files!));

        this.As(child, () =>
        {
            this.K.exit_files(child);
            return 0;
        });
        Assert.Null(child.files);
        Assert.Equal(2, f.f_count);
        this.As(this.Shell, () =>
        {
            this.K.fput(f);
            return this.K.sys_close((uint)fd);
        });
        Assert.Equal(1, o.Releases);
        this.Fs.Put(o);
    }

    /// <summary>receive_fd installs a new descriptor for a file the caller keeps.</summary>
    [Fact]
    public void ReceiveFd()
    {
        var o = this.Fs.NewObj(15);
        this.As(this.Shell, () =>
        {
            var f = this.Fs.Open(o, vmlinux.O_RDWR);
            var ufd = new int[1];
            var fd = this.K.receive_fd(f, ufd, (uint)vmlinux.O_CLOEXEC);
            Assert.Equal(0, fd);
            Assert.Equal(0, ufd[0]);
            Assert.True(this.K.get_close_on_exec(0));
            Assert.Equal(2, f.f_count);
            this.K.fput(f);
            return this.K.sys_close(0);
        });

        Assert.Equal(1, o.Releases);
        this.Fs.Put(o);
    }
}
