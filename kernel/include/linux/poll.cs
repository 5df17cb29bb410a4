// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/poll.h and uapi/asm-generic/poll.h: the poll table a
// ->poll method registers its wait queues with, and the event bits.
using System;

namespace Linux;

/// <summary>struct poll_table_struct.</summary>
public sealed class poll_table_struct
{
    /* NULL once nothing should be queued any more (timeout 0, or events already found) */
    public Action<@file, wait_queue_head_t, poll_table_struct>? _qproc;
    public uint _key;
}

/// <summary>struct pollfd.</summary>
public struct pollfd
{
    public int fd;
    public short events;
    public short revents;
}

/// <summary>poll.h.</summary>
public sealed partial class vmlinux
{
    /* EPOLLIN..EPOLLRDNORM are in include/uapi/linux/eventpoll.cs */
    public const uint EPOLLRDBAND = 0x0080;
    public const uint EPOLLWRNORM = 0x0100;
    public const uint EPOLLWRBAND = 0x0200;

    public const short POLLIN = 0x0001;
    public const short POLLPRI = 0x0002;
    public const short POLLOUT = 0x0004;
    public const short POLLERR = 0x0008;
    public const short POLLHUP = 0x0010;
    public const short POLLNVAL = 0x0020;
    public const short POLLRDNORM = 0x0040;

    public const uint DEFAULT_POLLMASK = EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM;

    /* poll_wait: registers the wait queue unless the table says not to */
    public static void poll_wait(@file filp, wait_queue_head_t wait_address, poll_table_struct? p)
    {
        if (p != null && p._qproc != null && wait_address != null)
            p._qproc(filp, wait_address, p);
    }

    /* vfs_poll: a file without ->poll is always readable and writable */
    public static uint vfs_poll(@file file, poll_table_struct? pt)
    {
        if (file.f_op.poll == null)
            return DEFAULT_POLLMASK;
        return file.f_op.poll(file, pt);
    }

    /* on the generic architectures the user and kernel bits are the same */
    public static uint demangle_poll(ushort val) => val;

    public static ushort mangle_poll(uint val) => (ushort)val;
}
