// SPDX-License-Identifier: GPL-2.0-only

using System;

namespace Kpidfs.PortStatus;

/// <summary>One upstream function and where the port has it.</summary>
/// <param name="File">The upstream file.</param>
/// <param name="Name">The function (name#2 for a second definition under another #if branch).</param>
/// <param name="Fingerprint">Its v6.19 fingerprint, or "-" when no byte-exact v6.19 copy was available.</param>
/// <param name="Status">ported, deviation: reason, or not-ported: reason.</param>
/// <param name="CsFile">The C# file, or "-".</param>
/// <param name="CsMember">The C# member, or "-".</param>
/// <param name="Line">The manifest line.</param>
public sealed record ManifestEntry(string File, string Name, string Fingerprint, string Status, string CsFile, string CsMember, int Line)
{
    /// <summary>Gets a value indicating whether the port has the function (ported, or ported with a deliberate deviation).</summary>
    public bool InPort => this.Status == "ported" || this.Status.StartsWith("deviation:", StringComparison.Ordinal);
}
