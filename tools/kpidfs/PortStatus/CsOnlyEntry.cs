// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.PortStatus;

/// <summary>A C# member with no upstream twin, and why it exists.</summary>
/// <param name="CsFile">The C# file.</param>
/// <param name="CsMember">The member.</param>
/// <param name="Reason">Why.</param>
public sealed record CsOnlyEntry(string CsFile, string CsMember, string Reason);
