// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Threading;
using Kpidfs.Host;
using Linux;

namespace Kpidfs.Bench;

/// <summary>
/// Runs the benchmark: each operation is timed in batches, model and host alternating within every round,
/// and the median nanoseconds per operation of each side is kept. Nothing here is asserted by tests.
/// </summary>
internal static class BenchRunner
{
    /* the scaling operations of one population, in the order MeasureScaling lists them */
    private const int PerPopulation = 5;

    /// <summary>Runs everything the options ask for.</summary>
    /// <param name="o">The options.</param>
    /// <param name="progress">Where progress lines go (stderr).</param>
    /// <returns>The result.</returns>
    public static BenchResult Run(BenchOptions o, TextWriter progress)
    {
        var wall = Stopwatch.StartNew();
        var host = o.Host && HostBackend.Unsupported == null;
        var result = new BenchResult
        {
            Configuration = vmlinux.build_config,
            HostKernel = host ? HostBackend.Release : null,
            LoadStart = LoadAverage(),
            Rounds = o.Rounds,
            CpuTime = o.CpuTime,
        };

        using (var m = new ModelSide())
        using (var h = host ? new HostSide() : null)
        {
            BenchOp[] ops =
            [
                new("pidfd_open+close", m.OpenClose, h == null ? null : h.OpenClose),
                new("pidfd_open+fstat+close", m.OpenStatClose, h == null ? null : h.OpenStatClose),
                new("name_to_handle_at+open_by_handle_at+close", m.HandleRoundTrip, h == null ? null : h.HandleRoundTrip),
                new("ioctl(PIDFD_GET_INFO)", m.GetInfo, h == null ? null : h.GetInfo),
                new("fstat", m.Fstat, h == null ? null : h.Fstat),
                new("pidfd_send_signal(0)", m.Signal0, h == null ? null : h.Signal0),
                new("poll", m.Poll, h == null ? null : h.Poll),
                new("fork+exit+wait", m.ForkExitWait, h == null ? null : h.ForkExitWait, Cheap: false),
                new("alloc_pid+free_pid", m.AllocFree, null),
            ];
            if (o.Only.Count > 0)
            {
                /* in the order asked for: the order of a round is part of what is measured */
                ops = [.. o.Only.SelectMany(x => ops.Where(op => op.Name.Contains(x, StringComparison.OrdinalIgnoreCase))).Distinct()];
            }

            /* a model batch ends with the deferred work it queued, so it is counted there and nowhere else */
            ops = ops.Select(op => op with { Model = Drained(op.Model, m.Drain) }).ToArray();
            progress.WriteLine($"bench: {ops.Length} operations, {o.Rounds} rounds, {(o.CpuTime ? "thread CPU time" : "wall time")}");
            var (rows, passes) = Measure(ops, o, progress, h == null ? null : () => h.ChildCpuNs);
            result.Operations.AddRange(rows);
            result.WarmUpPasses = passes;
            result.MemoryPids = o.MemoryPids;
            result.MemoryTasks = o.MemoryTasks;
            result.BytesPerPid = m.BytesPerPid(o.MemoryPids);
            result.BytesPerTask = m.BytesPerTask(o.MemoryTasks);
        }

        if (o.LivePids.Count > 0)
        {
            result.ScalingWarmUpPasses = MeasureScaling(o, progress, result.Scaling);
        }

        result.LoadEnd = LoadAverage();
        result.Seconds = wall.Elapsed.TotalSeconds;
        return result;
    }

    /*
     * The lookup scaling: every population is built first and all stay alive
     * together, and each round times every population's batches, in an order
     * that rotates from round to round. So the populations share the same
     * minutes of machine load and the same GC heap (a collection's cost grows
     * with what is alive), and their ratio is taken round by round. Each
     * population keeps o.SpreadPids live tasks spread evenly over its pids,
     * each with an open pidfd: a batch opens them in turn, so every lookup
     * walks the tree or radix tree to another pid, not to one hot path.
     * Two walks without a system call around them go round the wide set's
     * keys: pidfs_ino_tree's, and a dense tree's of the same size (ModelSide),
     * so the wide column's growth can be set against the data structure's.
     */
    private static int MeasureScaling(BenchOptions o, TextWriter progress, List<ScaleResult> into)
    {
        var sides = new List<ModelSide>();
        try
        {
            foreach (var n in o.LivePids)
            {
                progress.WriteLine($"bench: {n} live pids, lookups spread over {o.SpreadPids} and {o.WideSpreadPids} of them");
                sides.Add(new ModelSide(n, o.SpreadPids, o.WideSpreadPids));
            }

            var ops = sides.SelectMany(m => new BenchOp[]
            {
                new($"open_by_handle_at+close {m.LivePids}", Drained(m.OpenByHandleSpread, m.Drain), null),
                new($"pidfd_open(nr)+close {m.LivePids}", Drained(m.OpenSpread, m.Drain), null),
                new($"open_by_handle_at+close wide {m.LivePids}", Drained(m.OpenByHandleWide, m.Drain), null),
                new($"wide tree walk {m.LivePids}", m.WalkWide, null),
                new($"dense rb-tree walk {m.LivePids}", m.WalkDense, null),
            }).ToArray();
            progress.WriteLine($"bench: lookups with {o.LivePids.Count} populations alive at once, interleaved");
            var (rows, passes) = Measure(ops, o, progress);
            for (var i = 0; i < sides.Count; i++)
            {
                var handle = rows[PerPopulation * i];
                var open = rows[(PerPopulation * i) + 1];
                var wide = rows[(PerPopulation * i) + 2];
                var walk = rows[(PerPopulation * i) + 3];
                var dense = rows[(PerPopulation * i) + 4];
                into.Add(new ScaleResult(o.LivePids[i], sides[i].LivePids, handle.ModelNs, open.ModelNs)
                {
                    Spread = sides[i].Spread,
                    Wide = sides[i].Wide,
                    OpenByHandleWideNs = wide.ModelNs,
                    OpenByHandleWideRatios = PerRound(wide.ModelRounds, rows[2].ModelRounds),
                    WideWalkNs = walk.ModelNs,
                    WideWalkRatios = PerRound(walk.ModelRounds, rows[3].ModelRounds),
                    DenseWalkNs = dense.ModelNs,
                    DenseWalkRatios = PerRound(dense.ModelRounds, rows[4].ModelRounds),
                    OpenByHandleRounds = handle.ModelRounds,
                    PidfdOpenRounds = open.ModelRounds,
                    OpenByHandleRatios = PerRound(handle.ModelRounds, rows[0].ModelRounds),
                    PidfdOpenRatios = PerRound(open.ModelRounds, rows[1].ModelRounds),
                });
            }

            return passes;
        }
        finally
        {
            foreach (var m in sides)
            {
                m.Dispose();
            }

            GC.Collect();
        }
    }

    private static double[] PerRound(double[] xs, double[] baseline) => xs.Zip(baseline, (x, b) => b > 0 ? x / b : 0).ToArray();

    private static (List<OpResult> Rows, int WarmUpPasses) Measure(IReadOnlyList<BenchOp> ops, BenchOptions o, TextWriter progress, Func<long>? children = null)
    {
        var clock = o.CpuTime ? (Func<long>)CpuClock.ThreadNs : WallNs;
        var hostClock = o.CpuTime && children != null ? () => CpuClock.ThreadNs() + children() : clock;

        var modelN = ops.Select(op => Calibrate(op.Model, o.BatchMilliseconds, clock)).ToArray();
        var hostN = ops.Select(op => op.Host == null ? 0 : Calibrate(op.Host, o.BatchMilliseconds, hostClock)).ToArray();
        var passes = WarmUp(ops, modelN, hostN, o.WarmUpPasses);
        progress.WriteLine($"bench: warm-up done after {passes} passes");

        /* the optimised code is faster: size the batches again */
        modelN = ops.Select(op => Calibrate(op.Model, o.BatchMilliseconds, clock)).ToArray();
        hostN = ops.Select(op => op.Host == null ? 0 : Calibrate(op.Host, o.BatchMilliseconds, hostClock)).ToArray();
        var model = ops.Select(_ => new List<double>()).ToArray();
        var bytes = ops.Select(_ => new List<double>()).ToArray();
        var host = ops.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < o.Rounds; r++)
        {
            /*
             * Round r starts at operation r and the host goes first in every
             * other round: whatever the previous batch leaves behind (cache
             * contents, a pending collection, a JIT or GC thread still busy)
             * falls on every operation and side in turn, not always on one.
             */
            for (var j = 0; j < ops.Count; j++)
            {
                var i = (r + j) % ops.Count;
                var hostFirst = r % 2 == 1;
                if (hostFirst && ops[i].Host is { } first)
                {
                    host[i].Add(Time(first, hostN[i], hostClock));
                }

                var allocated = GC.GetAllocatedBytesForCurrentThread();
                model[i].Add(Time(ops[i].Model, modelN[i], clock));
                bytes[i].Add((GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)modelN[i]);
                if (!hostFirst && ops[i].Host is { } second)
                {
                    host[i].Add(Time(second, hostN[i], hostClock));
                }
            }
        }

        var rows = ops.Select((op, i) => new OpResult(op.Name, BenchStats.Median(model[i]), op.Host == null ? null : BenchStats.Median(host[i]), BenchStats.Median(bytes[i]))
        {
            ModelRounds = [.. model[i]],
            HostRounds = [.. host[i]],
        }).ToList();
        return (rows, passes);
    }

    /*
     * Runs every batch until the JIT has nothing left to compile: the runtime
     * recompiles hot methods optimised (tiering) on a background thread after
     * a delay, and on a loaded machine that thread waits its turn, so a fixed
     * warm-up round would time some operations still running unoptimised code,
     * and one quiet pause proves little (the compiler may not have had its
     * turn yet). So the warm-up ends only after two passes in a row, each
     * followed by a pause, in which no method was compiled. The pauses cost
     * no CPU time and let the compiler run.
     */
    private static int WarmUp(IReadOnlyList<BenchOp> ops, int[] modelN, int[] hostN, int passes)
    {
        var quiet = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            for (var i = 0; i < ops.Count; i++)
            {
                ops[i].Model(modelN[i]);
                ops[i].Host?.Invoke(hostN[i]);
            }

            Thread.Sleep(250);
            quiet = pass > 0 && JitInfo.GetCompiledMethodCount() == compiled ? quiet + 1 : 0;
            if (quiet == 2)
            {
                return pass + 1;
            }
        }

        return passes;
    }

    /* the batch size that takes about the target time (at least one operation) */
    private static int Calibrate(Action<int> run, double targetMs, Func<long> clock)
    {
        run(1);
        var n = 1;
        while (true)
        {
            var ns = Time(run, n, clock) * n;
            if (ns >= targetMs * 1e6 / 4 || n >= 1 << 24)
            {
                return Math.Max(1, (int)Math.Min(1 << 24, n * targetMs * 1e6 / Math.Max(ns, 1)));
            }

            n *= 4;
        }
    }

    private static Action<int> Drained(Action<int> run, Action drain) => n =>
    {
        run(n);
        drain();
    };

    /*
     * Nanoseconds per operation of one batch, by the given clock. The batch
     * starts with the young generations collected, untimed, as BenchmarkDotNet
     * collects between iterations: a collection pays for what survives it, and
     * what an earlier operation left behind is not this one's cost (the pids
     * alloc_pid+free_pid keeps queued for RCU in its one system call were
     * promoted, and the gen1 collection that freed them fell in the next
     * round's pidfd_open+close: 663 ns against 524 for pidfd_open+fstat+close).
     * The collections the batch's own garbage causes stay in its time.
     */
    private static double Time(Action<int> run, int n, Func<long> clock)
    {
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        var start = clock();
        run(n);
        return (clock() - start) / (double)n;
    }

    private static long WallNs() => (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));

    private static double[] LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }
}
