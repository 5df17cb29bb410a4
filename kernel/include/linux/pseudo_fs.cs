// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/pseudo_fs.h: what a pseudo filesystem (one that is never
// mounted by users) hands to init_pseudo().
namespace Linux;

/// <summary>struct pseudo_fs_context.</summary>
public sealed class pseudo_fs_context
{
    public super_operations? ops;
    public export_operations? eops;
    public xattr_handler[]? xattr;
    public dentry_operations? dops;
    public ulong magic;
    public uint s_d_flags;
}
