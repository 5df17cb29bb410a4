// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>A parsed scenario file.</summary>
/// <param name="Path">The file as named on the command line.</param>
/// <param name="Ops">The operations in order.</param>
/// <param name="KernelBounds">Every `# kernel:` bound (all must hold).</param>
/// <param name="ModelOnly">Whether the file says `# backend: model`.</param>
public sealed record ScenarioFile(string Path, IReadOnlyList<Op> Ops, IReadOnlyList<KernelBound> KernelBounds, bool ModelOnly)
{
    /// <summary>Gets the language version the file declares (`# version: 2`), 1 when it declares none.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The bounds a kernel version is outside of, or null when it is inside all of them.</summary>
    /// <param name="v">The version.</param>
    /// <returns>The text of the failed bounds, or null.</returns>
    public string? OutsideRange(KernelVersion v)
    {
        var failed = this.KernelBounds.Where(b => !b.Admits(v)).ToList();
        return failed.Count == 0 ? null : string.Join(", ", failed);
    }
}
