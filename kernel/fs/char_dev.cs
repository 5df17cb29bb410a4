// SPDX-License-Identifier: GPL-2.0-only

//
// fs/char_dev.c: character device numbers and opening a character device
// node. A driver registers a major number with its file operations; an
// open of a node with that major goes through def_chr_fops, whose
// chrdev_open swaps in the driver's operations and calls its open.
//
// Not ported: cdev objects and the kobj_map (a registration here covers
// every minor of a major, as register_chrdev's does), dynamic majors,
// char_device_struct ranges, i_cdev caching and the cdev reference the
// inode would hold, /proc/devices.
using System.Collections.Generic;

namespace Linux;

/// <summary>fs/char_dev.c.</summary>
public sealed partial class vmlinux
{
    /* the registered majors and their drivers' operations (chrdevs[] and cdev_map) */
    private readonly Dictionary<uint, file_operations> chrdevs = [];

    /* def_chr_fops: what a character device node opens with */
    public file_operations def_chr_fops = null!;

    public static uint imajor(inode inode) => MAJOR(inode.i_rdev);

    public static uint iminor(inode inode) => MINOR(inode.i_rdev);

    /* replace_fops: a driver's open chooses the operations the file keeps */
    public static void replace_fops(@file f, file_operations fops) => f.f_op = fops;

    /* chrdev_open: finds the driver of the node's device and lets it open the file */
    private int chrdev_open(inode inode, @file filp)
    {
        file_operations? fops;
        int ret;

        if (!this.chrdevs.TryGetValue(imajor(inode), out fops))
            return -errno.ENXIO;

        replace_fops(filp, fops);
        ret = 0;
        if (filp.f_op.open != null)
            ret = filp.f_op.open(inode, filp);

        return ret;
    }

    /* register_chrdev: a major number for a driver, every minor of it (0 or -errno) */
    public int register_chrdev(uint major, string name, file_operations fops)
    {
        if (!this.chrdevs.TryAdd(major, fops))
            return -errno.EBUSY;
        return 0;
    }

    /* chrdev_init: the default character device operations */
    public void chrdev_init() => this.def_chr_fops = new file_operations { open = this.chrdev_open };
}
