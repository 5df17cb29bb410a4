// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>One bound of a `# kernel:` directive.</summary>
/// <param name="AtLeast">True for `&gt;=`, false for `&lt;`.</param>
/// <param name="Version">The version.</param>
public sealed record KernelBound(bool AtLeast, KernelVersion Version)
{
    /// <summary>Whether a kernel version is inside this bound.</summary>
    /// <param name="v">The version.</param>
    /// <returns>True when inside.</returns>
    public bool Admits(KernelVersion v) => this.AtLeast ? v.CompareTo(this.Version) >= 0 : v.CompareTo(this.Version) < 0;

    /// <inheritdoc/>
    public override string ToString() => (this.AtLeast ? ">= " : "< ") + this.Version;
}
