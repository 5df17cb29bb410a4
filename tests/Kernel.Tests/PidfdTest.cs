// SPDX-License-Identifier: GPL-2.0-only

using System.Buffers.Binary;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>System-call helpers for pidfd tests; every call runs as the given task.</summary>
public abstract class PidfdTest : KernelTest
{
    /// <summary>pidfd_open as <paramref name="caller"/>.</summary>
    /// <param name="caller">Who opens.</param>
    /// <param name="target">Whom.</param>
    /// <param name="flags">PIDFD_* flags.</param>
    /// <returns>The fd or -errno.</returns>
    protected int Open(task_struct caller, task_struct target, uint flags = 0) =>
        (int)this.Sys(caller, k => k.sys_pidfd_open(k.pid_vnr(vmlinux.task_pid(target)), flags));

    /// <summary>fstat.</summary>
    /// <param name="caller">Whose fd.</param>
    /// <param name="fd">The fd.</param>
    /// <returns>The stat buffer.</returns>
    protected stat Stat(task_struct caller, int fd)
    {
        var st = new stat();
        Assert.Equal(0, this.Sys(caller, k => k.sys_fstat(fd, st)));
        return st;
    }

    /// <summary>close.</summary>
    /// <param name="caller">Whose fd.</param>
    /// <param name="fd">The fd.</param>
    /// <returns>0 or -errno.</returns>
    protected long Close(task_struct caller, int fd) => this.Sys(caller, k => k.sys_close((uint)fd));

    /// <summary>name_to_handle_at(fd, "", AT_EMPTY_PATH).</summary>
    /// <param name="caller">Whose fd.</param>
    /// <param name="fd">The fd.</param>
    /// <param name="bytes">The buffer size given.</param>
    /// <returns>The result and the handle as the call left it.</returns>
    protected (long Ret, file_handle Fh) Handle(task_struct caller, int fd, uint bytes = 128)
    {
        var fh = new file_handle(128) { handle_bytes = bytes };
        var r = this.Sys(caller, k => k.sys_name_to_handle_at(fd, string.Empty, fh, new ulong[1], vmlinux.AT_EMPTY_PATH));
        return (r, fh);
    }

    /// <summary>open_by_handle_at.</summary>
    /// <param name="caller">Who opens.</param>
    /// <param name="mountfd">The mount fd (FD_PIDFS_ROOT or a pidfd).</param>
    /// <param name="fh">The handle.</param>
    /// <param name="flags">Open flags.</param>
    /// <returns>The fd or -errno.</returns>
    protected int OpenByHandle(task_struct caller, int mountfd, file_handle fh, int flags = 0) =>
        (int)this.Sys(caller, k => k.sys_open_by_handle_at(mountfd, fh, flags));

    /// <summary>ioctl(PIDFD_GET_INFO) with an 80-byte struct.</summary>
    /// <param name="caller">Whose fd.</param>
    /// <param name="fd">The pidfd.</param>
    /// <param name="mask">The request mask.</param>
    /// <returns>The result and the reply.</returns>
    protected (long Ret, pidfd_info Info) Info(task_struct caller, int fd, ulong mask)
    {
        var buf = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, mask);
        var r = this.Sys(caller, k => k.sys_ioctl((uint)fd, vmlinux.PIDFD_GET_INFO, buf));
        return (r, pidfd_info.from_bytes(buf));
    }

    /// <summary>poll(fd, POLLIN|POLLRDNORM, 0).</summary>
    /// <param name="caller">Whose fd.</param>
    /// <param name="fd">The fd.</param>
    /// <returns>revents.</returns>
    protected int Poll(task_struct caller, int fd)
    {
        var fds = new[] { new pollfd { fd = fd, events = (short)(vmlinux.EPOLLIN | vmlinux.EPOLLRDNORM) } };
        Assert.InRange(this.Sys(caller, k => k.sys_poll(fds, 1, 0)), 0, 1);
        return (ushort)fds[0].revents;
    }

    /// <summary>The f_flags of an fd.</summary>
    /// <param name="caller">Whose fd.</param>
    /// <param name="fd">The fd.</param>
    /// <returns>f_flags.</returns>
    protected uint Flags(task_struct caller, int fd)
    {
        uint flags = 0;
        this.Sys(caller, k =>
        {
            var f = k.fget((uint)fd)!;
            flags = f.f_flags;
            k.fput(f);
            return 0;
        });
        return flags;
    }
}
