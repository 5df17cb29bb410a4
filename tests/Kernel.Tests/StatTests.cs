// SPDX-License-Identifier: GPL-2.0-only

// fs/stat.cs, statfs.cs and anon_inodes.cs: what fstat, statx and fstatfs
// report for a pseudo file (host-kernel.md §2 gives the pidfd values).
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>stat, statx and statfs.</summary>
public sealed class StatTests : VfsTest
{
    /// <summary>fstat: no file type in st_mode, the object's inode number, the filesystem's device.</summary>
    [Fact]
    public void FstatOfAPseudoFile()
    {
        var o = this.Fs.NewObj(6800);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var st = new stat();
            Assert.Equal(0, this.K.sys_fstat(fd, st));
            Assert.Equal(0x1C0u, st.st_mode);
            Assert.Equal(6800UL, st.st_ino);
            Assert.Equal(1u, st.st_nlink);
            Assert.Equal(0u, st.st_uid);
            Assert.Equal(0u, st.st_gid);
            Assert.Equal(4096, st.st_blksize);
            Assert.Equal(0, st.st_size);
            Assert.Equal((ulong)vmlinux.new_encode_dev(this.Fs.Mnt.mnt_sb.s_dev), st.st_dev);
            Assert.True(st.st_ctime > 0);
            Assert.Equal(st.st_ctime, st.st_mtime);
            Assert.Equal(st.st_ctime, st.st_atime);

            Assert.Equal(-errno.EBADF, this.K.sys_fstat(fd + 1, st));
            Assert.Equal(-errno.EFAULT, this.K.sys_fstat(fd, null));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>statx: basic stats plus the mount id (or unique mount id), mount-root and automount/DAX in the mask.</summary>
    [Fact]
    public void Statx()
    {
        var o = this.Fs.NewObj(77);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var stx = new statx();
            Assert.Equal(0, this.K.sys_statx(fd, string.Empty, vmlinux.AT_EMPTY_PATH, vmlinux.STATX_BASIC_STATS | vmlinux.STATX_BTIME | vmlinux.STATX_MNT_ID, stx));
            Assert.Equal(0x17ffu, stx.stx_mask);
            Assert.Equal((ulong)vmlinux.real_mount(this.Fs.Mnt).mnt_id, stx.stx_mnt_id);
            Assert.Equal(0x203000UL, stx.stx_attributes_mask);
            Assert.Equal(0UL, stx.stx_attributes);
            Assert.Equal(77UL, stx.stx_ino);
            Assert.Equal((ushort)0x1C0, stx.stx_mode);

            Assert.Equal(0, this.K.sys_statx(fd, string.Empty, vmlinux.AT_EMPTY_PATH, vmlinux.STATX_MNT_ID_UNIQUE, stx));
            Assert.Equal(0x47ffu, stx.stx_mask);
            Assert.Equal(vmlinux.real_mount(this.Fs.Mnt).mnt_id_unique, stx.stx_mnt_id);

            Assert.Equal(-errno.ENOENT, this.K.sys_statx(fd, string.Empty, 0, vmlinux.STATX_BASIC_STATS, stx));
            Assert.Equal(-errno.ENOTDIR, this.K.sys_statx(fd, "x", 0, vmlinux.STATX_BASIC_STATS, stx));
            Assert.Equal(-errno.EINVAL, this.K.sys_statx(fd, string.Empty, 0x1, vmlinux.STATX_BASIC_STATS, stx));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>fstatfs: the filesystem's magic, page-sized blocks, ST_VALID only, fsid from the device.</summary>
    [Fact]
    public void Fstatfs()
    {
        var o = this.Fs.NewObj(3);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var st = new statfs();
            Assert.Equal(0, this.K.sys_fstatfs(fd, st));
            Assert.Equal((long)TestFs.Magic, st.f_type);
            Assert.Equal(4096, st.f_bsize);
            Assert.Equal(4096, st.f_frsize);
            Assert.Equal(0UL, st.f_blocks);
            Assert.Equal(0UL, st.f_files);
            Assert.Equal(255, st.f_namelen);
            Assert.Equal(0x20, st.f_flags);
            Assert.Equal((int)vmlinux.new_encode_dev(this.Fs.Mnt.mnt_sb.s_dev), st.f_fsid[0]);
            Assert.Equal(0, st.f_fsid[1]);
            Assert.Equal(-errno.EBADF, this.K.sys_fstatfs(fd + 5, st));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>The inode keeps its times while it lives; setattr is refused; d_path gives the d_dname name.</summary>
    [Fact]
    public void SetattrRefusedAndName()
    {
        var o = this.Fs.NewObj(4);
        this.As(this.Shell, () =>
        {
            var f = this.Fs.Open(o, vmlinux.O_RDWR);
            var inode = vmlinux.file_inode(f);
            Assert.Equal(-errno.EOPNOTSUPP, inode.i_op!.setattr!(vmlinux.nop_mnt_idmap, f.f_path.dentry!, new iattr()));
            Assert.Equal(("anon_inode:[testfd]", 0), vmlinux.d_path(f.f_path, 256));
            Assert.Equal(((string?)null, -errno.ENAMETOOLONG), vmlinux.d_path(f.f_path, 10));
            Assert.Equal(("/", 0), vmlinux.d_path(this.K.init_root, 256));
            this.K.fput(f);
            return 0;
        });

        this.Fs.Put(o);
    }
}
