// SPDX-License-Identifier: GPL-2.0-only

using System.Text;

namespace Kpidfs.Host;

/// <summary>One argument of a raw system call: a number, or a buffer passed by address (read and written back).</summary>
/// <param name="Value">The number (when <paramref name="Buffer"/> is null).</param>
/// <param name="Buffer">The buffer, or null.</param>
internal readonly record struct SysArg(long Value, byte[]? Buffer)
{
    /// <summary>Gets the NULL pointer.</summary>
    public static SysArg Null => new(0, null);

    /// <summary>A number.</summary>
    /// <param name="v">The value.</param>
    public static implicit operator SysArg(long v) => new(v, null);

    /// <summary>A buffer.</summary>
    /// <param name="b">The buffer.</param>
    public static implicit operator SysArg(byte[] b) => new(0, b);

    /// <summary>A NUL-terminated string, as a buffer.</summary>
    /// <param name="s">The string.</param>
    /// <returns>The argument.</returns>
    public static SysArg Str(string s) => new(0, Encoding.UTF8.GetBytes(s + "\0"));
}
