// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;

namespace Kpidfs.Scenario;

/// <summary>The names the fd and file verbs accept and print (Linux, x86_64).</summary>
public static class FdSymbols
{
    /// <summary>AT_FDCWD.</summary>
    public const int AtFdcwd = -100;

    /// <summary>O_RDWR: the flags `open` uses unless the line gives some.</summary>
    public const long ORdwr = 2;

    /// <summary>F_GETFD's FD_CLOEXEC.</summary>
    public const int FdCloexec = 1;

    /// <summary>Gets the flags `setxattr` accepts by name.</summary>
    public static IReadOnlyDictionary<string, long> XattrFlags { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["XATTR_CREATE"] = 1, ["XATTR_REPLACE"] = 2,
    };

    /// <summary>Gets the flags `handle_at` accepts by name.</summary>
    public static IReadOnlyDictionary<string, long> AtFlags { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["AT_EMPTY_PATH"] = 0x1000, ["AT_SYMLINK_FOLLOW"] = 0x400, ["AT_HANDLE_FID"] = 0x200,
        ["AT_HANDLE_MNT_ID_UNIQUE"] = 0x1, ["AT_HANDLE_CONNECTABLE"] = 0x2,
    };

    /// <summary>Gets the F_GETFL bits in the order a transcript prints them (after the access mode).</summary>
    public static IReadOnlyList<(string Name, int Bit)> StatusFlagNames { get; } =
    [
        ("O_CREAT", 0x40), ("O_EXCL", 0x80), ("O_NOCTTY", 0x100), ("O_TRUNC", 0x200), ("O_APPEND", 0x400),
        ("O_NONBLOCK", 0x800), ("O_DSYNC", 0x1000), ("FASYNC", 0x2000), ("O_DIRECT", 0x4000), ("O_LARGEFILE", 0x8000),
        ("O_DIRECTORY", 0x10000), ("O_NOFOLLOW", 0x20000), ("O_NOATIME", 0x40000), ("O_CLOEXEC", 0x80000),
        ("__O_SYNC", 0x100000), ("O_PATH", 0x200000), ("__O_TMPFILE", 0x400000),
    ];

    /// <summary>Why both backends refuse to change shell's xattrs (the same message, so the transcripts agree).</summary>
    /// <param name="verb">The verb.</param>
    /// <returns>The message.</returns>
    public static string ShellXattrMessage(string verb) =>
        $"{verb} on a pidfd of shell: its xattrs would outlive the scenario (shell runs every file of the kpidfs call)";

    /// <summary>Prints F_GETFL: the access mode (O_RDONLY, O_WRONLY, O_RDWR, or 3 as O_ACCMODE), then the other bits.</summary>
    /// <param name="flags">The value.</param>
    /// <returns>The text, e.g. `O_RDWR|O_NONBLOCK|O_EXCL`.</returns>
    public static string StatusFlagsText(int flags)
    {
        var parts = new List<string> { (flags & 3) switch { 0 => "O_RDONLY", 1 => "O_WRONLY", 2 => "O_RDWR", _ => "O_ACCMODE" } };
        var left = flags & ~3;
        foreach (var (name, bit) in StatusFlagNames)
        {
            if ((left & bit) != 0)
            {
                parts.Add(name);
                left &= ~bit;
            }
        }

        if (left != 0)
        {
            parts.Add("0x" + left.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }

        return string.Join('|', parts);
    }
}
