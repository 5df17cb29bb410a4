// SPDX-License-Identifier: GPL-2.0-only

//
// fs/ioctl.c: ioctl(2). A few commands work on every file and are handled
// by the VFS (close-on-exec, non-blocking mode); everything else goes to
// the file's unlocked_ioctl, and a command nobody knows is ENOTTY.
//
// Not ported: FIOASYNC, FIFREEZE/FITHAW, FIEMAP, FIGETBSZ, FICLONE*,
// FIONREAD, FS_IOC_GETFLAGS/SETFLAGS and the fileattr calls, and the
// regular-file commands of file_ioctl (FIBMAP, space reservation): the
// port's files have no blocks, flags or data, so those commands fall
// through to the file's own ioctl.
namespace Linux;

/// <summary>fs/ioctl.c.</summary>
public sealed partial class vmlinux
{
    public const uint FIONCLEX = 0x5450;
    public const uint FIOCLEX = 0x5451;
    public const uint FIONBIO = 0x5421;
    public const uint FIOQSIZE = 0x5460;

    /* vfs_ioctl: the file's own ioctl; an unknown command is ENOTTY */
    public static long vfs_ioctl(@file filp, uint cmd, object? arg)
    {
        long error = -errno.ENOTTY;

        if (filp.f_op.unlocked_ioctl == null)
            goto @out;

        error = filp.f_op.unlocked_ioctl(filp, cmd, arg);
        if (error == -errno.ENOIOCTLCMD)
            error = -errno.ENOTTY;
    @out:
        return error;
    }

    /* ioctl_fionbio: sets or clears O_NONBLOCK from an int in user memory */
    private int ioctl_fionbio(@file filp, object? argp)
    {
        uint flag;
        int on;

        if (argp is not int[] a || a.Length < 1)
            return -errno.EFAULT;
        on = a[0];
        flag = O_NONBLOCK;
        this.spin_lock(filp.f_lock);
        if (on != 0)
            filp.f_flags |= flag;
        else
            filp.f_flags &= ~flag;
        this.spin_unlock(filp.f_lock);
        return 0;
    }

    /* file_ioctl: the regular-file commands (none ported, see the file comment) */
    private static int file_ioctl(@file filp, uint cmd, object? argp) => -errno.ENOIOCTLCMD;

    /* do_vfs_ioctl: the commands the VFS handles itself; ENOIOCTLCMD for the rest */
    private int do_vfs_ioctl(@file filp, uint fd, uint cmd, object? arg)
    {
        var inode = file_inode(filp);

        switch (cmd)
        {
            case FIOCLEX:
                this.set_close_on_exec(fd, true);
                return 0;

            case FIONCLEX:
                this.set_close_on_exec(fd, false);
                return 0;

            case FIONBIO:
                return this.ioctl_fionbio(filp, arg);

            case FIOQSIZE:
                if (S_ISDIR(inode.i_mode) || S_ISREG(inode.i_mode))
                {
                    if (arg is not long[] res || res.Length < 1)
                        return -errno.EFAULT;
                    res[0] = 0;
                    return 0;
                }

                return -errno.ENOTTY;

            default:
                if (S_ISREG(inode.i_mode))
                    return file_ioctl(filp, cmd, arg);
                break;
        }

        return -errno.ENOIOCTLCMD;
    }

    /* sys_ioctl */
    public long sys_ioctl(uint fd, uint cmd, object? arg)
    {
        using var f = this.fdget((int)fd);
        long error;

        if (fd_empty(f))
            return -errno.EBADF;

        error = this.do_vfs_ioctl(fd_file(f)!, fd, cmd, arg);
        if (error == -errno.ENOIOCTLCMD)
            error = vfs_ioctl(fd_file(f)!, cmd, arg);

        return error;
    }
}
