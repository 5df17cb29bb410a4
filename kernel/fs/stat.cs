// SPDX-License-Identifier: GPL-2.0-only

//
// fs/stat.c: getattr and the stat family. The filesystem's getattr (or
// generic_fillattr, which copies the inode) fills a struct kstat; fstat()
// and statx() translate it for user space.
//
// Not ported: the LSM hook, block-device attributes, the old stat
// structures, statx sync flags and the path-walking variants (statx
// accepts only AT_EMPTY_PATH on a descriptor, or ""/"." via the port's
// filename_lookup).
namespace Linux;

/// <summary>fs/stat.c.</summary>
public sealed partial class vmlinux
{
    public const uint STATX_ATTR_AUTOMOUNT = 0x1000;
    public const int AT_STATX_SYNC_TYPE = 0x6000;

    /* generic_fillattr: the attributes straight from the inode */
    public static void generic_fillattr(mnt_idmap idmap, uint request_mask, inode inode, ref kstat stat)
    {
        var vfsuid = i_uid_into_vfsuid(idmap, inode);
        var vfsgid = i_gid_into_vfsgid(idmap, inode);

        stat.dev = inode.i_sb.s_dev;
        stat.ino = inode.i_ino;
        stat.mode = inode.i_mode;
        stat.nlink = inode.__i_nlink;
        stat.uid = vfsuid;
        stat.gid = vfsgid;
        stat.rdev = inode.i_rdev;
        stat.size = inode.i_size;
        stat.atime = inode_get_atime(inode);
        stat.mtime = inode_get_mtime(inode);
        stat.ctime = inode_get_ctime(inode);
        stat.blksize = 1u << inode.i_blkbits;
        stat.blocks = 0;
    }

    /* vfs_getattr_nosec: getattr without the security hook */
    public static int vfs_getattr_nosec(in path path, ref kstat stat, uint request_mask, uint query_flags)
    {
        mnt_idmap idmap;
        var inode = d_inode(path.dentry!)!;

        stat = default;
        stat.result_mask |= STATX_BASIC_STATS;
        query_flags &= AT_STATX_SYNC_TYPE;

        stat.attributes_mask |= STATX_ATTR_AUTOMOUNT | STATX_ATTR_DAX;

        idmap = mnt_idmap(path.mnt!);
        if (inode.i_op?.getattr != null)
            return inode.i_op.getattr(idmap, path, ref stat, request_mask, query_flags);

        generic_fillattr(idmap, request_mask, inode, ref stat);
        return 0;
    }

    /* vfs_getattr: the attributes of path */
    public static int vfs_getattr(in path path, ref kstat stat, uint request_mask, uint query_flags) =>
        vfs_getattr_nosec(path, ref stat, request_mask, query_flags);

    /* vfs_fstat: the attributes of an open file */
    public int vfs_fstat(int fd, ref kstat stat)
    {
        using var f = this.fdget_raw(fd);
        if (fd_empty(f))
            return -errno.EBADF;
        return vfs_getattr(fd_file(f)!.f_path, ref stat, STATX_BASIC_STATS, 0);
    }

    private static int cp_new_stat(in kstat stat, stat statbuf)
    {
        statbuf.st_dev = new_encode_dev(stat.dev);
        statbuf.st_ino = stat.ino;
        statbuf.st_mode = stat.mode;
        statbuf.st_nlink = stat.nlink;
        statbuf.st_uid = stat.uid;
        statbuf.st_gid = stat.gid;
        statbuf.st_rdev = new_encode_dev(stat.rdev);
        statbuf.st_size = stat.size;
        statbuf.st_atime = stat.atime.tv_sec;
        statbuf.st_atime_nsec = stat.atime.tv_nsec;
        statbuf.st_mtime = stat.mtime.tv_sec;
        statbuf.st_mtime_nsec = stat.mtime.tv_nsec;
        statbuf.st_ctime = stat.ctime.tv_sec;
        statbuf.st_ctime_nsec = stat.ctime.tv_nsec;
        statbuf.st_blksize = (int)stat.blksize;
        statbuf.st_blocks = (long)stat.blocks;
        return 0;
    }

    /* sys_fstat */
    public long sys_fstat(int fd, stat? statbuf)
    {
        kstat stat = default;
        int error;

        error = this.vfs_fstat(fd, ref stat);
        if (error != 0)
            return error;
        if (statbuf == null)
            return -errno.EFAULT;
        return cp_new_stat(in stat, statbuf);
    }

    /* vfs_statx_path: getattr plus the mount attributes statx reports */
    private static int vfs_statx_path(in path path, int flags, ref kstat stat, uint request_mask)
    {
        var error = vfs_getattr(path, ref stat, request_mask, (uint)flags);
        if (error != 0)
            return error;

        if ((request_mask & STATX_MNT_ID_UNIQUE) != 0)
        {
            stat.mnt_id = real_mount(path.mnt!).mnt_id_unique;
            stat.result_mask |= STATX_MNT_ID_UNIQUE;
        }
        else
        {
            stat.mnt_id = (ulong)real_mount(path.mnt!).mnt_id;
            stat.result_mask |= STATX_MNT_ID;
        }

        if (path_mounted(path))
            stat.attributes |= STATX_ATTR_MOUNT_ROOT;
        stat.attributes_mask |= STATX_ATTR_MOUNT_ROOT;
        return 0;
    }

    private static int cp_statx(in kstat stat, statx buffer)
    {
        buffer.stx_mask = stat.result_mask;
        buffer.stx_blksize = stat.blksize;
        buffer.stx_attributes = stat.attributes;
        buffer.stx_nlink = stat.nlink;
        buffer.stx_uid = stat.uid;
        buffer.stx_gid = stat.gid;
        buffer.stx_mode = (ushort)stat.mode;
        buffer.stx_ino = stat.ino;
        buffer.stx_size = (ulong)stat.size;
        buffer.stx_blocks = stat.blocks;
        buffer.stx_attributes_mask = stat.attributes_mask;
        buffer.stx_atime = stat.atime;
        buffer.stx_btime = stat.btime;
        buffer.stx_ctime = stat.ctime;
        buffer.stx_mtime = stat.mtime;
        buffer.stx_rdev_major = MAJOR(stat.rdev);
        buffer.stx_rdev_minor = MINOR(stat.rdev);
        buffer.stx_dev_major = MAJOR(stat.dev);
        buffer.stx_dev_minor = MINOR(stat.dev);
        buffer.stx_mnt_id = stat.mnt_id;
        return 0;
    }

    /* sys_statx */
    public long sys_statx(int dfd, string? filename, int flags, uint mask, statx? buffer)
    {
        kstat stat = default;
        uint lookup_flags;
        int error;

        if ((mask & 0x80000000u) != 0)
            return -errno.EINVAL;
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE | 0x800 /* AT_NO_AUTOMOUNT */)) != 0)
            return -errno.EINVAL;
        if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
            return -errno.EINVAL;

        lookup_flags = ((flags & AT_SYMLINK_NOFOLLOW) != 0 ? 0 : LOOKUP_FOLLOW) | ((flags & AT_EMPTY_PATH) != 0 ? LOOKUP_EMPTY : 0);
        error = this.filename_lookup(dfd, filename, lookup_flags, out var path);
        if (error != 0)
            return error;
        error = vfs_statx_path(path, flags, ref stat, mask);
        this.path_put(path);
        if (error != 0)
            return error;
        if (buffer == null)
            return -errno.EFAULT;
        return cp_statx(in stat, buffer);
    }
}
