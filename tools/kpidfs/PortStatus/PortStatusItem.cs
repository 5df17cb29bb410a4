// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.PortStatus;

/// <summary>What port-status found for one upstream function (or one C#-only member).</summary>
/// <param name="State">unchanged, changed, new, gone, no-file, unverified, not-ported, order, cs-only or helper (an upstream helper of an untracked file).</param>
/// <param name="File">The upstream file (or the C# file for cs-only).</param>
/// <param name="Name">The function.</param>
/// <param name="Detail">The port side, the reason, or what moved.</param>
/// <param name="Diff">With --since: the upstream diff of the function; otherwise null.</param>
public sealed record PortStatusItem(string State, string File, string Name, string Detail, string? Diff = null);
