// SPDX-License-Identifier: GPL-2.0-only

//
// fs/anon_inodes.c: the getattr and setattr that files posing as anonymous
// inodes use. Tools such as lsof treat a file without a file type in
// st_mode as an anonymous inode, so getattr hides the S_IFMT bits; no
// attribute can be changed.
//
// Not ported: the anon_inode filesystem itself (anon_inode_getfile and
// friends); pidfs files are pidfs inodes.
namespace Linux;

/// <summary>fs/anon_inodes.c.</summary>
public sealed partial class vmlinux
{
    /* anon_inode_getattr: generic attributes without the file type */
    public static int anon_inode_getattr(mnt_idmap idmap, path path, ref kstat stat, uint request_mask, uint query_flags)
    {
        var inode = d_inode(path.dentry!)!;

        generic_fillattr(nop_mnt_idmap, request_mask, inode, ref stat);
        stat.mode &= ~(uint)S_IFMT;
        return 0;
    }

    /* anon_inode_setattr: nothing can be changed */
    public static int anon_inode_setattr(mnt_idmap idmap, dentry dentry, iattr attr) => -errno.EOPNOTSUPP;
}
