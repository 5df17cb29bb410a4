// SPDX-License-Identifier: GPL-2.0-only

//
// fs/statfs.c: statfs and fstatfs. The filesystem's statfs fills a
// kstatfs; the VFS adds the mount flags.
//
// Not ported: the LSM hook, ustat, the 64-bit and compat variants.
namespace Linux;

/// <summary>fs/statfs.c.</summary>
public sealed partial class vmlinux
{
    private static long flags_by_mnt(int mnt_flags)
    {
        long flags = 0;

        if ((mnt_flags & MNT_NOSUID) != 0)
            flags |= ST_NOSUID;
        if ((mnt_flags & MNT_NODEV) != 0)
            flags |= ST_NODEV;
        if ((mnt_flags & MNT_NOEXEC) != 0)
            flags |= ST_NOEXEC;
        return flags;
    }

    private static long flags_by_sb(ulong s_flags)
    {
        long flags = 0;
        if ((s_flags & SB_RDONLY) != 0)
            flags |= ST_RDONLY;
        return flags;
    }

    private static long calculate_f_flags(vfsmount mnt) => ST_VALID | flags_by_mnt(mnt.mnt_flags) | flags_by_sb(mnt.mnt_sb.s_flags);

    private static int statfs_by_dentry(dentry dentry, kstatfs buf)
    {
        int retval;

        if (dentry.d_sb.s_op?.statfs == null)
            return -errno.ENOSYS;

        retval = dentry.d_sb.s_op.statfs(dentry, buf);
        if (retval == 0 && buf.f_frsize == 0)
            buf.f_frsize = buf.f_bsize;
        return retval;
    }

    /* vfs_statfs: statfs of the filesystem path is on */
    public static int vfs_statfs(in path path, kstatfs buf)
    {
        int error;

        error = statfs_by_dentry(path.dentry!, buf);
        if (error == 0)
            buf.f_flags = calculate_f_flags(path.mnt!);
        return error;
    }

    /* fd_statfs */
    public int fd_statfs(int fd, kstatfs st)
    {
        using var f = this.fdget_raw(fd);
        int error = -errno.EBADF;
        if (fd_file(f) != null)
            error = vfs_statfs(fd_file(f)!.f_path, st);
        return error;
    }

    private static int do_statfs_native(kstatfs st, statfs p)
    {
        p.f_type = st.f_type;
        p.f_bsize = st.f_bsize;
        p.f_blocks = st.f_blocks;
        p.f_bfree = st.f_bfree;
        p.f_bavail = st.f_bavail;
        p.f_files = st.f_files;
        p.f_ffree = st.f_ffree;
        p.f_fsid[0] = st.f_fsid[0];
        p.f_fsid[1] = st.f_fsid[1];
        p.f_namelen = st.f_namelen;
        p.f_frsize = st.f_frsize;
        p.f_flags = st.f_flags;
        return 0;
    }

    /* sys_fstatfs */
    public long sys_fstatfs(int fd, statfs? buf)
    {
        var st = new kstatfs();
        var error = this.fd_statfs(fd, st);
        if (error == 0)
            error = buf == null ? -errno.EFAULT : do_statfs_native(st, buf);
        return error;
    }
}
