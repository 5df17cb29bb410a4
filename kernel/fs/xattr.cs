// SPDX-License-Identifier: GPL-2.0-only

//
// fs/xattr.c: extended attributes. The VFS checks the name (1 to 255
// bytes: an empty or overlong name is ERANGE), the value size (at most
// 64 KiB: E2BIG) and the caller's permission for the name's namespace
// (trusted.* needs CAP_SYS_ADMIN, user.* only on regular files and
// directories and with write permission), then hands the name without its
// prefix to the superblock's handler for that prefix; a name no handler
// claims is EOPNOTSUPP. The inode lock (i_rwsem) is held across a set or
// remove.
//
// simple_xattrs is the in-memory store of simple filesystems: a red-black
// tree keyed so that an in-order walk lists names in descending strcmp()
// order, which is what listxattr shows.
//
// Not ported: the LSM hooks and security.* special cases, delegations,
// POSIX ACLs beyond the header check of a set (no filesystem of the port
// stores ACLs: a well-formed ACL is EOPNOTSUPP; getting or removing an ACL
// is EOPNOTSUPP), the path-based and *at() syscalls, the space accounting
// of simple_xattr_space.
using System;
using System.Text;

namespace Linux;

/// <summary>fs/xattr.c.</summary>
public sealed partial class vmlinux
{
    public const int POSIX_ACL_XATTR_VERSION = 0x0002;

    private static readonly UTF8Encoding xattr_utf8 = new(false, false);

    /* strcmp_prefix: the rest of a after prefix, or null if a does not start with it */
    private static string? strcmp_prefix(string a, string a_prefix) =>
        a.StartsWith(a_prefix, StringComparison.Ordinal) ? a.Substring(a_prefix.Length) : null;

    private static bool is_posix_acl_xattr(string name) =>
        name == XATTR_NAME_POSIX_ACL_ACCESS || name == XATTR_NAME_POSIX_ACL_DEFAULT;

    /* xattr_resolve_name: the handler for name's prefix; name loses the prefix */
    private static xattr_handler xattr_resolve_name(inode inode, ref string name)
    {
        var handlers = inode.i_sb.s_xattr;

        if ((inode.i_opflags & IOP_XATTR) == 0)
            return ERR_PTR<xattr_handler>(-errno.EOPNOTSUPP);
        foreach (var handler in handlers ?? Array.Empty<xattr_handler>())
        {
            string? n;

            n = strcmp_prefix(name, xattr_prefix(handler));
            if (n != null)
            {
                /* a prefix handler needs a suffix, a full-name handler must not have one */
                if ((handler.prefix == null) ^ (n.Length == 0))
                {
                    if (n.Length != 0)
                        continue;
                    return ERR_PTR<xattr_handler>(-errno.EINVAL);
                }

                name = n;
                return handler;
            }
        }

        return ERR_PTR<xattr_handler>(-errno.EOPNOTSUPP);
    }

    /* may_write_xattr: immutable and append-only inodes take no attribute changes */
    private static int may_write_xattr(mnt_idmap idmap, inode inode)
    {
        if (IS_IMMUTABLE(inode) || IS_APPEND(inode))
            return -errno.EPERM;
        return 0;
    }

    /* xattr_permission: may current access attribute name of inode (mask: MAY_READ or MAY_WRITE)? */
    private int xattr_permission(mnt_idmap idmap, inode inode, string name, int mask)
    {
        if ((mask & MAY_WRITE) != 0)
        {
            int ret;

            ret = may_write_xattr(idmap, inode);
            if (ret != 0)
                return ret;
        }

        /* security.* and system.* are left to the filesystem and the LSMs */
        if (name.StartsWith(XATTR_SECURITY_PREFIX, StringComparison.Ordinal) ||
            name.StartsWith(XATTR_SYSTEM_PREFIX, StringComparison.Ordinal))
            return 0;

        /* trusted.* is for the privileged only */
        if (name.StartsWith(XATTR_TRUSTED_PREFIX, StringComparison.Ordinal))
        {
            if (!this.capable(CAP_SYS_ADMIN))
                return (mask & MAY_WRITE) != 0 ? -errno.EPERM : -errno.ENODATA;
            return 0;
        }

        /*
         * user.* exists only on regular files and directories; on a sticky
         * directory only the owner may write it.
         */
        if (name.StartsWith(XATTR_USER_PREFIX, StringComparison.Ordinal))
        {
            if (!S_ISREG(inode.i_mode) && !S_ISDIR(inode.i_mode))
                return (mask & MAY_WRITE) != 0 ? -errno.EPERM : -errno.ENODATA;
            if (S_ISDIR(inode.i_mode) && (inode.i_mode & S_ISVTX) != 0 &&
                (mask & MAY_WRITE) != 0 && !this.inode_owner_or_capable(idmap, inode))
                return -errno.EPERM;
        }

        return this.inode_permission(idmap, inode, mask);
    }

    /* __vfs_setxattr: hands the set to the handler (no permission checks) */
    public static int __vfs_setxattr(mnt_idmap idmap, dentry dentry, inode inode, string name, byte[]? value, int size, int flags)
    {
        xattr_handler handler;

        if (is_posix_acl_xattr(name))
            return -errno.EOPNOTSUPP;

        handler = xattr_resolve_name(inode, ref name);
        if (IS_ERR(handler))
            return (int)PTR_ERR(handler);
        if (handler.set == null)
            return -errno.EOPNOTSUPP;
        if (size == 0)
            value = Array.Empty<byte>(); /* an empty value, not a removal */
        return handler.set(handler, idmap, dentry, inode, name, value, size, flags);
    }

    [__must_hold("dentry.d_inode.i_rwsem")]
    private int __vfs_setxattr_locked(mnt_idmap idmap, dentry dentry, string name, byte[]? value, int size, int flags)
    {
        var inode = dentry.d_inode!;
        int error;

        error = this.xattr_permission(idmap, inode, name, MAY_WRITE);
        if (error != 0)
            return error;

        return __vfs_setxattr(idmap, dentry, inode, name, value, size, flags);
    }

    /* vfs_setxattr: a checked set under the inode lock */
    [__might_sleep]
    public int vfs_setxattr(mnt_idmap idmap, dentry dentry, string name, byte[]? value, int size, int flags)
    {
        int error;

        this.inode_lock(dentry.d_inode!);
        error = this.__vfs_setxattr_locked(idmap, dentry, name, value, size, flags);
        this.inode_unlock(dentry.d_inode!);

        return error;
    }

    /* __vfs_getxattr: hands the get to the handler (no permission checks) */
    public static int __vfs_getxattr(dentry dentry, inode inode, string name, byte[]? value, int size)
    {
        xattr_handler handler;

        if (is_posix_acl_xattr(name))
            return -errno.EOPNOTSUPP;

        handler = xattr_resolve_name(inode, ref name);
        if (IS_ERR(handler))
            return (int)PTR_ERR(handler);
        if (handler.get == null)
            return -errno.EOPNOTSUPP;
        return handler.get(handler, dentry, inode, name, value, size);
    }

    /* vfs_getxattr: a checked get */
    public int vfs_getxattr(mnt_idmap idmap, dentry dentry, string name, byte[]? value, int size)
    {
        var inode = dentry.d_inode!;
        int error;

        error = this.xattr_permission(idmap, inode, name, MAY_READ);
        if (error != 0)
            return error;

        return __vfs_getxattr(dentry, inode, name, value, size);
    }

    /* vfs_listxattr: the inode's listxattr, or nothing */
    public static long vfs_listxattr(dentry dentry, byte[]? list, int size)
    {
        var inode = d_inode(dentry)!;
        long error;

        if (inode.i_op?.listxattr != null)
        {
            error = inode.i_op.listxattr(dentry, list, size);
        }
        else
        {
            /* no LSM in the port lists security attributes */
            error = 0;
            if (size != 0 && error > size)
                error = -errno.ERANGE;
        }

        return error;
    }

    /* __vfs_removexattr: a removal is a set of no value with XATTR_REPLACE */
    public static int __vfs_removexattr(mnt_idmap idmap, dentry dentry, string name)
    {
        var inode = d_inode(dentry)!;
        xattr_handler handler;

        if (is_posix_acl_xattr(name))
            return -errno.EOPNOTSUPP;

        handler = xattr_resolve_name(inode, ref name);
        if (IS_ERR(handler))
            return (int)PTR_ERR(handler);
        if (handler.set == null)
            return -errno.EOPNOTSUPP;
        return handler.set(handler, idmap, dentry, inode, name, null, 0, XATTR_REPLACE);
    }

    [__must_hold("dentry.d_inode.i_rwsem")]
    private int __vfs_removexattr_locked(mnt_idmap idmap, dentry dentry, string name)
    {
        var inode = dentry.d_inode!;
        int error;

        error = this.xattr_permission(idmap, inode, name, MAY_WRITE);
        if (error != 0)
            return error;

        return __vfs_removexattr(idmap, dentry, name);
    }

    /* vfs_removexattr: a checked removal under the inode lock */
    [__might_sleep]
    public int vfs_removexattr(mnt_idmap idmap, dentry dentry, string name)
    {
        int error;

        this.inode_lock(dentry.d_inode!);
        error = this.__vfs_removexattr_locked(idmap, dentry, name);
        this.inode_unlock(dentry.d_inode!);
        return error;
    }

    /* import_xattr_name: 1 to XATTR_NAME_MAX bytes, else ERANGE */
    private static int import_xattr_name(string? name, out string kname)
    {
        kname = string.Empty;
        if (name == null)
            return -errno.EFAULT;

        /* the kernel copies at most XATTR_NAME_MAX + 1 bytes up to the NUL */
        var len = xattr_utf8.GetByteCount(name);
        if (len == 0 || len >= XATTR_NAME_MAX + 1)
            return -errno.ERANGE;
        kname = name;
        return 0;
    }

    /* posix_acl_from_xattr, as far as the header: the port stores no ACL */
    private static int posix_acl_check_xattr(byte[]? value, int size)
    {
        if (value == null)
            return 0;
        if (size < 4)
            return -errno.EINVAL;
        if (BitConverter.ToInt32(value, 0) != POSIX_ACL_XATTR_VERSION)
            return -errno.EOPNOTSUPP;
        if ((size - 4) % 8 != 0)
            return -errno.EINVAL;
        return 0;
    }

    private static int do_set_acl(mnt_idmap idmap, dentry dentry, string acl_name, byte[]? kvalue, int size)
    {
        var error = posix_acl_check_xattr(kvalue, size);
        if (error != 0)
            return error;

        /* vfs_set_acl: no inode of the port has ->set_acl */
        return -errno.EOPNOTSUPP;
    }

    private int do_setxattr(mnt_idmap idmap, dentry dentry, string kname, byte[]? kvalue, int size, int flags)
    {
        if (is_posix_acl_xattr(kname))
            return do_set_acl(idmap, dentry, kname, kvalue, size);

        return this.vfs_setxattr(idmap, dentry, kname, kvalue, size, flags);
    }

    /* sys_fsetxattr */
    public long sys_fsetxattr(int fd, string? name, byte[]? value, int size, int flags)
    {
        byte[]? kvalue = null;
        int error;

        /* setxattr_copy */
        if ((flags & ~(XATTR_CREATE | XATTR_REPLACE)) != 0)
            return -errno.EINVAL;

        error = import_xattr_name(name, out var kname);
        if (error != 0)
            return error;

        if (size != 0)
        {
            if (size < 0 || size > XATTR_SIZE_MAX)
                return -errno.E2BIG;
            kvalue = this.vmemdup_user(value, size);
            if (IS_ERR(kvalue))
                return PTR_ERR(kvalue);
        }

        using (var f = this.fdget(fd))
        {
            if (fd_empty(f))
                error = -errno.EBADF;
            else
                error = this.do_setxattr(file_mnt_idmap(fd_file(f)!), fd_file(f)!.f_path.dentry!, kname, kvalue, size, flags);
        }

        /* the value copy is the caller's to free, whatever the outcome */
        this.kvfree(kvalue);
        return error;
    }

    private long do_getxattr(mnt_idmap idmap, dentry d, string kname, byte[]? value, int size)
    {
        long error;
        byte[]? kvalue = null;

        if (size != 0)
        {
            if (size > XATTR_SIZE_MAX)
                size = XATTR_SIZE_MAX;
            kvalue = this.kvmalloc_array(GFP_KERNEL | gfp_t.__GFP_ZERO, () => new byte[size]); /* kvzalloc */
            if (kvalue == null)
                return -errno.ENOMEM;
        }

        if (is_posix_acl_xattr(kname))
            error = -errno.EOPNOTSUPP;
        else
            error = this.vfs_getxattr(idmap, d, kname, kvalue, size);
        if (error > 0)
        {
            if (size != 0)
            {
                if (value == null || value.Length < error)
                    error = -errno.EFAULT;
                else
                    Array.Copy(kvalue!, value, error);
            }
        }
        else if (error == -errno.ERANGE && size >= XATTR_SIZE_MAX)
        {
            /* no filesystem can have a bigger value */
            error = -errno.E2BIG;
        }

        this.kvfree(kvalue);
        return error;
    }

    /* sys_fgetxattr */
    public long sys_fgetxattr(int fd, string? name, byte[]? value, int size)
    {
        int error;

        error = import_xattr_name(name, out var kname);
        if (error != 0)
            return error;

        using var f = this.fdget(fd);
        if (fd_empty(f))
            return -errno.EBADF;
        return this.do_getxattr(file_mnt_idmap(fd_file(f)!), fd_file(f)!.f_path.dentry!, kname, value, size);
    }

    private long listxattr(dentry d, byte[]? list, int size)
    {
        long error;
        byte[]? klist = null;

        if (size != 0)
        {
            if (size > XATTR_LIST_MAX)
                size = XATTR_LIST_MAX;
            klist = this.kvmalloc_array(GFP_KERNEL, () => new byte[size]);
            if (klist == null)
                return -errno.ENOMEM;
        }

        error = vfs_listxattr(d, klist, size);
        if (error > 0)
        {
            if (size != 0)
            {
                if (list == null || list.Length < error)
                    error = -errno.EFAULT;
                else
                    Array.Copy(klist!, list, error);
            }
        }
        else if (error == -errno.ERANGE && size >= XATTR_LIST_MAX)
        {
            /* a list longer than XATTR_LIST_MAX cannot be returned */
            error = -errno.E2BIG;
        }

        this.kvfree(klist);
        return error;
    }

    /* sys_flistxattr */
    public long sys_flistxattr(int fd, byte[]? list, int size)
    {
        using var f = this.fdget(fd);
        if (fd_empty(f))
            return -errno.EBADF;
        return this.listxattr(fd_file(f)!.f_path.dentry!, list, size);
    }

    private int removexattr(mnt_idmap idmap, dentry d, string name)
    {
        if (is_posix_acl_xattr(name))
            return -errno.EOPNOTSUPP;
        return this.vfs_removexattr(idmap, d, name);
    }

    /* sys_fremovexattr */
    public long sys_fremovexattr(int fd, string? name)
    {
        int error;

        error = import_xattr_name(name, out var kname);
        if (error != 0)
            return error;

        using var f = this.fdget(fd);
        if (fd_empty(f))
            return -errno.EBADF;
        return this.removexattr(file_mnt_idmap(fd_file(f)!), fd_file(f)!.f_path.dentry!, kname);
    }

    /* xattr_list_one: appends name and its NUL, or only counts it without a buffer */
    public static int xattr_list_one(byte[]? buffer, ref int pos, ref long remaining_size, string name)
    {
        var bytes = xattr_utf8.GetBytes(name);
        var len = bytes.Length + 1;

        if (buffer != null)
        {
            if (remaining_size < len)
                return -errno.ERANGE;
            Array.Copy(bytes, 0, buffer, pos, bytes.Length);
            buffer[pos + bytes.Length] = 0;
            pos += len;
        }

        remaining_size -= len;
        return 0;
    }

    /* simple_xattr_alloc: a new attribute holding a copy of value */
    public simple_xattr? simple_xattr_alloc(byte[] value, int size)
    {
        var new_xattr = this.kvmalloc<simple_xattr>(GFP_KERNEL_ACCOUNT);
        if (new_xattr == null)
            return null;

        new_xattr.size = size;
        new_xattr.value = value.AsSpan(0, size).ToArray();
        return new_xattr;
    }

    /* simple_xattr_free (NULL-safe) */
    public void simple_xattr_free(simple_xattr? xattr)
    {
        if (xattr == null)
            return;

        this.kfree(xattr.name);
        this.kvfree(xattr);
    }

    /* rbtree_simple_xattr_cmp: note the order (node name against key): in-order is descending by name */
    private static int rbtree_simple_xattr_cmp(string key, rb_node node)
    {
        var xattr_name = key;
        var xattr = rb_entry<simple_xattr>(node);
        return string.CompareOrdinal(xattr.name, xattr_name);
    }

    private static int rbtree_simple_xattr_node_cmp(rb_node new_node, rb_node node)
    {
        var xattr = rb_entry<simple_xattr>(new_node);
        return rbtree_simple_xattr_cmp(xattr.name!, node);
    }

    /* simple_xattr_get: the value's length; copied if buffer is given (ERANGE if it is too small) */
    public int simple_xattr_get(simple_xattrs xattrs, string name, byte[]? buffer, int size)
    {
        simple_xattr? xattr;
        rb_node? rbp;
        int ret = -errno.ENODATA;

        this.read_lock(xattrs.@lock);
        rbp = rb_find(name, xattrs.rb_root, rbtree_simple_xattr_cmp);
        if (rbp != null)
        {
            xattr = rb_entry<simple_xattr>(rbp);
            ret = xattr.size;
            if (buffer != null)
            {
                if (size < xattr.size)
                    ret = -errno.ERANGE;
                else
                    Array.Copy(xattr.value, buffer, xattr.size);
            }
        }

        this.read_unlock(xattrs.@lock);
        return ret;
    }

    /*
     * simple_xattr_set: sets, replaces or (value NULL) removes name. Returns
     * the attribute that was replaced or removed, for the caller to free,
     * NULL if there was none, or an error pointer (EEXIST for XATTR_CREATE
     * on an existing name, ENODATA for XATTR_REPLACE on a missing one).
     */
    public simple_xattr? simple_xattr_set(simple_xattrs xattrs, string name, byte[]? value, int size, int flags)
    {
        simple_xattr? old_xattr = null, new_xattr = null;
        rb_node? parent = null;
        int err = 0, ret;

        /* no value means remove */
        if (value != null)
        {
            new_xattr = this.simple_xattr_alloc(value, size);
            if (new_xattr == null)
                return ERR_PTR<simple_xattr>(-errno.ENOMEM);

            new_xattr.name = this.kstrdup(name, GFP_KERNEL_ACCOUNT);
            if (new_xattr.name == null)
            {
                this.simple_xattr_free(new_xattr);
                return ERR_PTR<simple_xattr>(-errno.ENOMEM);
            }
        }

        this.write_lock(xattrs.@lock);
        ref rb_node? rbp = ref xattrs.rb_root.rb_node;
        while (rbp != null)
        {
            parent = rbp;
            ret = rbtree_simple_xattr_cmp(name, rbp);
            if (ret < 0)
                rbp = ref rbp.rb_left;
            else if (ret > 0)
                rbp = ref rbp.rb_right;
            else
                old_xattr = rb_entry<simple_xattr>(rbp);
            if (old_xattr != null)
                break;
        }

        if (old_xattr != null)
        {
            /* XATTR_CREATE and it exists */
            if ((flags & XATTR_CREATE) != 0)
            {
                err = -errno.EEXIST;
                goto out_unlock;
            }

            if (new_xattr != null)
                rb_replace_node(old_xattr.rb_node, new_xattr.rb_node, xattrs.rb_root);
            else
                rb_erase(old_xattr.rb_node, xattrs.rb_root);
        }
        else
        {
            /* XATTR_REPLACE and it does not exist */
            if ((flags & XATTR_REPLACE) != 0)
            {
                err = -errno.ENODATA;
                goto out_unlock;
            }

            /* a new value is inserted; removing a missing name does nothing */
            if (new_xattr != null)
            {
                rb_link_node(new_xattr.rb_node, parent, ref rbp);
                rb_insert_color(new_xattr.rb_node, xattrs.rb_root);
            }
        }

    out_unlock:
        this.write_unlock(xattrs.@lock);
        if (err == 0)
            return old_xattr;
        this.simple_xattr_free(new_xattr);
        return ERR_PTR<simple_xattr>(err);
    }

    private static bool xattr_is_trusted(string name) => name.StartsWith(XATTR_TRUSTED_PREFIX, StringComparison.Ordinal);

    /*
     * simple_xattr_list: every name, NUL-terminated, in tree order; trusted.*
     * names only for CAP_SYS_ADMIN. Without a buffer, the size needed.
     */
    public long simple_xattr_list(inode inode, simple_xattrs xattrs, byte[]? buffer, int size)
    {
        var trusted = this.ns_capable(this.init_user_ns, CAP_SYS_ADMIN);
        simple_xattr xattr;
        rb_node? rbp;
        long remaining_size = size;
        int err = 0;
        int pos = 0;

        this.read_lock(xattrs.@lock);
        for (rbp = rb_first(xattrs.rb_root); rbp != null; rbp = rb_next(rbp))
        {
            xattr = rb_entry<simple_xattr>(rbp);

            /* trusted.* stays hidden from the unprivileged */
            if (!trusted && xattr_is_trusted(xattr.name!))
                continue;

            err = xattr_list_one(buffer, ref pos, ref remaining_size, xattr.name!);
            if (err != 0)
                break;
        }

        this.read_unlock(xattrs.@lock);

        return err != 0 ? err : size - remaining_size;
    }

    /* simple_xattr_add: inserts without looking for an existing name */
    public void simple_xattr_add(simple_xattrs xattrs, simple_xattr new_xattr)
    {
        this.write_lock(xattrs.@lock);
        rb_add(new_xattr.rb_node, xattrs.rb_root, (a, b) => rbtree_simple_xattr_node_cmp(a, b) < 0);
        this.write_unlock(xattrs.@lock);
    }

    /* simple_xattrs_init */
    public static void simple_xattrs_init(simple_xattrs xattrs)
    {
        xattrs.rb_root = RB_ROOT();
    }

    /* simple_xattrs_free: frees every attribute; nobody can look at them any more */
    public void simple_xattrs_free(simple_xattrs xattrs, out long freed_space)
    {
        rb_node? rbp;

        freed_space = 0;
        rbp = rb_first(xattrs.rb_root);
        while (rbp != null)
        {
            simple_xattr xattr;
            rb_node? rbp_next;

            rbp_next = rb_next(rbp);
            xattr = rb_entry<simple_xattr>(rbp);
            rb_erase(xattr.rb_node, xattrs.rb_root);
            freed_space += xattr.size;
            this.simple_xattr_free(xattr);
            rbp = rbp_next;
        }
    }

    /// <summary>xattr_full_name: the full attribute name from a handler's prefix and the suffix it was given.</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="name">The name without the prefix.</param>
    /// <returns>The full name.</returns>
    public static string xattr_full_name(xattr_handler handler, string name) => (handler.prefix ?? handler.name ?? string.Empty) + name;
}
