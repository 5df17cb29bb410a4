// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;

namespace Kpidfs.Bench;

/// <summary>Everything one `kpidfs bench` run found.</summary>
internal sealed record BenchResult
{
    /// <summary>Gets the model's build and kernel configuration.</summary>
    public required string Configuration { get; init; }

    /// <summary>Gets the host kernel release, or null when the host side did not run.</summary>
    public required string? HostKernel { get; init; }

    /// <summary>Gets /proc/loadavg's three averages at the start.</summary>
    public required double[] LoadStart { get; init; }

    /// <summary>Gets or sets /proc/loadavg's three averages at the end.</summary>
    public double[] LoadEnd { get; set; } = [];

    /// <summary>Gets the number of rounds.</summary>
    public required int Rounds { get; init; }

    /// <summary>Gets a value indicating whether the times are thread CPU time (else wall time).</summary>
    public required bool CpuTime { get; init; }

    /// <summary>Gets the per-operation medians.</summary>
    public List<OpResult> Operations { get; } = [];

    /// <summary>Gets the lookup scaling rows.</summary>
    public List<ScaleResult> Scaling { get; } = [];

    /// <summary>Gets or sets the heap bytes per live struct pid.</summary>
    public double BytesPerPid { get; set; }

    /// <summary>Gets or sets the heap bytes per forked task.</summary>
    public double BytesPerTask { get; set; }

    /// <summary>Gets or sets how many pids the memory figure held.</summary>
    public int MemoryPids { get; set; }

    /// <summary>Gets or sets how many tasks the memory figure held.</summary>
    public int MemoryTasks { get; set; }

    /// <summary>Gets or sets the warm-up passes the operations ran before their timed rounds.</summary>
    public int WarmUpPasses { get; set; }

    /// <summary>Gets or sets the warm-up passes the lookup scaling ran before its timed rounds.</summary>
    public int ScalingWarmUpPasses { get; set; }

    /// <summary>Gets or sets the whole run's wall time, in seconds.</summary>
    public double Seconds { get; set; }
}
