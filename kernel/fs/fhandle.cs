// SPDX-License-Identifier: GPL-2.0-only

//
// fs/fhandle.c: name_to_handle_at(2) and open_by_handle_at(2). A handle is
// what the filesystem's export operations encode for an inode; decoding
// it needs a mount to decode against (the "anchor": a descriptor on that
// filesystem, the working directory, or one of the special FD_PIDFS_ROOT /
// FD_NSFS_ROOT descriptors). Decoding is privileged (CAP_DAC_READ_SEARCH)
// unless the filesystem brings its own permission check, as pidfs does,
// and a filesystem may also bring its own open.
//
// do_handle_open has its 6.19 form: FD_ADD() over file_open_handle(), from
// the FD_PREPARE conversion merged for 6.19-rc1 (6.18 reserved the
// descriptor with CLASS(get_unused_fd) and called fd_install itself).
//
// Not ported: connectable handles (no filesystem of the port can decode
// them), the unprivileged O_DIRECTORY mode of may_decode_fh beyond its
// capability checks (the port has no user mounts), the compat syscall.
using System;
using System.Buffers.Binary;

namespace Linux;

/// <summary>fs/fhandle.c.</summary>
public sealed partial class vmlinux
{
    /* copy_to_user of the struct file_handle header and handle_bytes bytes of body */
    private static bool copy_handle_to_user(file_handle ufh, file_handle handle, int handle_bytes)
    {
        if (ufh.f_handle.Length < handle_bytes)
            return false;
        ufh.handle_bytes = handle.handle_bytes;
        ufh.handle_type = handle.handle_type;
        handle.f_handle.AsSpan(0, handle_bytes).CopyTo(ufh.f_handle);
        return true;
    }

    /* copy_from_user of handle_bytes bytes of body */
    private static bool copy_handle_from_user(file_handle handle, file_handle ufh, int handle_bytes)
    {
        if (ufh.f_handle.Length < handle_bytes)
            return false;
        ufh.f_handle.AsSpan(0, handle_bytes).CopyTo(handle.f_handle);
        return true;
    }

    private long do_sys_name_to_handle(in path path, file_handle? ufh, ulong[]? mnt_id, bool unique_mntid, int fh_flags)
    {
        long retval;
        uint f_handle_bytes;
        int handle_dwords, handle_bytes;
        file_handle? handle = null;

        /* a decodable handle needs a filesystem that can decode */
        if (!exportfs_can_encode_fh(path.dentry!.d_sb.s_export_op, fh_flags))
            return -errno.EOPNOTSUPP;

        /* connectable handles of disconnected dentries make no sense */
        if ((fh_flags & EXPORT_FH_CONNECTABLE) != 0 && this.WARN_ON(data_race((path.dentry.d_flags & DCACHE_DISCONNECTED) != 0)))
            return -errno.EINVAL;

        /* copy_from_user of the header: only its handle_bytes is read */
        if (ufh == null)
            return -errno.EFAULT;
        f_handle_bytes = ufh.handle_bytes;

        if (f_handle_bytes > MAX_HANDLE_SZ)
            return -errno.EINVAL;

        handle = this.kzalloc(GFP_KERNEL, static n => new file_handle(n), (int)f_handle_bytes); /* struct_size(handle, f_handle, f_handle.handle_bytes) */
        if (handle == null)
            return -errno.ENOMEM;

        /* the size in 32-bit words */
        handle_dwords = (int)(f_handle_bytes >> 2);

        /* encode a decodable (or FID) handle */
        retval = exportfs_encode_fh(path.dentry, new fid(handle.f_handle), ref handle_dwords, fh_flags);
        handle.handle_type = (int)retval;

        /* back to bytes; the header always reports the size used or needed */
        handle_bytes = handle_dwords * sizeof(uint);
        handle.handle_bytes = (uint)handle_bytes;
        if (handle.handle_bytes > f_handle_bytes || retval == FILEID_INVALID || retval < 0)
        {
            /* too small: tell user space the size needed, copy only the header */
            if (retval == FILEID_INVALID || retval == -errno.ENOSPC)
                retval = -errno.EOVERFLOW;
            handle_bytes = 0;
        }
        else
        {
            /*
             * A connectable handle says so itself (and whether it names a
             * directory), for the decode to check. Unreachable in the port:
             * exportfs_can_encode_fh refuses connectable handles, as no
             * filesystem here has fh_to_parent.
             */
            if ((fh_flags & EXPORT_FH_CONNECTABLE) != 0)
            {
                handle.handle_type |= FILEID_IS_CONNECTABLE;
                if (d_is_dir(path.dentry))
                    handle.handle_type |= FILEID_IS_DIR;
            }

            retval = 0;
        }

        /* the mount id */
        if (mnt_id == null || mnt_id.Length < 1)
            retval = -errno.EFAULT;
        else if (unique_mntid)
            mnt_id[0] = real_mount(path.mnt!).mnt_id_unique;
        else
            mnt_id[0] = (uint)real_mount(path.mnt!).mnt_id;

        /* and the handle */
        if (retval != -errno.EFAULT && !copy_handle_to_user(ufh, handle, handle_bytes))
            retval = -errno.EFAULT;
        this.kfree(handle);
        return retval;
    }

    /*
     * sys_name_to_handle_at: the handle of name relative to dfd (for a
     * pidfd: dfd is the pidfd, name "" and AT_EMPTY_PATH). handle_bytes
     * says how much room there is; when it is too little, EOVERFLOW comes
     * back with handle_bytes set to what is needed.
     */
    public long sys_name_to_handle_at(int dfd, string? name, file_handle? handle, ulong[]? mnt_id, int flag)
    {
        uint lookup_flags;
        int fh_flags = 0;
        int err;

        if ((flag & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH | AT_HANDLE_FID | AT_HANDLE_MNT_ID_UNIQUE | AT_HANDLE_CONNECTABLE)) != 0)
            return -errno.EINVAL;

        /*
         * A FID is never decoded while a connectable handle is meant to
         * be, and AT_EMPTY_PATH may name a disconnected file whose parent
         * is unknown: those combinations make no sense.
         */
        if ((flag & AT_HANDLE_CONNECTABLE) != 0 && (flag & (AT_HANDLE_FID | AT_EMPTY_PATH)) != 0)
            return -errno.EINVAL;
        else if ((flag & AT_HANDLE_FID) != 0)
            fh_flags |= EXPORT_FH_FID;
        else if ((flag & AT_HANDLE_CONNECTABLE) != 0)
            fh_flags |= EXPORT_FH_CONNECTABLE;

        lookup_flags = (flag & AT_SYMLINK_FOLLOW) != 0 ? LOOKUP_FOLLOW : 0;
        if ((flag & AT_EMPTY_PATH) != 0)
            lookup_flags |= LOOKUP_EMPTY;
        err = this.filename_lookup(dfd, name, lookup_flags, out var path);
        if (err == 0)
        {
            var ret = this.do_sys_name_to_handle(path, handle, mnt_id, (flag & AT_HANDLE_MNT_ID_UNIQUE) != 0, fh_flags);
            this.path_put(path);
            return ret;
        }

        return err;
    }

    /* get_path_anchor: the mount a handle is decoded against */
    private int get_path_anchor(int fd, [__returns_ref] out path root)
    {
        root = default;

        if (fd >= 0)
        {
            using var f = this.fdget(fd);
            if (fd_empty(f))
                return -errno.EBADF;
            root = fd_file(f)!.f_path;
            this.path_get(root);
            return 0;
        }

        if (fd == AT_FDCWD)
        {
            this.get_fs_pwd(this.current, out root);
            return 0;
        }

        if (fd == FD_PIDFS_ROOT)
        {
            this.pidfs_get_root(ref root);
            return 0;
        }

        if (fd == FD_NSFS_ROOT)
        {
            this.nsfs_get_root(out root);
            return 0;
        }

        return -errno.EBADF;
    }

    /* privileged_wrt_inode_uidgid: the port has one user namespace, where every id is mapped */
    private static bool privileged_wrt_inode_uidgid(user_namespace ns, mnt_idmap idmap, inode inode) => true;

    /* vfs_dentry_acceptable: may the caller reach the decoded dentry from the anchor? */
    private int vfs_dentry_acceptable(ref handle_to_path_ctx ctx, dentry dentry)
    {
        var user_ns = this.current_user_ns();
        dentry d;
        var root = ctx.root.dentry;
        var idmap = mnt_idmap(ctx.root.mnt!);
        var retval = 0;

        if (root == null)
            return 1;

        /* the old model: CAP_DAC_READ_SEARCH over everything */
        if (ctx.flags == 0)
            return 1;

        /* the decoded inode itself must have mapped ids */
        if (!privileged_wrt_inode_uidgid(user_ns, idmap, d_inode(dentry)!))
            return 0;

        /* walk up towards the anchor (the port's dentries are all roots) */
        d = this.dget(dentry)!;
        while (d != root && !IS_ROOT(d))
        {
            var parent = this.dget(d.d_parent)!;
            this.dput(d);
            d = parent;
        }

        if ((ctx.flags & HANDLE_CHECK_SUBTREE) == 0 || d == root)
            retval = 1;
        if ((ctx.fh_flags & EXPORT_FH_DIR_ONLY) != 0)
            this.WARN_ON_ONCE(d != root && d != root.d_sb.s_root);
        this.dput(d);
        return retval;
    }

    /* vfs_dentry_acceptable as a function pointer, made once (a method group would be a new delegate per call) */
    private acceptable_t<handle_to_path_ctx>? vfs_dentry_acceptable_;

    private int do_handle_to_path(file_handle handle, [__returns_ref] ref path path, ref handle_to_path_ctx ctx)
    {
        int handle_dwords;
        var mnt = ctx.root.mnt!;
        dentry? dentry;

        /* the size in 32-bit words */
        handle_dwords = (int)(handle.handle_bytes >> 2);
        dentry = this.exportfs_decode_fh_raw(mnt, new fid(handle.f_handle), handle_dwords, handle.handle_type, ctx.fh_flags, this.vfs_dentry_acceptable_ ??= this.vfs_dentry_acceptable, ref ctx);
        if (IS_ERR_OR_NULL(dentry))
        {
            if (dentry == ERR_PTR<dentry>(-errno.ENOMEM))
                return -errno.ENOMEM;
            return -errno.ESTALE;
        }

        path.dentry = dentry;
        path.mnt = this.mntget(mnt);
        return 0;
    }

    /* may_decode_fh: the generic privilege check for decoding handles */
    private int may_decode_fh(ref handle_to_path_ctx ctx, uint o_flags)
    {
        var root = ctx.root;

        if (this.capable(CAP_DAC_READ_SEARCH))
            return 0;

        /*
         * Without it, only directories can be opened, by someone who could
         * mount the filesystem (or bind-mount the anchor: not in the port).
         */
        if ((o_flags & O_DIRECTORY) == 0)
            return -errno.EPERM;

        if (this.ns_capable(root.mnt!.mnt_sb.s_user_ns, CAP_SYS_ADMIN))
            ctx.flags = HANDLE_CHECK_PERMS;
        else
            return -errno.EPERM;

        /* and DAC must be overridable */
        if (!this.ns_capable(this.current_user_ns(), CAP_DAC_READ_SEARCH))
            return -errno.EPERM;

        ctx.fh_flags = EXPORT_FH_DIR_ONLY;
        return 0;
    }

    /* handle_to_path: checks and decodes a user handle into path (with references) */
    private int handle_to_path(int mountdirfd, file_handle? ufh, [__returns_ref] ref path path, uint o_flags)
    {
        var retval = 0;
        uint f_handle_bytes;
        int f_handle_type;
        using var handle = this.__free<file_handle>(kfree, null);
        var ctx = default(handle_to_path_ctx);
        export_operations? eops;

        /* copy_from_user of the header (upstream's struct file_handle f_handle on the stack) */
        if (ufh == null)
            return -errno.EFAULT;
        f_handle_bytes = ufh.handle_bytes;
        f_handle_type = ufh.handle_type;

        if (f_handle_bytes > MAX_HANDLE_SZ || f_handle_bytes == 0)
            return -errno.EINVAL;

        if (f_handle_type < 0 || (FILEID_USER_FLAGS(f_handle_type) & ~FILEID_VALID_USER_FLAGS) != 0)
            return -errno.EINVAL;

        retval = this.get_path_anchor(mountdirfd, out ctx.root);
        if (retval != 0)
            return retval;

        eops = ctx.root.mnt!.mnt_sb.s_export_op;
        if (eops?.permission != null)
            retval = eops.permission(ref ctx, o_flags);
        else
            retval = this.may_decode_fh(ref ctx, o_flags);
        if (retval != 0)
            goto out_path;

        handle.ptr = this.kmalloc(GFP_KERNEL, static n => new file_handle(n), (int)f_handle_bytes); /* struct_size(handle, f_handle, f_handle.handle_bytes) */
        if (handle.ptr == null)
        {
            retval = -errno.ENOMEM;
            goto out_path;
        }

        /* copy the full handle */
        handle.ptr.handle_bytes = f_handle_bytes;
        handle.ptr.handle_type = f_handle_type;
        if (!copy_handle_from_user(handle.ptr, ufh, (int)f_handle_bytes))
        {
            retval = -errno.EFAULT;
            goto out_path;
        }

        /* a connectable handle asks for a connected, reachable path */
        if ((f_handle_type & FILEID_IS_CONNECTABLE) != 0)
        {
            ctx.fh_flags |= EXPORT_FH_CONNECTABLE;
            ctx.flags |= HANDLE_CHECK_SUBTREE;
        }

        if ((f_handle_type & FILEID_IS_DIR) != 0)
            ctx.fh_flags |= EXPORT_FH_DIR_ONLY;

        /* filesystems never see the user flags */
        handle.ptr.handle_type &= ~FILEID_USER_FLAGS_MASK;
        retval = this.do_handle_to_path(handle.ptr, ref path, ref ctx);

    out_path:
        this.path_put(ctx.root);
        return retval;
    }

    /* file_open_handle: the filesystem's own open if it has one (pidfs does), else an open of the path */
    private @file file_open_handle(path path, int open_flag)
    {
        export_operations? eops;

        eops = path.mnt!.mnt_sb.s_export_op;
        if (eops?.open != null)
            return eops.open(path, open_flag);

        return this.file_open_root(path, string.Empty, open_flag, 0);
    }

    private long do_handle_open(int mountdirfd, file_handle? ufh, int open_flag)
    {
        long retval;
        var path = default(path); /* __free(path_put) */

        retval = this.handle_to_path(mountdirfd, ufh, ref path, (uint)open_flag);
        if (retval != 0)
            return retval;

        retval = this.FD_ADD(open_flag, static (k, a) => k.file_open_handle(a.path, a.open_flag), (path, open_flag));
        this.path_put(path);
        return retval;
    }

    /*
     * sys_open_by_handle_at: opens the file a handle names, decoded against
     * the filesystem of mountdirfd; flags are open(2) flags.
     */
    public long sys_open_by_handle_at(int mountdirfd, file_handle? handle, int flags)
    {
#if CONFIG_64BIT
        /* force_o_largefile */
        flags |= O_LARGEFILE;
#endif
        return this.do_handle_open(mountdirfd, handle, flags);
    }
}
