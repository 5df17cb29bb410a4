// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/mount.h: struct vfsmount, the part of a mount filesystems
// see. The rest of the mount is struct mount (fs/mount.cs).
namespace Linux;

/// <summary>struct vfsmount.</summary>
public sealed class vfsmount
{
    public dentry mnt_root = null!;
    public super_block mnt_sb = null!;
    public int mnt_flags;

    /* container_of(mnt, struct mount, mnt) */
    internal mount real = null!;
}

/// <summary>mount.h.</summary>
public sealed partial class vmlinux
{
    public const int MNT_NOSUID = 0x01;
    public const int MNT_NODEV = 0x02;
    public const int MNT_NOEXEC = 0x04;
    public const int MNT_INTERNAL = 0x4000;

    public static mnt_idmap mnt_idmap(vfsmount mnt) => nop_mnt_idmap;
}
