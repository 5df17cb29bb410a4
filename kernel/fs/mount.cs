// SPDX-License-Identifier: GPL-2.0-only

//
// fs/mount.h: struct mount, the VFS's own view of a mount: its reference
// count and its two identifiers (the small reusable mnt_id and the 64-bit
// mnt_id_unique that is never reused).
//
// Not ported: the mount tree, mount namespaces and propagation.
namespace Linux;

/// <summary>struct mount.</summary>
public sealed class mount
{
    public mount() => this.mnt = new vfsmount { real = this };

    public vfsmount mnt;
    public int mnt_count;
    public int mnt_id;
    public ulong mnt_id_unique;
    public string? mnt_devname;
}

/// <summary>fs/mount.h.</summary>
public sealed partial class vmlinux
{
    public static mount real_mount(vfsmount mnt) => mnt.real;
}
