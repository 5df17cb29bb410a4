// SPDX-License-Identifier: GPL-2.0-only

//
// fs/namei.c: permission checks on inodes, and the starting point of a
// path lookup. The port has no directory tree to walk: a lookup resolves
// the empty name (with LOOKUP_EMPTY, i.e. AT_EMPTY_PATH) to the start
// itself, "." to a directory start, and any other name to ENOENT, after
// the same ENOTDIR check on the start that the kernel makes.
//
// Not ported: the path walk (link_path_walk, RCU walk, symlinks, mounts),
// ACLs in permission checks, the idmapped-mount variants.
namespace Linux;

/// <summary>fs/namei.c.</summary>
public sealed partial class vmlinux
{
    public const uint LOOKUP_FOLLOW = 0x0001;
    public const uint LOOKUP_DIRECTORY = 0x0002;
    public const uint LOOKUP_EMPTY = 0x4000;

    /* acl_permission_check: the owner/group/other bits */
    private int acl_permission_check(mnt_idmap idmap, inode inode, int mask)
    {
        var mode = inode.i_mode;
        var cred = this.current_cred();

        /* are we the owner? then only the owner bits count */
        if (cred.fsuid == i_uid_into_vfsuid(idmap, inode))
        {
            mask &= 7;
            mode >>= 6;
            return (mask & ~(int)mode) != 0 ? -errno.EACCES : 0;
        }

        if (cred.fsgid == i_gid_into_vfsgid(idmap, inode))
            mode >>= 3;

        /* (ACLs not ported) */
        return (mask & 7 & ~(int)mode) != 0 ? -errno.EACCES : 0;
    }

    /* generic_permission: the mode bits, then the DAC capabilities */
    public int generic_permission(mnt_idmap idmap, inode inode, int mask)
    {
        int ret;

        ret = this.acl_permission_check(idmap, inode, mask);
        if (ret != -errno.EACCES)
            return ret;

        if (S_ISDIR(inode.i_mode))
        {
            /* DACs are overridable for directories */
            if ((mask & MAY_WRITE) == 0 && this.capable(CAP_DAC_READ_SEARCH))
                return 0;
            if (this.capable(CAP_DAC_OVERRIDE))
                return 0;
            return -errno.EACCES;
        }

        /* searching includes executable on directories, else just read */
        mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
        if (mask == MAY_READ && this.capable(CAP_DAC_READ_SEARCH))
            return 0;

        /* read/write DACs are always overridable; executables if at least one exec bit is set */
        if ((mask & MAY_EXEC) == 0 || (inode.i_mode & 0x49) != 0)
        {
            if (this.capable(CAP_DAC_OVERRIDE))
                return 0;
        }

        return -errno.EACCES;
    }

    /* inode_permission: may current access inode as mask asks? */
    public int inode_permission(mnt_idmap idmap, inode inode, int mask)
    {
        if ((mask & MAY_WRITE) != 0)
        {
            /* nobody gets write access to an immutable file */
            if (IS_IMMUTABLE(inode))
                return -errno.EPERM;
        }

        return this.generic_permission(idmap, inode, mask);
    }

    /*
     * filename_lookup: resolves name relative to dfd (see the file comment
     * for how little of the walk the port has). The result carries references.
     */
    [__context_unsafe("the references of start go to the caller through path on success")]
    public int filename_lookup(int dfd, string? name, uint flags, out path path)
    {
        path start;

        path = default;
        if (name == null)
            return -errno.EFAULT;
        if (name.Length == 0 && (flags & LOOKUP_EMPTY) == 0)
            return -errno.ENOENT;

        if (name.StartsWith('/'))
        {
            this.get_fs_root(this.current, out start);
            name = name.TrimStart('/');
            if (name.Length == 0)
                name = ".";
        }
        else if (dfd == AT_FDCWD)
        {
            this.get_fs_pwd(this.current, out start);
        }
        else
        {
            using var f = this.fdget_raw(dfd);
            if (fd_empty(f))
                return -errno.EBADF;
            start = fd_file(f)!.f_path;

            /* a relative name needs a directory to start from */
            if (name.Length != 0 && !d_can_lookup(start.dentry!))
                return -errno.ENOTDIR;
            this.path_get(start);
        }

        if (name.Length == 0 || name == ".")
        {
            path = start;
            return 0;
        }

        this.path_put(start);
        return -errno.ENOENT;
    }
}
