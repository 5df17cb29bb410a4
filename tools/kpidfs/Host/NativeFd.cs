// SPDX-License-Identifier: GPL-2.0-only

using System.Runtime.InteropServices;

namespace Kpidfs.Host;

/// <summary>The libc calls of the fd and file verbs (x86_64 Linux, glibc).</summary>
internal static class NativeFd
{
    public const long NrPidfdGetfd = 438;
    public const int FGetfd = 1;
    public const int FGetfl = 3;
    public const int FSetfl = 4;

    [DllImport("libc", EntryPoint = "fsetxattr", SetLastError = true)]
    public static extern int Fsetxattr(int fd, byte[] name, byte[] value, nuint size, int flags);

    [DllImport("libc", EntryPoint = "fgetxattr", SetLastError = true)]
    public static extern nint Fgetxattr(int fd, byte[] name, byte[]? value, nuint size);

    [DllImport("libc", EntryPoint = "flistxattr", SetLastError = true)]
    public static extern nint Flistxattr(int fd, byte[]? list, nuint size);

    [DllImport("libc", EntryPoint = "fremovexattr", SetLastError = true)]
    public static extern int Fremovexattr(int fd, byte[] name);

    [DllImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static extern int Fchmod(int fd, uint mode);

    [DllImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static extern int Fchown(int fd, uint owner, uint group);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open(byte[] path, int flags, uint mode);

    /// <summary>A C string.</summary>
    /// <param name="s">The text.</param>
    /// <returns>Its UTF-8 bytes and a NUL.</returns>
    public static byte[] CString(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");

    /// <summary>pidfd_getfd(2).</summary>
    /// <param name="pidfd">The pidfd.</param>
    /// <param name="targetFd">The target's fd.</param>
    /// <param name="flags">The flags.</param>
    /// <returns>The new fd, or -1 with errno.</returns>
    public static int PidfdGetfd(int pidfd, int targetFd, uint flags) => (int)Native.Syscall(NrPidfdGetfd, pidfd, targetFd, flags, 0);
}
