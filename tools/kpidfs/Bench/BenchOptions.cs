// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;

namespace Kpidfs.Bench;

/// <summary>What `kpidfs bench` measures and for how long.</summary>
public sealed record BenchOptions
{
    /// <summary>Gets the options `--quick` stands for: a run of a few seconds that only shows the output's shape.</summary>
    public static BenchOptions Quick { get; } = new()
    {
        Rounds = 2,
        BatchMilliseconds = 2,
        SpreadPids = 4,
        WideSpreadPids = 16,
        LivePids = [1000, 10000],
        MemoryPids = 2000,
        MemoryTasks = 200,
        WarmUpPasses = 2,
    };

    /// <summary>
    /// Gets how many rounds each operation runs (model and host alternate within a round, and each round starts
    /// one operation later than the one before, so no operation is always first or always after the same one).
    /// </summary>
    public int Rounds { get; init; } = 15;

    /// <summary>Gets the target length of one timed batch.</summary>
    public double BatchMilliseconds { get; init; } = 15;

    /// <summary>
    /// Gets how many live tasks, spread evenly over each population's pids, the scaling lookups go round
    /// (each with a pidfd open, as the main table's target has): a lookup walks to a different pid each time,
    /// and what the walks touch still fits in the caches, so the figure shows what grows with the population.
    /// </summary>
    public int SpreadPids { get; init; } = 16;

    /// <summary>
    /// Gets how many such tasks the wide open_by_handle_at column goes round: their walks touch more than the
    /// caches and TLBs hold, so it adds the machine's memory latency per tree level.
    /// </summary>
    public int WideSpreadPids { get; init; } = 256;

    /// <summary>Gets the live-pid counts the lookup scaling runs with (model only).</summary>
    public IReadOnlyList<int> LivePids { get; init; } = [1000, 100000, 1000000, 4194304];

    /// <summary>Gets how many struct pids the memory figure holds alive at once.</summary>
    public int MemoryPids { get; init; } = 100000;

    /// <summary>Gets how many forked tasks the memory figure holds alive at once.</summary>
    public int MemoryTasks { get; init; } = 5000;

    /// <summary>Gets the most warm-up passes before the timed rounds (each runs every batch once; they stop when two passes in a row compiled nothing).</summary>
    public int WarmUpPasses { get; init; } = 40;

    /// <summary>Gets the operations to measure, in this order (a name containing one of these, ignoring case), or none for all of them.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Gets a value indicating whether the host side runs.</summary>
    public bool Host { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether batches are timed in the calling thread's CPU time instead of wall time
    /// (the host's fork+exit+wait adds each child's CPU time, which wait4 reports).
    /// </summary>
    public bool CpuTime { get; init; }
}
