// SPDX-License-Identifier: GPL-2.0-only

//
// fs/fcntl.c: fcntl(2) as far as a descriptor and its open file go:
// duplicating (F_DUPFD, F_DUPFD_CLOEXEC, F_DUPFD_QUERY), the descriptor's
// close-on-exec bit (F_GETFD/F_SETFD) and the file's status flags
// (F_GETFL/F_SETFL). F_GETFL shows f_flags as the file keeps them, which for
// a pidfd includes O_RDWR and the PIDFD_THREAD bit (O_EXCL) pidfs stores
// there; F_SETFL changes only the flags in SETFL_MASK.
//
// Not ported: record locks (F_GETLK/F_SETLK/F_OFD_*), the SIGIO owner
// (F_GETOWN/F_SETOWN*, F_GETSIG/F_SETSIG), leases and delegations, dnotify,
// pipe sizes, memfd seals, write-life hints, F_CREATED_QUERY and the
// compat entry points: the port has none of those objects. They reach the
// default branch, which is EINVAL as for any command the kernel does not
// know, so a scenario using one sees a deviation, not a pretended success.
namespace Linux;

/// <summary>fs/fcntl.c.</summary>
public sealed partial class vmlinux
{
    public const uint F_DUPFD = 0;
    public const uint F_GETFD = 1;
    public const uint F_SETFD = 2;
    public const uint F_GETFL = 3;
    public const uint F_SETFL = 4;
    public const uint F_LINUX_SPECIFIC_BASE = 1024;
    public const uint F_DUPFD_CLOEXEC = F_LINUX_SPECIFIC_BASE + 6;
    public const uint F_DUPFD_QUERY = F_LINUX_SPECIFIC_BASE + 3;
    public const uint F_CREATED_QUERY = F_LINUX_SPECIFIC_BASE + 4;

    /* the file supports O_DIRECT (no file of the port does) */
    public const uint FMODE_CAN_ODIRECT = 1 << 22;

    /* the flags F_SETFL may change */
    private const uint SETFL_MASK = O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | O_NOATIME;

    /* setfl: fcntl F_SETFL */
    public int setfl(int fd, @file filp, ulong arg)
    {
        var inode = file_inode(filp);
        var error = 0;

        /* O_APPEND cannot be cleared on an append-only file */
        if (((arg ^ READ_ONCE(ref filp.f_flags)) & O_APPEND) != 0 && IS_APPEND(inode))
            return -errno.EPERM;

        /* O_NOATIME can only be set by the owner or a capable caller */
        if ((arg & O_NOATIME) != 0 && (READ_ONCE(ref filp.f_flags) & O_NOATIME) == 0)
        {
            if (!this.inode_owner_or_capable(file_mnt_idmap(filp), inode))
                return -errno.EPERM;
        }

        /* (SunOS's O_NDELAY is folded into O_NONBLOCK where they differ: they are one bit here) */

        /* O_DIRECT needs a file that can do direct I/O (a pipe takes it as packet mode) */
        if (!S_ISFIFO(inode.i_mode) && (arg & O_DIRECT) != 0 && (filp.f_mode & FMODE_CAN_ODIRECT) == 0)
            return -errno.EINVAL;

        /* (no port file has check_flags, setfl or fasync methods) */
        this.spin_lock(filp.f_lock);
        filp.f_flags = ((uint)arg & SETFL_MASK) | (filp.f_flags & ~SETFL_MASK);
        this.spin_unlock(filp.f_lock);
        return error;
    }

    /* f_dupfd_query: does fd refer to the same open file as filp? */
    private int f_dupfd_query(int fd, @file filp)
    {
        using var f = this.fdget_raw(fd);

        if (fd_empty(f))
            return -errno.EBADF;

        /* the same open file gives 1, another file 0 */
        return fd_file(f) == filp ? 1 : 0;
    }

    private long do_fcntl(int fd, uint cmd, ulong arg, @file filp)
    {
        var argi = (int)arg;
        long err = -errno.EINVAL;

        switch (cmd)
        {
            case F_DUPFD:
                err = this.f_dupfd((uint)argi, filp, 0);
                break;
            case F_DUPFD_CLOEXEC:
                err = this.f_dupfd((uint)argi, filp, O_CLOEXEC);
                break;
            case F_DUPFD_QUERY:
                err = this.f_dupfd_query(argi, filp);
                break;
            case F_GETFD:
                err = this.get_close_on_exec((uint)fd) ? FD_CLOEXEC : 0;
                break;
            case F_SETFD:
                err = 0;
                this.set_close_on_exec((uint)fd, (argi & FD_CLOEXEC) != 0);
                break;
            case F_GETFL:
                err = READ_ONCE(ref filp.f_flags);
                break;
            case F_SETFL:
                err = this.setfl(fd, filp, arg);
                break;
            default:
                /* see the file comment for the commands not ported */
                break;
        }

        return err;
    }

    /* check_fcntl_cmd: what an O_PATH descriptor may do */
    private static bool check_fcntl_cmd(uint cmd)
    {
        switch (cmd)
        {
            case F_CREATED_QUERY:
            case F_DUPFD:
            case F_DUPFD_CLOEXEC:
            case F_DUPFD_QUERY:
            case F_GETFD:
            case F_SETFD:
            case F_GETFL:
                return true;
        }

        return false;
    }

    /// <summary>sys_fcntl: fcntl(2) (see the file comment for the commands ported).</summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="cmd">F_*.</param>
    /// <param name="arg">The argument.</param>
    /// <returns>The command's value, or -errno.</returns>
    public long sys_fcntl(uint fd, uint cmd, ulong arg)
    {
        using var f = this.fdget_raw((int)fd);
        long err;

        if (fd_empty(f))
            return -errno.EBADF;

        if ((fd_file(f)!.f_mode & FMODE_PATH) != 0)
        {
            if (!check_fcntl_cmd(cmd))
                return -errno.EBADF;
        }

        /* (security_file_fcntl: no LSM in the port) */
        err = this.do_fcntl((int)fd, cmd, arg, fd_file(f)!);
        return err;
    }
}
