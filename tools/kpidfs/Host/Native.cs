// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Runtime.InteropServices;

namespace Kpidfs.Host;

/// <summary>The libc calls of the host backend (x86_64 Linux, glibc).</summary>
internal static class Native
{
    /// <summary>EINTR: a signal handler interrupted the call.</summary>
    public const int EINTR = 4;

    public const long NrRead = 0;
    public const long NrWrite = 1;
    public const long NrClose = 3;
    public const long NrFstat = 5;
    public const long NrPoll = 7;
    public const long NrIoctl = 16;
    public const long NrFcntl = 72;
    public const long NrWaitid = 247;
    public const long NrOpenat = 257;
    public const long NrUnshare = 272;
    public const long NrNameToHandleAt = 303;
    public const long NrOpenByHandleAt = 304;
    public const long NrFsopen = 430;
    public const long NrFsconfig = 431;
    public const long NrFsmount = 432;
    public const long NrGettid = 186;
    public const long NrExitGroup = 231;
    public const long NrPidfdSendSignal = 424;
    public const long NrPidfdOpen = 434;

    public const int PidfdSelfThread = -10000;
    public const int PidfdSelfThreadGroup = -10001;

    public const int PPid = 1;
    public const int PPidfd = 3;
    public const int WNoHang = 1;
    public const int WExited = 4;
    public const int WNoWait = 0x01000000;

    public const int FGetfd = 1;
    public const int FGetfl = 3;
    public const int FDupfdCloexec = 1030;
    public const int ONonblock = 0x800;
    public const int OCloexec = 0x80000;
    public const int AtEmptyPath = 0x1000;

    public const short PollIn = 0x1;
    public const short PollRdnorm = 0x40;
    public const short PollHup = 0x10;

    public const uint PidFsMagic = 0x50494446;
    public const ulong PidfdGetInfo = 0xC050FF0B;
    public const int PidfdInfoSize = 80;

    /// <summary>The errno of the last call made through this class.</summary>
    /// <returns>errno.</returns>
    public static int Errno() => Marshal.GetLastPInvokeError();

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static extern long Syscall(long nr, long a1, long a2, long a3, long a4);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static extern long Syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static extern nint Mmap(nint addr, nuint length, int prot, int flags, int fd, long offset);

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    public static extern int Mprotect(nint addr, nuint length, int prot);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static extern int Fcntl(int fd, int cmd, long arg);

    [DllImport("libc", EntryPoint = "fstat", SetLastError = true)]
    public static extern int Fstat(int fd, byte[] statbuf);

    [DllImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    public static extern int Fstatfs(int fd, byte[] statfsbuf);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, ulong request, byte[] arg);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll(ref PollFd fds, ulong nfds, int timeout);

    [DllImport("libc", EntryPoint = "name_to_handle_at", SetLastError = true)]
    public static extern int NameToHandleAt(int dirfd, byte[] pathname, byte[] handle, out int mountId, int flags);

    [DllImport("libc", EntryPoint = "open_by_handle_at", SetLastError = true)]
    public static extern int OpenByHandleAt(int mountFd, byte[] handle, int flags);

    [DllImport("libc", EntryPoint = "waitid", SetLastError = true)]
    public static extern int Waitid(int idtype, int id, byte[] siginfo, int options);

    [DllImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static extern int Pipe2(int[] fds, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, byte[] buf, nuint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int fd, byte[] buf, nuint count);

    [DllImport("libc", EntryPoint = "signal", SetLastError = true)]
    public static extern nint Signal(int sig, nint handler);

    [DllImport("libc", EntryPoint = "uname", SetLastError = true)]
    public static extern int Uname(byte[] buf);

    [DllImport("libc", EntryPoint = "getpid")]
    public static extern int Getpid();

    [DllImport("libc", EntryPoint = "posix_spawn")]
    public static extern int PosixSpawn(out int pid, byte[] path, nint fileActions, nint attr, nint[] argv, nint[] envp);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static extern int FileActionsInit(nint actions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static extern int FileActionsAddDup2(nint actions, int fd, int newfd);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    public static extern int FileActionsAddOpen(nint actions, int fd, byte[] path, int oflag, int mode);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static extern int FileActionsDestroy(nint actions);

    [DllImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static extern int SpawnAttrInit(nint attr);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static extern int SpawnAttrSetFlags(nint attr, short flags);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static extern int SpawnAttrSetSigmask(nint attr, byte[] sigset);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static extern int SpawnAttrSetSigdefault(nint attr, byte[] sigset);

    [DllImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static extern int SpawnAttrDestroy(nint attr);

    /// <summary>pidfd_open(2).</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="flags">The flags.</param>
    /// <returns>The fd, or -1 with errno.</returns>
    public static int PidfdOpen(int pid, uint flags) => (int)Syscall(NrPidfdOpen, pid, flags, 0, 0);

    /// <summary>pidfd_send_signal(fd, sig, NULL, 0).</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="sig">The signal.</param>
    /// <returns>0, or -1 with errno.</returns>
    public static int PidfdSendSignal(int fd, int sig) => (int)Syscall(NrPidfdSendSignal, fd, sig, 0, 0);

    /// <summary>poll one fd.</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="events">The events.</param>
    /// <param name="timeout">The timeout in ms.</param>
    /// <param name="revents">The returned events.</param>
    /// <returns>poll's return value.</returns>
    public static int PollOne(int fd, short events, int timeout, out short revents)
    {
        /* poll() is never restarted after a signal handler ran: the runtime's SIGCHLD handler (a child that
         * stops, continues or exits) makes it fail with EINTR, so retry with what is left of the timeout. */
        var deadline = System.Environment.TickCount64 + Math.Max(timeout, 0);
        while (true)
        {
            var p = new PollFd { Fd = fd, Events = events };
            var r = Poll(ref p, 1, timeout);
            revents = p.Revents;
            if (r >= 0 || Errno() != EINTR)
            {
                return r;
            }

            if (timeout > 0)
            {
                timeout = (int)Math.Max(deadline - System.Environment.TickCount64, 0);
            }
        }
    }

    /// <summary>Whether an fd number is open in this process.</summary>
    /// <param name="fd">The fd.</param>
    /// <returns>True when open.</returns>
    public static bool IsOpen(int fd) => fd >= 0 && Fcntl(fd, FGetfd, 0) >= 0;

    /// <summary>Moves an fd to a number at or above 1000 (close-on-exec), so the scenario's fd numbers stay free.</summary>
    /// <param name="fd">The fd (closed afterwards).</param>
    /// <returns>The new fd.</returns>
    public static int MoveHigh(int fd)
    {
        var hi = Fcntl(fd, FDupfdCloexec, 1000);
        if (hi < 0)
        {
            throw new InvalidOperationException("F_DUPFD_CLOEXEC failed: errno " + Errno());
        }

        Close(fd);
        return hi;
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        /// <summary>The fd.</summary>
        public int Fd;

        /// <summary>The events asked for.</summary>
        public short Events;

        /// <summary>The events returned.</summary>
        public short Revents;
    }
}
