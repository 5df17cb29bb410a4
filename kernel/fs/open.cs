// SPDX-License-Identifier: GPL-2.0-only

//
// fs/open.c: fchmod and fchown (which build an iattr and go through
// notify_change with the inode locked), turning a path into an open file,
// and close(). Opening takes
// new references on the path (the file owns them), asks the inode's file
// operations to open, and strips the flags that only mattered at open time
// (O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC) from f_flags.
//
// Not ported: write access accounting (i_writecount), leases, fsnotify,
// the LSM hooks, read/write capability bits (FMODE_CAN_READ/WRITE: the
// port has no read or write), O_DIRECT checks, openat2 and its resolve
// flags, file_open_name, the path forms of
// chmod/chown (the port has no path walk), mnt_want_write (the port's
// mounts are never read-only or frozen, so it always succeeds), audit.
namespace Linux;

/// <summary>fs/open.c.</summary>
public sealed partial class vmlinux
{
    private static readonly file_operations empty_fops = new();

    /* chmod_common: the new permission bits, with the file type kept */
    public int chmod_common(in path path, uint mode)
    {
        var inode = path.dentry!.d_inode!;
        var newattrs = new iattr();
        int error;

        /* (mnt_want_write: see the file comment; no delegations to break and retry) */
        this.inode_lock(path.dentry.d_inode!);
        /* (security_path_chmod: no LSM) */
        newattrs.ia_mode = (mode & S_IALLUGO) | (inode.i_mode & ~(uint)S_IALLUGO);
        newattrs.ia_valid = ATTR_MODE | ATTR_CTIME;
        error = this.notify_change(mnt_idmap(path.mnt!), path.dentry, newattrs);
        this.inode_unlock(path.dentry.d_inode!);
        return error;
    }

    public int vfs_fchmod(@file file, uint mode) => this.chmod_common(file.f_path, mode);

    /// <summary>sys_fchmod: fchmod(2).</summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="mode">The mode bits.</param>
    /// <returns>0 or -errno.</returns>
    public long sys_fchmod(uint fd, uint mode)
    {
        using var f = this.fdget((int)fd);

        if (fd_empty(f))
            return -errno.EBADF;

        return this.vfs_fchmod(fd_file(f)!, mode);
    }

    /* chown_common: a new owner and/or group ((uid_t)-1 leaves one as it is) */
    public int chown_common(in path path, uint user, uint group)
    {
        mnt_idmap idmap;
        var inode = path.dentry!.d_inode!;
        int error;
        var newattrs = new iattr();
        uint uid, gid;

        /* make_kuid/make_kgid over the caller's user namespace: the port's one namespace maps every id to itself */
        uid = user;
        gid = group;

        idmap = mnt_idmap(path.mnt!);

        newattrs.ia_uid = INVALID_UID;
        newattrs.ia_gid = INVALID_GID;
        newattrs.ia_valid = ATTR_CTIME;
        if (user != unchecked((uint)-1) && !setattr_vfsuid(newattrs, uid))
            return -errno.EINVAL;
        if (group != unchecked((uint)-1) && !setattr_vfsgid(newattrs, gid))
            return -errno.EINVAL;
        this.inode_lock(path.dentry.d_inode!);
        if (!S_ISDIR(inode.i_mode))
            newattrs.ia_valid |= ATTR_KILL_SUID | ATTR_KILL_PRIV | (uint)this.setattr_should_drop_sgid(idmap, inode);

        /* (security_path_chown: no LSM) */
        error = this.notify_change(idmap, path.dentry, newattrs);
        this.inode_unlock(path.dentry.d_inode!);
        return error;
    }

    public int vfs_fchown(@file file, uint user, uint group)
    {
        /* (mnt_want_write_file, audit_file: see the file comment) */
        return this.chown_common(file.f_path, user, group);
    }

    /// <summary>sys_fchown: fchown(2).</summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="user">The new owner, or (uid_t)-1.</param>
    /// <param name="group">The new group, or (gid_t)-1.</param>
    /// <returns>0 or -errno.</returns>
    public long sys_fchown(uint fd, uint user, uint group)
    {
        using var f = this.fdget((int)fd);

        if (fd_empty(f))
            return -errno.EBADF;

        return this.vfs_fchown(fd_file(f)!, user, group);
    }

    /* do_dentry_open: the open proper; on failure the path references are given back */
    private int do_dentry_open([__unpublished] @file f, System.Func<inode, @file, int>? open)
    {
        var inode = f.f_path.dentry!.d_inode!;
        int error;

        this.path_get(f.f_path);
        f.f_inode = inode;

        if ((f.f_flags & O_PATH) != 0)
        {
            f.f_mode = FMODE_PATH | FMODE_OPENED;
            f.f_op = empty_fops;
            return 0;
        }

        f.f_op = inode.i_fop!;
        if (this.WARN_ON(f.f_op == null))
        {
            error = -errno.ENODEV;
            goto cleanup_all;
        }

        /* normally all three are set; ->open() can clear them */
        f.f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
        if (open == null)
            open = f.f_op!.open;
        if (open != null)
        {
            error = open(inode, f);
            if (error != 0)
                goto cleanup_all;
        }

        f.f_mode |= FMODE_OPENED;

        /* these only matter while opening */
        f.f_flags &= ~(uint)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
        return 0;

    cleanup_all:
        if (this.WARN_ON_ONCE(error > 0))
            error = -errno.EINVAL;
        this.path_put(f.f_path);
        f.f_path = default;
        f.f_inode = null!;
        return error;
    }

    /* vfs_open: opens the file at path */
    public int vfs_open(in path path, [__unpublished] @file file)
    {
        file.f_path = path;
        return this.do_dentry_open(file, null);
    }

    /* dentry_open: a new open file on path with the given credentials; the caller keeps its path references */
    [return: __returns_ref]
    public @file dentry_open(in path path, int flags, cred cred)
    {
        int error;
        @file f;

        /* a valid mount is always needed */
        this.BUG_ON(path.mnt == null);

        f = this.alloc_empty_file(flags, cred);
        if (!IS_ERR(f))
        {
            error = this.vfs_open(path, f);
            if (error != 0)
            {
                this.fput(f);
                f = ERR_PTR<@file>(error);
            }
        }

        return f;
    }

    /*
     * file_open_root: opens filename relative to root. The port has no path
     * walk and no build_open_flags, so it opens only the empty name, which
     * is root itself (all open_by_handle_at asks for); any other name is ENOENT.
     */
    [return: __returns_ref]
    public @file file_open_root(in path root, string filename, int flags, uint mode)
    {
        if (filename.Length != 0)
            return ERR_PTR<@file>(-errno.ENOENT);
        return this.dentry_open(root, flags, this.current_cred());
    }

    /* the flags open(2) knows (the access mode and every O_* bit; FASYNC too) */
    public const int VALID_OPEN_FLAGS = O_RDONLY | O_WRONLY | O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND |
        O_NDELAY | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC |
        O_PATH | __O_TMPFILE | __O_SYNC;

    /* what O_PATH may come with */
    public const int O_PATH_FLAGS = O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC;

    /* ACC_MODE: the MAY_READ/MAY_WRITE an access mode asks for */
    private static int ACC_MODE(int x) => ((int[])[MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE, MAY_READ | MAY_WRITE])[x & O_ACCMODE];

    private static bool WILL_CREATE(int flags) => (flags & (O_CREAT | __O_TMPFILE)) != 0;

    /* build_open_how: open(2)'s flags and mode as openat2 would get them */
    private static (int flags, uint mode) build_open_how(int flags, uint mode)
    {
        var how_flags = flags & VALID_OPEN_FLAGS;
        var how_mode = mode & S_IALLUGO;

        /* O_PATH beats everything else */
        if ((how_flags & O_PATH) != 0)
            how_flags &= O_PATH_FLAGS;
        /* modes only matter for flags that create */
        if (!WILL_CREATE(how_flags))
            how_mode = 0;
        return (how_flags, how_mode);
    }

    /* build_open_flags: checks an open's flags and mode and makes the open_flags do_filp_open needs */
    private static int build_open_flags((int flags, uint mode) how, open_flags op)
    {
        var flags = how.flags;
        var strip = O_CLOEXEC;
        uint lookup_flags = 0;
        var acc_mode = ACC_MODE(flags);

        /* the fd table keeps O_CLOEXEC, not the file */
        flags &= ~strip;

        if ((flags & ~VALID_OPEN_FLAGS) != 0)
            return -errno.EINVAL;

        if (WILL_CREATE(flags))
        {
            if ((how.mode & ~(uint)S_IALLUGO) != 0)
                return -errno.EINVAL;
            op.mode = how.mode | S_IFREG;
        }
        else
        {
            if (how.mode != 0)
                return -errno.EINVAL;
            op.mode = 0;
        }

        /* O_DIRECTORY | O_CREAT once created regular files: refused (O_TMPFILE included) */
        if ((flags & (O_DIRECTORY | O_CREAT)) == (O_DIRECTORY | O_CREAT))
            return -errno.EINVAL;

        if ((flags & __O_TMPFILE) != 0)
        {
            /* O_TMPFILE needs O_DIRECTORY (so old kernels fail it) and write access */
            if ((flags & O_DIRECTORY) == 0)
                return -errno.EINVAL;
            if ((acc_mode & MAY_WRITE) == 0)
                return -errno.EINVAL;
        }

        if ((flags & O_PATH) != 0)
        {
            if ((flags & ~O_PATH_FLAGS) != 0)
                return -errno.EINVAL;
            acc_mode = 0;
        }

        /* O_SYNC is __O_SYNC|O_DSYNC: make O_DSYNC always set with it */
        if ((flags & __O_SYNC) != 0)
            flags |= O_DSYNC;

        op.open_flag = flags;

        /* O_TRUNC needs write permission */
        if ((flags & O_TRUNC) != 0)
            acc_mode |= MAY_WRITE;

        /* appending is told apart from writing */
        if ((flags & O_APPEND) != 0)
            acc_mode |= MAY_APPEND;

        op.acc_mode = acc_mode;

        op.intent = (flags & O_PATH) != 0 ? 0 : LOOKUP_OPEN;

        if ((flags & O_CREAT) != 0)
        {
            op.intent |= LOOKUP_CREATE;
            if ((flags & O_EXCL) != 0)
            {
                op.intent |= LOOKUP_EXCL;
                flags |= O_NOFOLLOW;
            }
        }

        if ((flags & O_DIRECTORY) != 0)
            lookup_flags |= LOOKUP_DIRECTORY;
        if ((flags & O_NOFOLLOW) == 0)
            lookup_flags |= LOOKUP_FOLLOW;

        op.lookup_flags = lookup_flags;
        return 0;
    }

    private long do_sys_openat2(int dfd, string? filename, (int flags, uint mode) how)
    {
        var op = new open_flags();
        int fd;
        @file f;

        fd = build_open_flags(how, op);
        if (fd != 0)
            return fd;

        /* getname */
        if (filename == null)
            return -errno.EFAULT;
        if (filename.Length == 0)
            return -errno.ENOENT;

        fd = this.get_unused_fd_flags(how.flags);
        if (fd >= 0)
        {
            f = this.do_filp_open(dfd, filename, op);
            if (IS_ERR(f))
            {
                this.put_unused_fd((uint)fd);
                fd = (int)PTR_ERR(f);
            }
            else
            {
                this.fd_install((uint)fd, f);
            }
        }

        return fd;
    }

    private long do_sys_open(int dfd, string? filename, int flags, uint mode) =>
        this.do_sys_openat2(dfd, filename, build_open_how(flags, mode));

    /// <summary>sys_openat: openat(2) (see fs/namei.cs for the names the port can look up).</summary>
    /// <param name="dfd">The directory fd or AT_FDCWD.</param>
    /// <param name="filename">The name.</param>
    /// <param name="flags">O_* flags.</param>
    /// <param name="mode">The mode of a file created (creating is not ported).</param>
    /// <returns>The new fd, or -errno.</returns>
    public long sys_openat(int dfd, string? filename, int flags, uint mode)
    {
#if CONFIG_64BIT
        /* force_o_largefile */
        flags |= O_LARGEFILE;
#endif
        return this.do_sys_open(dfd, filename, flags, mode);
    }

    /* filp_flush: what close does before the reference goes (nothing to flush in the port) */
    private int filp_flush(@file filp, files_struct? id)
    {
        if (READ_ONCE(ref filp.f_count) == 0)
        {
            this.printk("VFS: Close: file count is 0");
            return 0;
        }

        return 0;
    }

    /* filp_close: closes a file taken out of a table */
    public int filp_close([__releases_ref] @file filp, files_struct? id)
    {
        int retval;

        retval = this.filp_flush(filp, id);
        this.fput(filp);

        return retval;
    }

    /*
     * sys_close: the descriptor is gone from the table at once; the file is
     * torn down before returning (no deferred fput: we are about to return
     * to user space anyway).
     */
    public long sys_close(uint fd)
    {
        int retval;
        @file? file;

        file = this.file_close_fd(fd);
        if (file == null)
            return -errno.EBADF;

        retval = this.filp_flush(file, this.current.files);

        this.__fput_sync(file);

        return retval;
    }
}
