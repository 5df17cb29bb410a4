// SPDX-License-Identifier: GPL-2.0-only

//
// include/uapi/linux/wait.h.
namespace Linux;

/// <summary>wait options and idtypes.</summary>
public sealed partial class vmlinux
{
    public const int WNOHANG = 0x00000001;
    public const int WUNTRACED = 0x00000002;
    public const int WSTOPPED = WUNTRACED;
    public const int WEXITED = 0x00000004;
    public const int WCONTINUED = 0x00000008;
    public const int WNOWAIT = 0x01000000;
    public const int __WNOTHREAD = 0x20000000;
    public const int __WALL = 0x40000000;
    public const int __WCLONE = unchecked((int)0x80000000);

    public const int P_ALL = 0;
    public const int P_PID = 1;
    public const int P_PGID = 2;
    public const int P_PIDFD = 3;

    /* si_code values for SIGCHLD */
    public const int CLD_EXITED = 1;
    public const int CLD_KILLED = 2;
    public const int CLD_DUMPED = 3;
    public const int CLD_TRAPPED = 4;
    public const int CLD_STOPPED = 5;
    public const int CLD_CONTINUED = 6;
}
