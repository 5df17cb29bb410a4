// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Kpidfs.Scenario;

/// <summary>`getxattr`: `ok size=3 value="bar"` (the value only when a buffer was given and it is at most 64 bytes).</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Size">What the call returned: the value's length.</param>
/// <param name="Value">The bytes read, or null for a size query.</param>
public sealed record XattrResult(int Errno, long Size, byte[]? Value) : Result(Errno)
{
    /// <summary>The longest value a transcript prints.</summary>
    public const int MaxPrinted = 64;

    /// <inheritdoc/>
    public override string? Text(Normaliser n) =>
        "ok size=" + this.Size.ToString(CultureInfo.InvariantCulture) +
        (this.Value != null && this.Value.Length <= MaxPrinted ? " value=" + Quote(this.Value) : string.Empty);

    /// <summary>A value as a transcript prints it: `"text"` when printable ASCII, else `0x` and hex.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The text.</returns>
    public static string Quote(byte[] value) =>
        value.All(b => b is >= 0x21 and < 0x7f && b != '"')
            ? "\"" + Encoding.ASCII.GetString(value) + "\""
            : "0x" + Symbols.Hex(value);
}

/// <summary>`listxattr`: `ok size=N names=trusted.b,trusted.a` (`names=-` when none; no names for a size query).</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Size">What the call returned: the list's length in bytes.</param>
/// <param name="Names">The names in the order the call gave them, or null for a size query.</param>
public sealed record XattrListResult(int Errno, long Size, IReadOnlyList<string>? Names) : Result(Errno)
{
    /// <inheritdoc/>
    public override string? Text(Normaliser n) =>
        "ok size=" + this.Size.ToString(CultureInfo.InvariantCulture) +
        (this.Names == null ? string.Empty : " names=" + (this.Names.Count == 0 ? "-" : string.Join(',', this.Names)));

    /// <summary>The names of a flistxattr buffer (NUL-terminated, one after another).</summary>
    /// <param name="buf">The buffer.</param>
    /// <param name="length">The length the call returned.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> Split(byte[] buf, long length) =>
        Encoding.UTF8.GetString(buf, 0, (int)length).Split('\0', System.StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>`getfl`: `ok flags=O_RDWR|O_NONBLOCK cloexec=yes` (F_GETFL, and F_GETFD's FD_CLOEXEC).</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Flags">F_GETFL.</param>
/// <param name="FdFlags">F_GETFD.</param>
public sealed record FlagsResult(int Errno, int Flags, int FdFlags) : Result(Errno)
{
    /// <inheritdoc/>
    public override string? Text(Normaliser n) =>
        "ok flags=" + FdSymbols.StatusFlagsText(this.Flags) + " cloexec=" + ((this.FdFlags & FdSymbols.FdCloexec) != 0 ? "yes" : "no");
}
