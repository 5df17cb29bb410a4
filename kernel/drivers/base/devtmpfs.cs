// SPDX-License-Identifier: GPL-2.0-only

//
// drivers/base/devtmpfs.c: the nodes a driver's device_create() makes
// under /dev. Upstream devtmpfs is its own tmpfs instance mounted on /dev,
// filled by a kernel thread with vfs_mknod. The port has no directory tree
// and no path walk, so a node is an inode on the root filesystem's
// superblock with an anonymous dentry that the kernel keeps (as the /dev
// directory would), found by filename_lookup under its full name
// (/dev/NAME). Nodes are never removed.
//
// Not ported: the devtmpfs filesystem and mount, its kthread and request
// queue, directories under /dev, ownership and removal of nodes.
using System.Collections.Generic;

namespace Linux;

/// <summary>drivers/base/devtmpfs.c.</summary>
public sealed partial class vmlinux
{
    /* the nodes by name (each dentry holds its inode; the table holds one reference on each dentry) */
    private readonly Dictionary<string, dentry> devtmpfs_nodes = new(System.StringComparer.Ordinal);
    private ulong devtmpfs_last_ino = 1;

    /* devtmpfs_create_node: a device node /dev/name (0 or -errno) */
    public int devtmpfs_create_node(string name, uint mode, uint dev)
    {
        var sb = this.init_root.mnt!.mnt_sb;
        inode? inode;
        dentry? dentry;

        inode = this.new_inode(sb);
        if (inode == null)
            return -errno.ENOMEM;

        /* the root directory is inode 1 of the root filesystem */
        inode.i_ino = ++this.devtmpfs_last_ino;
        this.init_special_inode(inode, mode, dev);
        simple_inode_init_ts(inode);

        dentry = this.d_alloc_anon(sb);
        if (dentry == null)
        {
            this.iput(inode);
            return -errno.ENOMEM;
        }

        this.d_instantiate(dentry, inode);
        this.devtmpfs_nodes["/dev/" + name] = dentry;
        return 0;
    }

    /* the node of an absolute /dev path, with references, as the walk would find it */
    private int devtmpfs_lookup(string name, [__returns_ref] out path path)
    {
        path = default;
        if (!this.devtmpfs_nodes.TryGetValue(name, out var dentry))
            return -errno.ENOENT;

        path.mnt = this.init_root.mnt;
        path.dentry = dentry;
        this.path_get(path);
        return 0;
    }
}
