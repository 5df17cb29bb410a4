// SPDX-License-Identifier: GPL-2.0-only

//
// drivers/char/mem.c: the memory devices of major 1. The port has one,
// /dev/null (minor 3): a file that is not a pidfd, for the system calls
// that expect one (pidfd_send_signal, waitid, pidfd_getfd, PIDFD_GET_INFO
// on /dev/null all refuse it). Its operations have nothing to do: the
// port's files have no read or write.
//
// Not ported: mem, kmem, port, zero, full, random, urandom, kmsg, and the
// read/write/splice methods of null (the port has no read or write).
namespace Linux;

/// <summary>drivers/char/mem.c.</summary>
public sealed partial class vmlinux
{
    public const uint MEM_MAJOR = 1;
    public const uint FMODE_NOWAIT = 1u << 25;

    private static readonly file_operations null_fops = new();

    /* the minors of major 1: name, mode of the node, operations, extra f_mode bits */
    private static readonly (string name, uint mode, file_operations? fops, uint fmode)[] devlist =
    [
        (string.Empty, 0, null, 0), /* 1 mem: not ported */
        (string.Empty, 0, null, 0), /* 2 kmem: not ported */
        (string.Empty, 0, null, 0), /* 3 null, below */
        ("null", 0x1B6, null_fops, FMODE_NOWAIT),
    ];

    private file_operations? memory_fops;

    /* memory_open: the minor chooses the device's operations */
    private static int memory_open(inode inode, @file filp)
    {
        int minor;

        minor = (int)iminor(inode);
        if (minor >= devlist.Length)
            return -errno.ENXIO;

        var dev = devlist[minor];
        if (dev.fops == null)
            return -errno.ENXIO;

        filp.f_op = dev.fops;
        filp.f_mode |= dev.fmode;

        if (dev.fops.open != null)
            return dev.fops.open(inode, filp);

        return 0;
    }

    /* chr_dev_init: registers major 1 and makes a node for each device */
    public int chr_dev_init()
    {
        this.memory_fops = new file_operations { open = memory_open };
        if (this.register_chrdev(MEM_MAJOR, "mem", this.memory_fops) != 0)
            this.printk($"unable to get major {MEM_MAJOR} for memory devs");

        for (var minor = 1; minor < devlist.Length; minor++)
        {
            if (devlist[minor].name.Length == 0)
                continue;

            /* device_create: the node appears in devtmpfs */
            this.devtmpfs_create_node(devlist[minor].name, S_IFCHR | devlist[minor].mode, MKDEV(MEM_MAJOR, (uint)minor));
        }

        return 0;
    }
}
