// SPDX-License-Identifier: GPL-2.0-only

//
// fs/select.c: poll(2). Each descriptor's file is asked for its ready
// events; errors and hangups are always reported, whatever was asked for,
// and a descriptor that is not open reports POLLNVAL.
//
// Not ported: waiting. Only a zero timeout is modelled (every call is a
// single pass, as poll with timeout 0 is); select, ppoll and epoll.
using System;

namespace Linux;

/// <summary>fs/select.c.</summary>
public sealed partial class vmlinux
{
    /* FRONTEND_STACK_ALLOC: the pollfds of a small call are copied into the caller's stack frame, not the heap */
    private const int POLL_STACK_ALLOC = 256;

    /* N_STACK_PPS: how many fit beside the frame's struct poll_list header (a pointer and a length) */
    private const int N_STACK_PPS = (POLL_STACK_ALLOC - 16) / 8;

    /* do_pollfd: the events of one descriptor, masked to what was asked (plus ERR and HUP) */
    private uint do_pollfd(ref pollfd pollfd, poll_table_struct pwait)
    {
        var fd = pollfd.fd;
        uint mask, filter;

        if (fd < 0)
            return 0;

        using var f = this.fdget(fd);
        if (fd_empty(f))
            return EPOLLNVAL;

        /* user space's events hold POLL bits, which are EPOLL bits here */
        filter = demangle_poll((ushort)pollfd.events) | EPOLLERR | EPOLLHUP;
        pwait._key = filter;
        mask = vfs_poll(fd_file(f)!, pwait);
        return mask & filter;
    }

    /* do_poll: one pass over every descriptor (the timeout is zero) */
    private int do_poll(Span<pollfd> list, poll_table_struct wait)
    {
        var count = 0;

        /* with a zero timeout nothing is ever queued */
        wait._qproc = null;

        for (var i = 0; i < list.Length; i++)
        {
            var mask = this.do_pollfd(ref list[i], wait);
            list[i].revents = (short)mangle_poll(mask);
            if (mask != 0)
                count++;
        }

        return count;
    }

    /* sys_poll: nfds entries of ufds; see the file comment for the timeout */
    public long sys_poll(pollfd[]? ufds, uint nfds, int timeout_msecs)
    {
        if (nfds > this.rlimit(RLIMIT_NOFILE))
            return -errno.EINVAL;
        if (nfds > 0 && (ufds == null || ufds.Length < nfds))
            return -errno.EFAULT;

        /* do_sys_poll's stack_pps: a small array stays on the stack, a larger one is allocated */
        Span<pollfd> list = nfds <= N_STACK_PPS ? stackalloc pollfd[(int)nfds] : new pollfd[nfds];
        ufds.AsSpan(0, (int)nfds).CopyTo(list);
        var table = new poll_table_struct();
        var fdcount = this.do_poll(list, table);
        for (var i = 0; i < nfds; i++)
            ufds![i].revents = list[i].revents;
        return fdcount;
    }
}
