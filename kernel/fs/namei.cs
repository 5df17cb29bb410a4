// SPDX-License-Identifier: GPL-2.0-only

//
// fs/namei.c: permission checks on inodes, and the starting point of a
// path lookup. The port has no directory tree to walk: a lookup resolves
// the empty name (with LOOKUP_EMPTY, i.e. AT_EMPTY_PATH) to the start
// itself, "." to a directory start, and any other name to ENOENT, after
// the same ENOTDIR check on the start that the kernel makes.
//
// Absolute names under /dev are the device nodes drivers made
// (drivers/base/devtmpfs.cs). Opening (do_filp_open) looks the name up and
// then checks and opens the result as do_open does.
//
// Not ported: the path walk (link_path_walk, RCU walk, symlinks, mounts),
// creating files (O_CREAT on a missing name is ENOENT, O_TMPFILE is
// EOPNOTSUPP), ACLs in permission checks, the idmapped-mount variants.
namespace Linux;

/// <summary>fs/namei.c.</summary>
public sealed partial class vmlinux
{
    public const uint LOOKUP_FOLLOW = 0x0001;
    public const uint LOOKUP_DIRECTORY = 0x0002;
    public const uint LOOKUP_EMPTY = 0x4000;
    public const int LOOKUP_OPEN = 0x0100;
    public const int LOOKUP_CREATE = 0x0200;
    public const int LOOKUP_EXCL = 0x0400;

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
    public int filename_lookup(int dfd, string? name, uint flags, [__returns_ref] out path path)
    {
        path start;

        path = default;
        if (name == null)
            return -errno.EFAULT;
        if (name.Length == 0 && (flags & LOOKUP_EMPTY) == 0)
            return -errno.ENOENT;

        if (name.StartsWith("/dev/", System.StringComparison.Ordinal))
        {
            var err = this.devtmpfs_lookup(name, out path);
            if (err == 0 && (flags & LOOKUP_DIRECTORY) != 0 && !d_can_lookup(path.dentry!))
            {
                this.path_put(path);
                path = default;
                return -errno.ENOTDIR;
            }

            return err;
        }

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
            /* path_lookupat: a directory was asked for */
            if ((flags & LOOKUP_DIRECTORY) != 0 && !d_can_lookup(start.dentry!))
            {
                this.path_put(start);
                return -errno.ENOTDIR;
            }

            path = start;
            return 0;
        }

        this.path_put(start);
        return -errno.ENOENT;
    }

    /* may_open_dev: device nodes open only where the mount allows devices */
    private static bool may_open_dev(in path path) =>
        (path.mnt!.mnt_flags & MNT_NODEV) == 0 && (path.mnt.mnt_sb.s_iflags & SB_I_NODEV) == 0;

    /* may_open: what the file type and the permission bits allow for this open */
    private int may_open(mnt_idmap idmap, in path path, int acc_mode, int flag)
    {
        var dentry = path.dentry!;
        var inode = dentry.d_inode;
        int error;

        if (inode == null)
            return -errno.ENOENT;

        switch ((int)inode.i_mode & S_IFMT)
        {
            case S_IFLNK:
                return -errno.ELOOP;
            case S_IFDIR:
                if ((acc_mode & MAY_WRITE) != 0)
                    return -errno.EISDIR;
                if ((acc_mode & MAY_EXEC) != 0)
                    return -errno.EACCES;
                break;
            case S_IFCHR:
                if (!may_open_dev(path))
                    return -errno.EACCES;
                if ((acc_mode & MAY_EXEC) != 0)
                    return -errno.EACCES;
                flag &= ~O_TRUNC;
                break;
            case S_IFREG:
                break;
            default:
                /* only anonymous files (pidfs) have no type, and they are never opened by name */
                this.WARN_ON_ONCE((inode.i_flags & S_ANON_INODE) == 0);
                break;
        }

        error = this.inode_permission(idmap, inode, MAY_OPEN | acc_mode);
        if (error != 0)
            return error;

        /* an append-only file must be opened in append mode for writing */
        if (IS_APPEND(inode))
        {
            if ((flag & O_ACCMODE) != O_RDONLY && (flag & O_APPEND) == 0)
                return -errno.EPERM;
            if ((flag & O_TRUNC) != 0)
                return -errno.EPERM;
        }

        /* O_NOATIME can only be set by the owner or a capable caller */
        if ((flag & O_NOATIME) != 0 && !this.inode_owner_or_capable(idmap, inode))
            return -errno.EPERM;

        return 0;
    }

    /* do_open: the last steps of an open, on the path the lookup found */
    private int do_open(in path path, [__unpublished] @file file, open_flags op)
    {
        var idmap = mnt_idmap(path.mnt!);
        var open_flag = op.open_flag;
        int error;

        if ((open_flag & O_CREAT) != 0)
        {
            /* the name existed (creating is not ported), so O_EXCL fails */
            if ((open_flag & O_EXCL) != 0)
                return -errno.EEXIST;
            if (d_is_dir(path.dentry!))
                return -errno.EISDIR;
        }

        /* (LOOKUP_DIRECTORY was checked by the lookup) */
        error = this.may_open(idmap, path, op.acc_mode, open_flag);
        if (error == 0 && (file.f_mode & FMODE_OPENED) == 0)
            error = this.vfs_open(path, file);
        return error;
    }

    /* path_openat: a new file for name relative to dfd (see the file comment for what is walked) */
    [return: __returns_ref]
    private @file path_openat(int dfd, string name, open_flags op)
    {
        @file file;
        int error;

        file = this.alloc_empty_file(op.open_flag, this.current_cred());
        if (IS_ERR(file))
            return file;

        if ((op.open_flag & __O_TMPFILE) != 0) /* the new file's f_flags, not yet anyone else's */
        {
            /* do_tmpfile: creating files is not ported */
            error = -errno.EOPNOTSUPP;
        }
        else
        {
            error = this.filename_lookup(dfd, name, op.lookup_flags, out var path);
            if (error == 0)
            {
                /* do_o_path opens the looked-up path as it is; do_open checks first */
                error = (op.open_flag & O_PATH) != 0 ? this.vfs_open(path, file) : this.do_open(path, file, op);
                this.path_put(path);
            }
        }

        if (error == 0)
            return file;

        this.fput(file);
        return ERR_PTR<@file>(error);
    }

    /* do_filp_open: opens name relative to dfd with the flags build_open_flags made */
    [return: __returns_ref]
    public @file do_filp_open(int dfd, string name, open_flags op) => this.path_openat(dfd, name, op);
}
