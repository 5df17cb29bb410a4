// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/xattr.h and uapi/linux/xattr.h: extended attribute
// handlers (one per name prefix, chosen by the VFS) and the in-memory
// attribute store of simple filesystems, a red-black tree by name.
//
// Not ported: xattr_handler.list/flags (no handler of the port hides
// itself), the simple_xattr space accounting.
using System;

namespace Linux;

/// <summary>struct xattr_handler.</summary>
public sealed class xattr_handler
{
    public string? name;
    public string? prefix;

    /* (handler, dentry, inode, name without prefix, buffer or NULL, size) -> size or -errno */
    public Func<xattr_handler, dentry, inode, string, byte[]?, int, int>? get;

    /* (handler, idmap, dentry, inode, name, value or NULL to remove, size, flags) -> 0 or -errno */
    public Func<xattr_handler, mnt_idmap, dentry, inode, string, byte[]?, int, int, int>? set;
}

/// <summary>struct simple_xattrs.</summary>
public sealed class simple_xattrs
{
    public rb_root rb_root = vmlinux.RB_ROOT();
    [__lock_class("simple_xattrs.lock")]
    public rwlock_t @lock = new("&xattrs->lock");
}

/// <summary>struct simple_xattr: its rb_node is its first member upstream, so the xattr is its own node (rbtree.cs).</summary>
public sealed class simple_xattr : rb_node
{
    public rb_node rb_node => this;
    public string? name;
    public int size;
    public byte[] value = Array.Empty<byte>();
}

/// <summary>xattr.h.</summary>
public sealed partial class vmlinux
{
    public const int XATTR_CREATE = 0x1;
    public const int XATTR_REPLACE = 0x2;
    public const int XATTR_NAME_MAX = 255;
    public const int XATTR_SIZE_MAX = 65536;
    public const int XATTR_LIST_MAX = 65536;

    public const string XATTR_SECURITY_PREFIX = "security.";
    public const string XATTR_SYSTEM_PREFIX = "system.";
    public const string XATTR_TRUSTED_PREFIX = "trusted.";
    public const string XATTR_NAME_CAPS = "security.capability";
    public const string XATTR_USER_PREFIX = "user.";
    public const string XATTR_NAME_POSIX_ACL_ACCESS = "system.posix_acl_access";
    public const string XATTR_NAME_POSIX_ACL_DEFAULT = "system.posix_acl_default";

    /* xattr_prefix: a handler's prefix, or its full name for a single-name handler */
    public static string xattr_prefix(xattr_handler handler) => handler.prefix ?? handler.name!;
}
