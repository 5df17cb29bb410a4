// SPDX-License-Identifier: GPL-2.0-only

//
// fs/internal.h: what the VFS files share privately: struct open_flags
// (what build_open_flags makes of open(2)'s flags for do_filp_open), and
// pidfs_get_root, which is
// implemented by pidfs (fs/pidfs.cs); until it is, FD_PIDFS_ROOT has no
// root to resolve to.
namespace Linux;

/// <summary>struct open_flags: an open's flags, mode, access mode and lookup flags.</summary>
public sealed class open_flags
{
    public int open_flag;
    public uint mode;
    public int acc_mode;
    public int intent;
    public uint lookup_flags;
}

/// <summary>fs/internal.h.</summary>
public sealed partial class vmlinux
{
    /* pidfs_get_root: the root of pidfs's internal mount, with references */
    partial void pidfs_get_root(ref path path);
}
