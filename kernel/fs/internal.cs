// SPDX-License-Identifier: GPL-2.0-only

//
// fs/internal.h: what the VFS files share privately. pidfs_get_root is
// implemented by pidfs (fs/pidfs.cs); until it is, FD_PIDFS_ROOT has no
// root to resolve to.
namespace Linux;

/// <summary>fs/internal.h.</summary>
public sealed partial class vmlinux
{
    /* pidfs_get_root: the root of pidfs's internal mount, with references */
    partial void pidfs_get_root(ref path path);
}
