// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.PortStatus;

/// <summary>The outcome of comparing the manifest with a kernel tree.</summary>
/// <param name="Version">The version the manifest follows.</param>
/// <param name="Linux">The kernel tree compared against.</param>
/// <param name="Items">Every finding, in manifest order per file.</param>
public sealed record PortStatusResult(string Version, string Linux, IReadOnlyList<PortStatusItem> Items)
{
    /// <summary>The states that need a porter's attention (exit code 1).</summary>
    public static readonly string[] ActionStates = ["changed", "new", "gone", "no-file"];

    /// <summary>Gets a value indicating whether anything changed, appeared or went away upstream (or a tracked file is missing).</summary>
    public bool NeedsWork => this.Items.Any(i => ActionStates.Contains(i.State));

    /// <summary>Counts the findings per state.</summary>
    /// <returns>State and count, in a fixed order.</returns>
    public IEnumerable<(string State, int Count)> Counts() =>
        new[] { "unchanged", "changed", "new", "gone", "no-file", "unverified", "not-ported", "order", "cs-only", "helper" }
            .Select(s => (s, this.Items.Count(i => i.State == s)));
}
