// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Globalization;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>A kernel version, compared as (major, minor, patch).</summary>
/// <param name="Major">The major number.</param>
/// <param name="Minor">The minor number.</param>
/// <param name="Patch">The patch level (0 when not given).</param>
public sealed record KernelVersion(int Major, int Minor, int Patch) : IComparable<KernelVersion>
{
    /// <summary>Parses `6.19`, `6.18.44` or a uname release such as `6.18.44-fc-v657`.</summary>
    /// <param name="text">The text.</param>
    /// <param name="version">The version.</param>
    /// <returns>Whether it starts with at least major.minor.</returns>
    public static bool TryParse(string text, out KernelVersion version)
    {
        version = new KernelVersion(0, 0, 0);
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        var parts = text[..end].Split('.');
        if (parts.Length < 2 || parts.Length > 3 || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        var n = parts.Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        version = new KernelVersion(n[0], n[1], n.Length > 2 ? n[2] : 0);
        return true;
    }

    /// <inheritdoc/>
    public int CompareTo(KernelVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = this.Major.CompareTo(other.Major);
        c = c != 0 ? c : this.Minor.CompareTo(other.Minor);
        return c != 0 ? c : this.Patch.CompareTo(other.Patch);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        this.Patch == 0 ? $"{this.Major}.{this.Minor}" : $"{this.Major}.{this.Minor}.{this.Patch}";
}
