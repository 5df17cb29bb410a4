// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Bench;

/// <summary>Lookup cost with many live struct pids (model only).</summary>
/// <param name="Nominal">The live-pid count asked for.</param>
/// <param name="Live">The struct pids alive during the measurement (pid 0 included).</param>
/// <param name="OpenByHandleNs">open_by_handle_at+close, ns (median over rounds).</param>
/// <param name="PidfdOpenNs">pidfd_open by number+close, ns (median over rounds).</param>
internal sealed record ScaleResult(int Nominal, int Live, double OpenByHandleNs, double PidfdOpenNs)
{
    /// <summary>Gets how many live tasks, spread over the population, the lookups went round.</summary>
    public int Spread { get; init; }

    /// <summary>Gets how many live tasks the wide open_by_handle_at column went round.</summary>
    public int Wide { get; init; }

    /// <summary>Gets open_by_handle_at+close going round the wide set, ns (median over rounds).</summary>
    public double OpenByHandleWideNs { get; init; }

    /// <summary>Gets each round's wide open_by_handle_at+close over the first population's in the same round.</summary>
    public double[] OpenByHandleWideRatios { get; init; } = [];

    /// <summary>Gets the lookup's tree walk alone (rb_find_rcu over pidfs_ino_tree) going round the wide set's keys, ns (median over rounds).</summary>
    public double WideWalkNs { get; init; }

    /// <summary>Gets each round's wide tree walk over the first population's in the same round.</summary>
    public double[] WideWalkRatios { get; init; } = [];

    /// <summary>Gets the same walk over a dense rb-tree of the population's size (nodes of only an rb_node and a key), ns (median over rounds).</summary>
    public double DenseWalkNs { get; init; }

    /// <summary>Gets each round's dense-tree walk over the first population's in the same round.</summary>
    public double[] DenseWalkRatios { get; init; } = [];

    /// <summary>Gets open_by_handle_at+close of every round, ns, in round order.</summary>
    public double[] OpenByHandleRounds { get; init; } = [];

    /// <summary>Gets pidfd_open(nr)+close of every round, ns, in round order.</summary>
    public double[] PidfdOpenRounds { get; init; } = [];

    /// <summary>Gets each round's open_by_handle_at+close over the first population's in the same round.</summary>
    public double[] OpenByHandleRatios { get; init; } = [];

    /// <summary>Gets each round's pidfd_open(nr)+close over the first population's in the same round.</summary>
    public double[] PidfdOpenRatios { get; init; } = [];
}
