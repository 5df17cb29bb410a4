// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Bench;

/// <summary>The median cost of one operation on each side.</summary>
/// <param name="Name">The operation.</param>
/// <param name="ModelNs">Model nanoseconds per operation (median over rounds).</param>
/// <param name="HostNs">Host nanoseconds per operation, or null when the host side did not run.</param>
/// <param name="ModelBytes">Bytes the model allocated on the GC heap per operation (median over rounds): garbage the GC must collect.</param>
internal sealed record OpResult(string Name, double ModelNs, double? HostNs, double ModelBytes = 0)
{
    /// <summary>Gets the model's speed over the host's (host time / model time).</summary>
    public double? Ratio => this.HostNs is { } h && this.ModelNs > 0 ? h / this.ModelNs : null;
}
