// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/exportfs.h and the parts of fs/exportfs/expfs.c a pseudo
// filesystem reaches: encoding a dentry into a file handle through the
// filesystem's export_operations, and decoding a handle back. A handle's
// body is a sequence of 32-bit words; struct fid is that body.
//
// struct fid is not an object of its own: as upstream casts a handle's
// f_handle bytes to it, it is a view of those bytes as native-endian 32-bit
// words (a little-endian host, as the kernel the oracle runs).
//
// Not ported: the reconnect machinery of exportfs_decode_fh_raw
// (find_acceptable_alias, reconnect_path, the fh_to_parent fallback) and
// the generic ino32 encoder. Handles of the port's filesystems name
// disconnected, non-directory dentries only, for which decode is: ask
// fh_to_dentry, then let the caller's acceptable() judge.
using System;

namespace Linux;

/// <summary>struct fid: the filesystem-specific body of a file handle, as 32-bit words (a view, as upstream's cast of f_handle).</summary>
public readonly struct fid
{
    private readonly byte[] f_handle;

    /// <summary>Initializes a new instance of the <see cref="fid"/> struct: <c>(struct fid *)handle-&gt;f_handle</c>.</summary>
    /// <param name="f_handle">The handle's body.</param>
    public fid(byte[] f_handle) => this.f_handle = f_handle;

    /// <summary>Gets the body's whole 32-bit words (a trailing partial word is beyond any handle_dwords).</summary>
    public System.Span<uint> raw => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(this.f_handle.AsSpan());
}

/// <summary>struct export_operations (the methods pidfs reaches).</summary>
public sealed class export_operations
{
    /* (inode, fh words, ref max_len in words, parent) -> handle type or FILEID_INVALID */
    public encode_fh_t? encode_fh;
    public Func<super_block, fid, int, int, dentry?>? fh_to_dentry;
    public Func<path, int, @file>? open;
    public permission_t? permission;
    public ulong flags;
}

/// <summary>export_operations.encode_fh.</summary>
/// <param name="inode">The inode to encode.</param>
/// <param name="fh">The handle words.</param>
/// <param name="max_len">In: room in words; out: words used or needed.</param>
/// <param name="parent">The parent (connectable handles), or null.</param>
/// <returns>The handle type, or FILEID_INVALID.</returns>
public delegate int encode_fh_t(inode inode, Span<uint> fh, ref int max_len, inode? parent);

/// <summary>export_operations.permission: may the caller decode this filesystem's handles (it may set ctx's flags)?</summary>
/// <param name="ctx">handle_to_path's context.</param>
/// <param name="oflags">The open flags.</param>
/// <returns>0 or -errno.</returns>
public delegate int permission_t(ref handle_to_path_ctx ctx, uint oflags);

/// <summary>The acceptable() callback of exportfs_decode_fh_raw, with upstream's <c>void *context</c> typed.</summary>
/// <typeparam name="TContext">The context's type.</typeparam>
/// <param name="context">The caller's context.</param>
/// <param name="dentry">The decoded dentry.</param>
/// <returns>Nonzero if the dentry will do.</returns>
public delegate int acceptable_t<TContext>(ref TContext context, dentry dentry);

/// <summary>struct handle_to_path_ctx (fs/internal.h): on handle_to_path's stack, as upstream's, and passed by reference.</summary>
public struct handle_to_path_ctx
{
    public path root;
    public int flags;
    public uint fh_flags;
}

/// <summary>exportfs.h.</summary>
public sealed partial class vmlinux
{
    public const int FILEID_ROOT = 0;
    public const int FILEID_INO32_GEN = 1;
    public const int FILEID_KERNFS = 0xfe;
    public const int FILEID_INVALID = 0xff;

    /* user flag bits in handle_type (uapi/linux/fcntl.h and exportfs.h) */
    public const int FILEID_IS_CONNECTABLE = 0x10000;
    public const int FILEID_IS_DIR = 0x20000;
    public const int FILEID_VALID_USER_FLAGS = FILEID_IS_CONNECTABLE | FILEID_IS_DIR;
    public const int FILEID_USER_FLAGS_MASK = unchecked((int)0xffff0000);

    /* exportfs_encode_fh flags */
    public const int EXPORT_FH_CONNECTABLE = 0x1;
    public const int EXPORT_FH_FID = 0x2;
    public const int EXPORT_FH_DIR_ONLY = 0x4;

    /* handle_to_path_ctx.flags */
    public const int HANDLE_CHECK_PERMS = 1 << 0;
    public const int HANDLE_CHECK_SUBTREE = 1 << 1;

    public const int MAX_HANDLE_SZ = 128;

    public static int FILEID_USER_FLAGS(int type) => type & FILEID_USER_FLAGS_MASK;

    /* exportfs_can_encode_fid: any filesystem that can encode at all can encode a FID */
    public static bool exportfs_can_encode_fid(export_operations? nop) => nop == null || nop.encode_fh != null;

    /* exportfs_can_decode_fh */
    public static bool exportfs_can_decode_fh(export_operations? nop) => nop != null && nop.fh_to_dentry != null;

    /* exportfs_can_encode_fh: a decodable handle also needs fh_to_dentry */
    public static bool exportfs_can_encode_fh(export_operations? nop, int fh_flags)
    {
        /* a FID only has to be unique, so any filesystem can give one */
        if ((fh_flags & EXPORT_FH_FID) != 0)
            return exportfs_can_encode_fid(nop);

        /* a connectable handle needs fh_to_parent, which no filesystem of the port has */
        if ((fh_flags & EXPORT_FH_CONNECTABLE) != 0)
            return false;

        /* otherwise it must be decodable */
        return exportfs_can_decode_fh(nop);
    }
}
