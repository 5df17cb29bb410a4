// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/fs_context.h: the filesystem context a mount is built
// from, and its operations.
//
// Not ported: parameters and parsing (nothing pidfs mounts takes any), the
// log, reconfiguration and submounts.
using System;

namespace Linux;

/// <summary>enum fs_context_purpose.</summary>
public enum fs_context_purpose
{
    FS_CONTEXT_FOR_MOUNT,
    FS_CONTEXT_FOR_SUBMOUNT,
    FS_CONTEXT_FOR_RECONFIGURE,
}

/// <summary>struct fs_context_operations.</summary>
public sealed class fs_context_operations
{
    public Action<fs_context>? free;
    public Func<fs_context, int>? get_tree;
}

/// <summary>struct fs_context.</summary>
public sealed class fs_context
{
    public fs_context_operations? ops;
    public file_system_type fs_type = null!;
    public object? fs_private;
    public object? sget_key;
    public dentry? root;
    public user_namespace user_ns = null!;
    public cred cred = null!;
    public string? source;
    public object? s_fs_info;
    public ulong sb_flags;
    public ulong sb_flags_mask;
    public ulong s_iflags;
    public fs_context_purpose purpose;
    public bool global;
}
