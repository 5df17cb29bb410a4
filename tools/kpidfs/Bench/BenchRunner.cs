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
    /// <summary>Runs everything the options ask for.</summary>
    /// <param name="o">The options.</param>
    /// <param name="progress">Where progress lines go (stderr).</param>
    /// <returns>The result.</returns>
    public static BenchResult Run(BenchOptions o, TextWriter progress)
    {
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

            progress.WriteLine($"bench: {ops.Length} operations, {o.Rounds} rounds, {(o.CpuTime ? "thread CPU time" : "wall time")}");
            result.Operations.AddRange(Measure(ops, o, m.Drain, h == null ? null : () => h.ChildCpuNs));
            result.MemoryPids = o.MemoryPids;
            result.MemoryTasks = o.MemoryTasks;
            result.BytesPerPid = m.BytesPerPid(o.MemoryPids);
            result.BytesPerTask = m.BytesPerTask(o.MemoryTasks);
        }

        foreach (var n in o.LivePids)
        {
            progress.WriteLine($"bench: lookups with {n} live pids");
            using (var m = new ModelSide(n))
            {
                var rows = Measure([new("open_by_handle_at+close", m.OpenByHandleClose, null), new("pidfd_open+close", m.OpenClose, null)], o, m.Drain);
                result.Scaling.Add(new ScaleResult(n, m.LivePids, rows[0].ModelNs, rows[1].ModelNs));
            }

            GC.Collect();
        }

        result.LoadEnd = LoadAverage();
        return result;
    }

    private static List<OpResult> Measure(IReadOnlyList<BenchOp> ops, BenchOptions o, Action drain, Func<long>? children = null)
    {
        var clock = o.CpuTime ? (Func<long>)CpuClock.ThreadNs : WallNs;
        var hostClock = o.CpuTime && children != null ? () => CpuClock.ThreadNs() + children() : clock;

        /* a model batch ends with the deferred work it queued, so it is counted there and nowhere else */
        ops = ops.Select(op => op with { Model = n => RunAndDrain(op.Model, n, drain) }).ToArray();
        var modelN = ops.Select(op => Calibrate(op.Model, o.BatchMilliseconds, clock)).ToArray();
        var hostN = ops.Select(op => op.Host == null ? 0 : Calibrate(op.Host, o.BatchMilliseconds, hostClock)).ToArray();
        WarmUp(ops, modelN, hostN, o.WarmUpPasses);

        /* the optimised code is faster: size the batches again */
        modelN = ops.Select(op => Calibrate(op.Model, o.BatchMilliseconds, clock)).ToArray();
        hostN = ops.Select(op => op.Host == null ? 0 : Calibrate(op.Host, o.BatchMilliseconds, hostClock)).ToArray();
        var model = ops.Select(_ => new List<double>()).ToArray();
        var bytes = ops.Select(_ => new List<double>()).ToArray();
        var host = ops.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < o.Rounds; r++)
        {
            for (var i = 0; i < ops.Count; i++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                model[i].Add(Time(ops[i].Model, modelN[i], clock));
                bytes[i].Add((GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)modelN[i]);
                host[i].Add(ops[i].Host is { } host1 ? Time(host1, hostN[i], hostClock) : 0);
            }
        }

        return ops.Select((op, i) => new OpResult(op.Name, Median(model[i]), op.Host == null ? null : Median(host[i]), Median(bytes[i]))).ToList();
    }

    /*
     * Runs every batch until the JIT has nothing left to compile: the runtime
     * recompiles hot methods optimised (tiering) on a background thread after
     * a delay, and on a loaded machine that thread waits its turn, so a fixed
     * warm-up round would time some operations still running unoptimised code.
     * The pause between passes costs no CPU time and lets the compiler run.
     */
    private static void WarmUp(IReadOnlyList<BenchOp> ops, int[] modelN, int[] hostN, int passes)
    {
        for (var pass = 0; pass < passes; pass++)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            for (var i = 0; i < ops.Count; i++)
            {
                ops[i].Model(modelN[i]);
                ops[i].Host?.Invoke(hostN[i]);
            }

            Thread.Sleep(250);
            if (pass > 0 && JitInfo.GetCompiledMethodCount() == compiled)
            {
                return;
            }
        }
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

    private static void RunAndDrain(Action<int> run, int n, Action drain)
    {
        run(n);
        drain();
    }

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

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length == 0 ? 0 : s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }

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
