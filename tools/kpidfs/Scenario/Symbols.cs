// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Kpidfs.Scenario;

/// <summary>The symbolic names a scenario may use, and the names a transcript prints (Linux, x86_64).</summary>
public static class Symbols
{
    /// <summary>FD_PIDFS_ROOT: the mount fd `open_by_handle` uses unless the line says otherwise.</summary>
    public const int FdPidfsRoot = -10002;

    /// <summary>PIDFD_INFO_PID.</summary>
    public const ulong InfoPid = 1UL << 0;

    /// <summary>PIDFD_INFO_CREDS.</summary>
    public const ulong InfoCreds = 1UL << 1;

    /// <summary>PIDFD_INFO_EXIT.</summary>
    public const ulong InfoExit = 1UL << 3;

    /// <summary>WEXITED: the default `waitid` options.</summary>
    public const int WExited = 4;

    /// <summary>WNOHANG.</summary>
    public const int WNoHang = 1;

    /// <summary>FILEID_KERNFS: the handle type of a pidfs file handle.</summary>
    public const int FileIdKernfs = 0xfe;

    private static readonly Dictionary<int, string> ErrnoNames = new()
    {
        [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO", [7] = "E2BIG",
        [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES",
        [14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY", [17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV",
        [20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY",
        [26] = "ETXTBSY", [27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS", [31] = "EMLINK",
        [32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK", [36] = "ENAMETOOLONG", [37] = "ENOLCK",
        [38] = "ENOSYS", [39] = "ENOTEMPTY", [40] = "ELOOP", [61] = "ENODATA", [66] = "EREMOTE", [75] = "EOVERFLOW",
        [87] = "EUSERS", [95] = "EOPNOTSUPP", [110] = "ETIMEDOUT", [116] = "ESTALE",
    };

    /// <summary>Gets the flags `pidfd_open` accepts by name.</summary>
    public static IReadOnlyDictionary<string, long> PidfdOpenFlags { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["PIDFD_NONBLOCK"] = 0x800, ["PIDFD_THREAD"] = 0x80, ["O_NONBLOCK"] = 0x800, ["O_EXCL"] = 0x80, ["O_CLOEXEC"] = 0x80000,
    };

    /// <summary>Gets the flags `open_by_handle` accepts by name.</summary>
    public static IReadOnlyDictionary<string, long> OpenFlags { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["O_RDONLY"] = 0, ["O_WRONLY"] = 1, ["O_RDWR"] = 2, ["O_CREAT"] = 0x40, ["O_EXCL"] = 0x80, ["O_NOCTTY"] = 0x100,
        ["O_TRUNC"] = 0x200, ["O_APPEND"] = 0x400, ["O_NONBLOCK"] = 0x800, ["O_DSYNC"] = 0x1000, ["O_DIRECT"] = 0x4000,
        ["O_LARGEFILE"] = 0x8000, ["O_DIRECTORY"] = 0x10000, ["O_NOFOLLOW"] = 0x20000, ["O_NOATIME"] = 0x40000,
        ["O_CLOEXEC"] = 0x80000, ["O_PATH"] = 0x200000, ["PIDFD_NONBLOCK"] = 0x800, ["PIDFD_THREAD"] = 0x80,
    };

    /// <summary>Gets the options `waitid` accepts by name.</summary>
    public static IReadOnlyDictionary<string, long> WaitFlags { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["WNOHANG"] = 0x1, ["WUNTRACED"] = 0x2, ["WSTOPPED"] = 0x2, ["WEXITED"] = 0x4, ["WCONTINUED"] = 0x8,
        ["WNOWAIT"] = 0x01000000, ["__WNOTHREAD"] = 0x20000000, ["__WALL"] = 0x40000000, ["__WCLONE"] = 0x80000000,
    };

    /// <summary>Gets the PIDFD_INFO_* bits in bit order (the order a transcript prints them in).</summary>
    public static IReadOnlyList<string> InfoMaskNames { get; } =
        ["PID", "CREDS", "CGROUPID", "EXIT", "COREDUMP", "SUPPORTED_MASK", "COREDUMP_SIGNAL"];

    /// <summary>Gets the PIDFD_INFO_* masks `info` accepts by name (with or without the PIDFD_INFO_ prefix).</summary>
    public static IReadOnlyDictionary<string, long> InfoMasks { get; } = BuildInfoMasks();

    /// <summary>Gets the poll bits in the order a transcript prints them (IN|RDNORM|HUP).</summary>
    public static IReadOnlyList<(string Name, int Bit)> PollNames { get; } =
    [
        ("IN", 0x1), ("PRI", 0x2), ("OUT", 0x4), ("RDNORM", 0x40), ("RDBAND", 0x80), ("WRNORM", 0x100),
        ("WRBAND", 0x200), ("MSG", 0x400), ("ERR", 0x8), ("HUP", 0x10), ("NVAL", 0x20), ("RDHUP", 0x2000),
    ];

    /// <summary>Gets the signal names 1..31 (x86_64), index = number.</summary>
    public static IReadOnlyList<string?> SignalNames { get; } =
    [
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary>The errno name of a (positive or negative) errno value.</summary>
    /// <param name="err">The value.</param>
    /// <returns>Its name, or the number when it has none here.</returns>
    public static string ErrnoName(int err)
    {
        var e = Math.Abs(err);
        return ErrnoNames.TryGetValue(e, out var n) ? n : "E" + e.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The name of a signal number (SIGKILL, or the number for real-time and unknown ones).</summary>
    /// <param name="sig">The signal.</param>
    /// <returns>Its name.</returns>
    public static string SignalName(int sig) =>
        sig > 0 && sig < SignalNames.Count ? SignalNames[sig]! : sig.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the default action of a signal ends the process (term or core).</summary>
    /// <param name="sig">The signal.</param>
    /// <returns>True for SIGKILL, SIGTERM, SIGUSR1, real-time signals, …; false for 0, SIGCHLD, SIGCONT, SIGSTOP, ….</returns>
    public static bool IsFatalByDefault(int sig) => sig switch
    {
        <= 0 or > 64 => false,
        17 or 18 or 19 or 20 or 21 or 22 or 23 or 28 => false,
        _ => true,
    };

    /// <summary>Prints a PIDFD_INFO_* mask as names in bit order (`PID|CREDS|CGROUPID`), `0` when empty.</summary>
    /// <param name="mask">The mask.</param>
    /// <returns>The text.</returns>
    public static string InfoMaskText(ulong mask)
    {
        var parts = new List<string>();
        for (var i = 0; i < InfoMaskNames.Count; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                parts.Add(InfoMaskNames[i]);
            }
        }

        var rest = mask & ~((1UL << InfoMaskNames.Count) - 1);
        if (rest != 0)
        {
            parts.Add("0x" + rest.ToString("x", CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "0" : string.Join('|', parts);
    }

    /// <summary>Prints poll revents (`IN|RDNORM|HUP`, `0` when none).</summary>
    /// <param name="revents">The events.</param>
    /// <returns>The text.</returns>
    public static string PollText(int revents)
    {
        var parts = new List<string>();
        var left = revents;
        foreach (var (name, bit) in PollNames)
        {
            if ((revents & bit) != 0)
            {
                parts.Add(name);
                left &= ~bit;
            }
        }

        if (left != 0)
        {
            parts.Add("0x" + left.ToString("x", CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "0" : string.Join('|', parts);
    }

    /// <summary>Lower-case hex of some bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The text.</returns>
    public static string Hex(IEnumerable<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (var b in bytes)
        {
            sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Parses an integer: decimal with an optional sign, or 0x hex.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is a number.</returns>
    public static bool TryParseNumber(string text, out long value)
    {
        value = 0;
        var neg = text.StartsWith('-');
        var body = neg || text.StartsWith('+') ? text[1..] : text;
        bool ok;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = body.Length > 2 && ulong.TryParse(body.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var u) && Set(unchecked((long)u), out value);
        }
        else
        {
            ok = body.Length > 0 && body.All(char.IsAsciiDigit) && long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (ok && neg)
        {
            value = -value;
        }

        return ok;
    }

    /// <summary>Parses a signal: a number, `SIGKILL`, or `KILL`.</summary>
    /// <param name="text">The text.</param>
    /// <param name="sig">The number.</param>
    /// <returns>Whether it is a signal.</returns>
    public static bool TryParseSignal(string text, out int sig)
    {
        sig = 0;
        if (TryParseNumber(text, out var n))
        {
            if (n < int.MinValue || n > int.MaxValue)
            {
                return false;
            }

            sig = (int)n;
            return true;
        }

        var name = text.StartsWith("SIG", StringComparison.Ordinal) ? text : "SIG" + text;
        if (name.StartsWith("SIGRTMIN", StringComparison.Ordinal))
        {
            var off = name["SIGRTMIN".Length..];
            if (off.Length == 0)
            {
                sig = 34;
                return true;
            }

            if (off[0] == '+' && int.TryParse(off.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k <= 30)
            {
                sig = 34 + k;
                return true;
            }

            return false;
        }

        for (var i = 1; i < SignalNames.Count; i++)
        {
            if (SignalNames[i] == name)
            {
                sig = i;
                return true;
            }
        }

        return name switch
        {
            "SIGIOT" => Set(6, out sig),
            "SIGPOLL" => Set(29, out sig),
            _ => false,
        };
    }

    /// <summary>Parses `A|B|0x10`: names from a table, or numbers; the result is their OR.</summary>
    /// <param name="text">The text.</param>
    /// <param name="table">The names allowed.</param>
    /// <param name="value">The value.</param>
    /// <param name="bad">The first part that is neither a name nor a number.</param>
    /// <returns>Whether every part was understood.</returns>
    public static bool TryParseFlags(string text, IReadOnlyDictionary<string, long> table, out long value, out string bad)
    {
        value = 0;
        bad = string.Empty;
        foreach (var raw in text.Split('|'))
        {
            var part = raw.Trim();
            if (table.TryGetValue(part, out var v) || TryParseNumber(part, out v))
            {
                value |= v;
            }
            else
            {
                bad = part;
                return false;
            }
        }

        return true;
    }

    private static bool Set<T>(T v, out T value)
    {
        value = v;
        return true;
    }

    private static Dictionary<string, long> BuildInfoMasks()
    {
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < InfoMaskNames.Count; i++)
        {
            d[InfoMaskNames[i]] = 1L << i;
            d["PIDFD_INFO_" + InfoMaskNames[i]] = 1L << i;
        }

        return d;
    }
}
