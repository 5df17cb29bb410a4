// SPDX-License-Identifier: GPL-2.0-only

//
// fs/open.c: turning a path into an open file, and close(). Opening takes
// new references on the path (the file owns them), asks the inode's file
// operations to open, and strips the flags that only mattered at open time
// (O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC) from f_flags.
//
// Not ported: write access accounting (i_writecount), leases, fsnotify,
// the LSM hooks, read/write capability bits (FMODE_CAN_READ/WRITE: the
// port has no read or write), O_DIRECT checks, build_open_how and the
// path-walking opens (do_sys_open, file_open_name).
namespace Linux;

/// <summary>fs/open.c.</summary>
public sealed partial class vmlinux
{
    private static readonly file_operations empty_fops = new();

    /* do_dentry_open: the open proper; on failure the path references are given back */
    [__context_unsafe("the file is not visible to anyone yet")]
    private int do_dentry_open(@file f, System.Func<inode, @file, int>? open)
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
    public int vfs_open(in path path, @file file)
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
