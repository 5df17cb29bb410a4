// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/path.h: a location in the mount tree, a mount and a dentry
// on it. A path holding references owns one on each.
namespace Linux;

/// <summary>struct path.</summary>
public struct path
{
    public vfsmount? mnt;
    public dentry? dentry;

    public path(vfsmount? mnt, dentry? dentry)
    {
        this.mnt = mnt;
        this.dentry = dentry;
    }
}

/// <summary>path.h.</summary>
public sealed partial class vmlinux
{
    public static bool path_equal(in path a, in path b) => a.mnt == b.mnt && a.dentry == b.dentry;

    /* path_get: takes a reference on both halves */
    public void path_get([__gets_ref] in path path)
    {
        this.mntget(path.mnt);
        this.dget(path.dentry);
    }

    /* path_put: drops both references */
    public void path_put([__releases_ref] in path path)
    {
        this.dput(path.dentry);
        this.mntput(path.mnt);
    }
}
