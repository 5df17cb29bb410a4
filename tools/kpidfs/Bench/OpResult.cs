// SPDX-License-Identifier: GPL-2.0-only

using System.Linq;

namespace Kpidfs.Bench;

/// <summary>The median cost of one operation on each side.</summary>
/// <param name="Name">The operation.</param>
/// <param name="ModelNs">Model nanoseconds per operation (median over rounds).</param>
/// <param name="HostNs">Host nanoseconds per operation, or null when the host side did not run.</param>
/// <param name="ModelBytes">Bytes the model allocated on the GC heap per operation (median over rounds): garbage the GC must collect.</param>
internal sealed record OpResult(string Name, double ModelNs, double? HostNs, double ModelBytes = 0)
{
    /// <summary>Gets the model's nanoseconds per operation of every round, in round order.</summary>
    public double[] ModelRounds { get; init; } = [];

    /// <summary>Gets the host's nanoseconds per operation of every round, in round order (empty without a host side).</summary>
    public double[] HostRounds { get; init; } = [];

    /// <summary>Gets the model's speed over the host's (host time / model time).</summary>
    public double? Ratio => this.HostNs is { } h && this.ModelNs > 0 ? h / this.ModelNs : null;

    /// <summary>Gets the ratio of each round (host time / model time of the same round), in round order.</summary>
    public double[] RoundRatios => this.HostRounds.Length == this.ModelRounds.Length
        ? this.ModelRounds.Zip(this.HostRounds, (m, h) => m > 0 ? h / m : 0).ToArray()
        : [];
}
