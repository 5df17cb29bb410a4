// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/dcache.h: struct dentry. Its fields and the dcache come
// with the VFS that pidfs runs on.
namespace Linux;

/// <summary>struct dentry.</summary>
public sealed partial class dentry
{
}
