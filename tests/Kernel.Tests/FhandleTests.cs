// SPDX-License-Identifier: GPL-2.0-only

// fs/fhandle.cs: name_to_handle_at and open_by_handle_at over the test
// filesystem, whose handles are built like pidfs's (FILEID_KERNFS, the
// 64-bit id in 8 bytes), checked against host-kernel.md §3.
using System.Buffers.Binary;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>File handles.</summary>
public sealed class FhandleTests : VfsTest
{
    /// <summary>A handle is FILEID_KERNFS with the id as a little-endian u64; the mount id comes with it.</summary>
    [Fact]
    public void NameToHandle()
    {
        var o = this.Fs.NewObj(6800);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var fh = new file_handle(128) { handle_bytes = 128 };
            var mnt = new ulong[1];
            Assert.Equal(0, this.K.sys_name_to_handle_at(fd, string.Empty, fh, mnt, vmlinux.AT_EMPTY_PATH));
            Assert.Equal(8u, fh.handle_bytes);
            Assert.Equal(0xfe, fh.handle_type);
            Assert.Equal(6800UL, BinaryPrimitives.ReadUInt64LittleEndian(fh.f_handle));
            Assert.Equal((ulong)vmlinux.real_mount(this.Fs.Mnt).mnt_id, mnt[0]);

            fh = new file_handle(128) { handle_bytes = 8 };
            Assert.Equal(0, this.K.sys_name_to_handle_at(fd, string.Empty, fh, mnt, vmlinux.AT_EMPTY_PATH | vmlinux.AT_HANDLE_MNT_ID_UNIQUE | vmlinux.AT_HANDLE_FID));
            Assert.Equal(8u, fh.handle_bytes);
            Assert.Equal(vmlinux.real_mount(this.Fs.Mnt).mnt_id_unique, mnt[0]);

            Assert.Equal(0, this.K.sys_name_to_handle_at(fd, string.Empty, fh, mnt, vmlinux.AT_EMPTY_PATH | vmlinux.AT_SYMLINK_FOLLOW));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>Too little room is EOVERFLOW with the size needed and FILEID_INVALID written back; too much asked is EINVAL.</summary>
    [Fact]
    public void NameToHandleSizesAndFlags()
    {
        var o = this.Fs.NewObj(9);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var mnt = new ulong[1];
            foreach (var size in new uint[] { 0, 1, 4, 7 })
            {
                var fh = new file_handle(128) { handle_bytes = size };
                mnt[0] = 0;
                Assert.Equal(-errno.EOVERFLOW, this.K.sys_name_to_handle_at(fd, string.Empty, fh, mnt, vmlinux.AT_EMPTY_PATH));
                Assert.Equal(8u, fh.handle_bytes);
                Assert.Equal(0xff, fh.handle_type);
                Assert.Equal((ulong)vmlinux.real_mount(this.Fs.Mnt).mnt_id, mnt[0]);
            }

            foreach (var size in new uint[] { 129, 0xffffffff })
            {
                var fh = new file_handle(128) { handle_bytes = size, handle_type = 77 };
                Assert.Equal(-errno.EINVAL, this.K.sys_name_to_handle_at(fd, string.Empty, fh, mnt, vmlinux.AT_EMPTY_PATH));
                Assert.Equal(size, fh.handle_bytes);
                Assert.Equal(77, fh.handle_type);
            }

            var h = new file_handle(128) { handle_bytes = 128 };
            Assert.Equal(-errno.EINVAL, this.K.sys_name_to_handle_at(fd, string.Empty, h, mnt, vmlinux.AT_EMPTY_PATH | vmlinux.AT_HANDLE_CONNECTABLE));
            Assert.Equal(-errno.EINVAL, this.K.sys_name_to_handle_at(fd, string.Empty, h, mnt, vmlinux.AT_EMPTY_PATH | 0x4));
            Assert.Equal(-errno.EINVAL, this.K.sys_name_to_handle_at(fd, string.Empty, h, mnt, vmlinux.AT_EMPTY_PATH | 0x8));
            Assert.Equal(-errno.ENOTDIR, this.K.sys_name_to_handle_at(fd, "x", h, mnt, vmlinux.AT_EMPTY_PATH));
            Assert.Equal(-errno.ENOENT, this.K.sys_name_to_handle_at(fd, string.Empty, h, mnt, 0));
            Assert.Equal(-errno.EBADF, this.K.sys_name_to_handle_at(fd + 3, string.Empty, h, mnt, vmlinux.AT_EMPTY_PATH));
            Assert.Equal(-errno.EFAULT, this.K.sys_name_to_handle_at(fd, string.Empty, null, mnt, vmlinux.AT_EMPTY_PATH));

            /* the root filesystem has no export operations: only a FID can be made */
            Assert.Equal(-errno.EOPNOTSUPP, this.K.sys_name_to_handle_at(vmlinux.AT_FDCWD, string.Empty, h, mnt, vmlinux.AT_EMPTY_PATH));
            h.handle_bytes = 128;
            Assert.Equal(0, this.K.sys_name_to_handle_at(vmlinux.AT_FDCWD, string.Empty, h, mnt, vmlinux.AT_EMPTY_PATH | vmlinux.AT_HANDLE_FID));
            Assert.Equal(vmlinux.FILEID_INO32_GEN, h.handle_type);
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>open_by_handle_at through the filesystem's own permission and open: a working file for the same inode.</summary>
    [Fact]
    public void OpenByHandle()
    {
        var o = this.Fs.NewObj(41);
        var other = this.Fs.NewObj(42);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var anchor = this.Fs.InstallFd(other, vmlinux.O_RDWR);
            var fh = this.Handle(fd);

            var nfd = (int)this.K.sys_open_by_handle_at(anchor, fh, vmlinux.O_RDONLY);
            Assert.True(nfd > anchor);
            var f = this.K.fget((uint)nfd)!;
            Assert.Equal(41UL, f.f_inode.i_ino);
            Assert.Same(o.Stashed, f.f_path.dentry);
            Assert.Equal((uint)vmlinux.O_RDWR, f.f_flags & (uint)vmlinux.O_ACCMODE);
            Assert.False(this.K.get_close_on_exec((uint)nfd));
            this.K.fput(f);
            Assert.Equal(0, this.K.sys_close((uint)nfd));

            nfd = (int)this.K.sys_open_by_handle_at(fd, fh, vmlinux.O_CLOEXEC | vmlinux.O_EXCL | vmlinux.O_NONBLOCK);
            Assert.True(nfd >= 0);
            f = this.K.fget((uint)nfd)!;
            Assert.True(this.K.get_close_on_exec((uint)nfd));
            Assert.Equal(0u, f.f_flags & (uint)vmlinux.O_EXCL);
            Assert.Equal((uint)(vmlinux.O_NONBLOCK | vmlinux.O_CLOEXEC), f.f_flags & (uint)(vmlinux.O_NONBLOCK | vmlinux.O_CLOEXEC));
            this.K.fput(f);
            Assert.Equal(0, this.K.sys_close((uint)nfd));

            foreach (var bad in new[] { vmlinux.O_PATH, vmlinux.O_CREAT, vmlinux.O_TRUNC, vmlinux.O_DIRECTORY, vmlinux.O_APPEND })
            {
                Assert.Equal(-errno.EINVAL, this.K.sys_open_by_handle_at(fd, fh, bad));
            }

            Assert.Equal(0, this.K.sys_close((uint)anchor));
            return this.K.sys_close((uint)fd);
        });

        /* no pidfd-like file is open, but the object lives: the handle still opens */
        var h = this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var fh = this.Handle(fd);
            this.K.sys_close((uint)fd);
            return fh;
        });
        Assert.Null(o.Stashed);
        this.As(this.Shell, () =>
        {
            var anchor = this.Fs.InstallFd(other, vmlinux.O_RDWR);
            var nfd = this.K.sys_open_by_handle_at(anchor, h, vmlinux.O_RDWR);
            Assert.True(nfd >= 0);
            this.K.sys_close((uint)nfd);

            /* once the object is gone, the handle is stale */
            this.Fs.Put(o);
            Assert.Equal(-errno.ESTALE, this.K.sys_open_by_handle_at(anchor, h, vmlinux.O_RDWR));
            return this.K.sys_close((uint)anchor);
        });

        this.Fs.Put(other);
    }

    /// <summary>Malformed handles: EINVAL for sizes and unknown flag bits, ESTALE for everything that decodes to nothing.</summary>
    [Fact]
    public void MalformedHandles()
    {
        var o = this.Fs.NewObj(50);
        var other = this.Fs.NewObj(51);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var anchor = this.Fs.InstallFd(other, vmlinux.O_RDWR);
            var good = this.Handle(fd);

            file_handle Mk(uint bytes, int type, ulong id)
            {
                var h = new file_handle(128) { handle_bytes = bytes, handle_type = type };
                BinaryPrimitives.WriteUInt64LittleEndian(h.f_handle, id);
                return h;
            }

            Assert.Equal(-errno.EINVAL, this.K.sys_open_by_handle_at(anchor, Mk(0, 0xfe, 50), 0));
            Assert.Equal(-errno.EINVAL, this.K.sys_open_by_handle_at(anchor, Mk(129, 0xfe, 50), 0));
            Assert.Equal(-errno.EINVAL, this.K.sys_open_by_handle_at(anchor, Mk(0xffffffff, 0xfe, 50), 0));
            foreach (var bytes in new uint[] { 1, 4, 7 })
            {
                Assert.Equal(-errno.ESTALE, this.K.sys_open_by_handle_at(anchor, Mk(bytes, 0xfe, 50), 0));
            }

            foreach (var type in new[] { 0, 1, 2, 0x4d, 0xfd, 0xff, 0x100, 0xfe | 0x10000, 0xfe | 0x20000, 0x10000 })
            {
                Assert.Equal(-errno.ESTALE, this.K.sys_open_by_handle_at(anchor, Mk(8, type, 50), 0));
            }

            foreach (var type in new[] { 0xfe | 0x40000, 0xfe | 0x80000, 0xfe | 0x1000000, unchecked((int)0x800000fe), -1 })
            {
                Assert.Equal(-errno.EINVAL, this.K.sys_open_by_handle_at(anchor, Mk(8, type, 50), 0));
            }

            foreach (var id in new ulong[] { 0, 1, 50 + 100000, 0xffffffff, (1UL << 32) | 50, ulong.MaxValue })
            {
                Assert.Equal(-errno.ESTALE, this.K.sys_open_by_handle_at(anchor, Mk(8, 0xfe, id), 0));
            }

            foreach (var bytes in new uint[] { 12, 16, 128 })
            {
                var h = Mk(bytes, 0xfe, 50);
                h.f_handle[10] = 0x5a;
                var nfd = this.K.sys_open_by_handle_at(anchor, h, 0);
                Assert.True(nfd >= 0);
                this.K.sys_close((uint)nfd);
            }

            Assert.Equal(-errno.EFAULT, this.K.sys_open_by_handle_at(anchor, null, 0));
            Assert.Equal(-errno.EBADF, this.K.sys_open_by_handle_at(-1, good, 0));
            Assert.Equal(-errno.EBADF, this.K.sys_open_by_handle_at(vmlinux.FD_INVALID, good, 0));
            Assert.Equal(-errno.EBADF, this.K.sys_open_by_handle_at(-10000, good, 0));
            Assert.Equal(-errno.EBADF, this.K.sys_open_by_handle_at(anchor + 5, good, 0));

            /* anchors on a filesystem that cannot decode */
            Assert.Equal(-errno.ESTALE, this.K.sys_open_by_handle_at(vmlinux.AT_FDCWD, good, 0));
            Assert.Equal(-errno.ESTALE, this.K.sys_open_by_handle_at(vmlinux.FD_NSFS_ROOT, good, 0));

            this.K.sys_close((uint)anchor);
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
        this.Fs.Put(other);
    }

    /// <summary>Without CAP_DAC_READ_SEARCH the generic check refuses (EPERM); the filesystem's own permission does not.</summary>
    [Fact]
    public void UnprivilegedDecode()
    {
        var o = this.Fs.NewObj(60);
        var nobody = this.Fork(this.Shell, "nobody");
        var c = nobody.cred;
        c.uid = c.euid = c.suid = c.fsuid = 65534;
        c.cap_effective = 0;
        this.GiveFiles(nobody);

        this.As(nobody, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var fh = this.Handle(fd);
            Assert.Equal(-errno.EPERM, this.K.sys_open_by_handle_at(vmlinux.AT_FDCWD, fh, 0));
            var nfd = this.K.sys_open_by_handle_at(fd, fh, 0);
            Assert.True(nfd >= 0);
            this.K.sys_close((uint)nfd);
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    private file_handle Handle(int fd)
    {
        var fh = new file_handle(128) { handle_bytes = 128 };
        Assert.Equal(0, this.K.sys_name_to_handle_at(fd, string.Empty, fh, new ulong[1], vmlinux.AT_EMPTY_PATH));
        return fh;
    }
}
