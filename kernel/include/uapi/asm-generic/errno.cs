// SPDX-License-Identifier: GPL-2.0-only

//
// Error numbers, as in include/uapi/asm-generic/errno-base.h and errno.h,
// plus the kernel-internal ones of include/linux/errno.h that we reach.
using System.Collections.Generic;

namespace Linux;

/// <summary>errno values.</summary>
public static class errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int E2BIG = 7;
    public const int ENOEXEC = 8;
    public const int EBADF = 9;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int ENOTTY = 25;
    public const int ENOSPC = 28;
    public const int ESPIPE = 29;
    public const int ERANGE = 34;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ELOOP = 40;
    public const int ENODATA = 61;
    public const int EREMOTE = 66;
    public const int EOVERFLOW = 75;
    public const int EUSERS = 87;
    public const int EOPNOTSUPP = 95;
    public const int ESTALE = 116;

    /* include/linux/errno.h: never seen by user space */
    public const int ERESTARTSYS = 512;
    public const int ENOIOCTLCMD = 515;

    private static readonly Dictionary<int, string> names = new()
    {
        [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR", [EIO] = "EIO",
        [ENXIO] = "ENXIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF", [ECHILD] = "ECHILD",
        [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM", [EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY",
        [EEXIST] = "EEXIST", [EXDEV] = "EXDEV", [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
        [EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY", [ENOSPC] = "ENOSPC",
        [ESPIPE] = "ESPIPE", [ERANGE] = "ERANGE", [ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS", [ELOOP] = "ELOOP",
        [ENODATA] = "ENODATA", [EREMOTE] = "EREMOTE", [EOVERFLOW] = "EOVERFLOW", [EUSERS] = "EUSERS",
        [EOPNOTSUPP] = "EOPNOTSUPP", [ESTALE] = "ESTALE", [ERESTARTSYS] = "ERESTARTSYS", [ENOIOCTLCMD] = "ENOIOCTLCMD",
    };

    /// <summary>Gets the symbolic name of an errno value (positive or negative).</summary>
    /// <param name="err">The value.</param>
    /// <returns>Its name, or the number.</returns>
    public static string errname(long err)
    {
        var e = (int)(err < 0 ? -err : err);
        return names.TryGetValue(e, out var n) ? n : e.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
