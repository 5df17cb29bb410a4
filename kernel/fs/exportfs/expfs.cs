// SPDX-License-Identifier: GPL-2.0-only

//
// fs/exportfs/expfs.c: encoding an inode into a file handle and decoding
// one back, through the filesystem's export_operations. A filesystem
// without encode_fh gets the generic 32-bit inode+generation handle when
// only a FID is asked for.
//
// Not ported: reconnecting decoded dentries to their parents
// (reconnect_path, find_acceptable_alias, fh_to_parent, get_name): the
// port's filesystems only hand out disconnected, non-directory dentries,
// whose decode is fh_to_dentry followed by the caller's acceptable check.
namespace Linux;

/// <summary>fs/exportfs/expfs.c.</summary>
public sealed partial class vmlinux
{
    /* generic_encode_ino32_fh (fs/libfs.c): inode number and generation in two words */
    public static int generic_encode_ino32_fh(inode inode, System.Span<uint> fh, ref int max_len, inode? parent)
    {
        var len = max_len;
        var type = FILEID_INO32_GEN;

        if (parent != null && len < 4)
        {
            max_len = 4;
            return FILEID_INVALID;
        }
        else if (len < 2)
        {
            max_len = 2;
            return FILEID_INVALID;
        }

        len = 2;
        fh[0] = (uint)inode.i_ino;
        fh[1] = inode.i_generation;
        max_len = len;
        return type;
    }

    /* exportfs_encode_inode_fh: the filesystem's encoder, or the generic one for a FID */
    public static int exportfs_encode_inode_fh(inode inode, fid fid, ref int max_len, inode? parent, int flags)
    {
        var nop = inode.i_sb.s_export_op;

        if ((flags & EXPORT_FH_FID) == 0 && !exportfs_can_decode_fh(nop))
            return -errno.EOPNOTSUPP;

        if (nop?.encode_fh != null)
            return nop.encode_fh(inode, fid.raw, ref max_len, parent);

        /* only a FID can be encoded without the filesystem's help */
        if ((flags & EXPORT_FH_FID) == 0)
            return -errno.EOPNOTSUPP;

        return generic_encode_ino32_fh(inode, fid.raw, ref max_len, parent);
    }

    /* exportfs_encode_fh: a handle for dentry (connectable handles are not ported) */
    public static int exportfs_encode_fh(dentry dentry, fid fid, ref int max_len, int flags)
    {
        var inode = dentry.d_inode!;

        return exportfs_encode_inode_fh(inode, fid, ref max_len, null, flags);
    }

    /*
     * exportfs_decode_fh_raw: the dentry a handle names, with a reference,
     * NULL if it names nothing, or an error pointer. A filesystem that cannot
     * decode is ESTALE; so is a dentry the caller's acceptable() refuses.
     */
    [return: __returns_ref]
    public dentry? exportfs_decode_fh_raw<TContext>(vfsmount mnt, fid fid, int fh_len, int fileid_type, uint flags, acceptable_t<TContext>? acceptable, ref TContext context)
    {
        var nop = mnt.mnt_sb.s_export_op;
        dentry? result;
        int err;

        if (!exportfs_can_decode_fh(nop))
            return ERR_PTR<dentry>(-errno.ESTALE);

        /* try to get any dentry for the given file handle from the filesystem */
        result = nop!.fh_to_dentry!(mnt.mnt_sb, fid, fh_len, fileid_type);
        if (IS_ERR_OR_NULL(result))
            return result;

        if ((flags & EXPORT_FH_DIR_ONLY) != 0 && !d_is_dir(result))
        {
            err = -errno.ENOTDIR;
            goto err_result;
        }

        /* a disconnected non-directory: the caller decides whether it will do */
        if (acceptable == null || acceptable(ref context, result) != 0)
            return result;

        err = -errno.EACCES;

    err_result:
        this.dput(result);
        return ERR_PTR<dentry>(err);
    }
}
