// SPDX-License-Identifier: GPL-2.0-only

//
// include/uapi/linux/eventpoll.h and poll.h event bits.
namespace Linux;

/// <summary>Poll events.</summary>
public sealed partial class vmlinux
{
    public const uint EPOLLIN = 0x00000001;
    public const uint EPOLLPRI = 0x00000002;
    public const uint EPOLLOUT = 0x00000004;
    public const uint EPOLLERR = 0x00000008;
    public const uint EPOLLHUP = 0x00000010;
    public const uint EPOLLNVAL = 0x00000020;
    public const uint EPOLLRDNORM = 0x00000040;
}
