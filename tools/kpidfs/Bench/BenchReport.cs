// SPDX-License-Identifier: GPL-2.0-only

using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Kpidfs.Bench;

/// <summary>Prints a <see cref="BenchResult"/> as text for people or as JSON for machines.</summary>
internal static class BenchReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The text report; it ends with the summary line "1 benchmark run, 0 failed".</summary>
    /// <param name="r">The result.</param>
    /// <returns>The text.</returns>
    public static string Text(BenchResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"model: {r.Configuration}");

        sb.AppendLine(Inv, $"host:  {(r.HostKernel == null ? "not measured" : "Linux " + r.HostKernel)}");
        sb.AppendLine(Inv, $"load average: {Load(r.LoadStart)} at start, {Load(r.LoadEnd)} at end; {System.Environment.ProcessorCount} CPUs; median of {r.Rounds} rounds, model and host alternating");
        sb.AppendLine(r.CpuTime
            ? "clock: the measuring thread's CPU time (CLOCK_THREAD_CPUTIME_ID); host fork+exit+wait adds each child's CPU time (wait4's rusage)"
            : "clock: wall time (a loaded machine inflates both sides; --cpu-time counts only this thread's CPU time)");
        if (r.Configuration.StartsWith("Debug", System.StringComparison.Ordinal))
        {
            sb.AppendLine("note: a Debug build runs without JIT optimisation; measure a Release build (dotnet run -c Release ...)");
        }

        sb.AppendLine(Inv, $"rounds: each starts one operation later than the one before, host first in every other; warm-up until two passes in a row compiled nothing ({r.WarmUpPasses} passes; scaling {r.ScalingWarmUpPasses})");
        sb.AppendLine("spread: IQR = the middle half of the rounds' times (third quartile - first) as a percent of the median; ratio Q1-Q3 = the quartiles of the rounds' own ratios");

        sb.AppendLine();
        sb.AppendLine(Inv, $"{"operation",-42} {"model ns",10} {"host ns",10} {"model speed / host",19} {"model B/op",11} {"model IQR",10} {"host IQR",9} {"ratio Q1-Q3",14}");
        foreach (var op in r.Operations)
        {
            var ratios = op.RoundRatios;
            sb.AppendLine(Inv, $"{op.Name,-42} {op.ModelNs,10:F0} {Opt(op.HostNs, "F0"),10} {(op.Ratio is { } x ? x.ToString("F2", Inv) + "x" : "-"),19} {op.ModelBytes,11:F0} {Percent(op.ModelRounds),10} {(op.HostNs == null ? "-" : Percent(op.HostRounds)),9} {Quartiles(ratios),14}");
        }

        if (r.Scaling.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(Inv, $"{"live struct pids (model)",-26} {"open_by_handle_at+close ns",27} {"pidfd_open(nr)+close ns",24} {"handle IQR",11} {"open IQR",9} {"handle/first Q1-Q3",19} {"open/first Q1-Q3",17} {"wide open_by_handle_at ns",26} {"wide/first Q1-Q3",17} {"wide tree walk ns",18} {"dense rb-tree walk ns",22}");
            var first = r.Scaling[0];
            foreach (var s in r.Scaling)
            {
                sb.AppendLine(Inv, $"{s.Live,26:N0} {s.OpenByHandleNs,14:F0} ({Paired(s.OpenByHandleRatios),5:F2}x) {s.PidfdOpenNs,14:F0} ({Paired(s.PidfdOpenRatios),5:F2}x) {Percent(s.OpenByHandleRounds),11} {Percent(s.PidfdOpenRounds),9} {Quartiles(s.OpenByHandleRatios),19} {Quartiles(s.PidfdOpenRatios),17} {s.OpenByHandleWideNs,16:F0} ({Paired(s.OpenByHandleWideRatios),5:F2}x) {Quartiles(s.OpenByHandleWideRatios),17} {s.WideWalkNs,8:F0} ({Paired(s.WideWalkRatios),6:F2}x) {s.DenseWalkNs,12:F0} ({Paired(s.DenseWalkRatios),6:F2}x)");
            }

            sb.AppendLine(Inv, $"scaling: all populations alive at once, interleaved round by round; a batch goes round {first.Spread} live tasks spread evenly over the population's pids, each with a pidfd open, so every lookup walks to another pid (their walks fit in the caches); the wide column goes round {first.Wide} (more than the caches and TLBs hold: it adds memory latency per tree level); (x) = the median of the rounds' own ratios to the first population");
            sb.AppendLine("walks: the wide set's keys looked up by rb_find_rcu alone, no system call: in pidfs_ino_tree (the wide column's own walk), and in a dense rb-tree of the same size, keys and shape whose nodes are only an rb_node and a key, allocated back to back (what cold walks of any rb-tree that big cost on this machine)");
        }

        sb.AppendLine();
        sb.AppendLine(Inv, $"memory: {r.BytesPerPid:F0} bytes per live struct pid (GC heap delta over {r.MemoryPids:N0} pids), {r.BytesPerTask:F0} bytes per forked task (over {r.MemoryTasks:N0} tasks, its struct pid included)");
        sb.AppendLine(Inv, $"run time: {r.Seconds:F0} s wall, building the populations included");
        sb.AppendLine("1 benchmark run, 0 failed");
        return sb.ToString();
    }

    /// <summary>The JSON report.</summary>
    /// <param name="r">The result.</param>
    /// <returns>The JSON text (one object, indented).</returns>
    public static string Json(BenchResult r)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("configuration", r.Configuration);
            w.WriteString("host_kernel", r.HostKernel);
            Array(w, "load_average_start", r.LoadStart);
            Array(w, "load_average_end", r.LoadEnd);
            w.WriteNumber("cpus", System.Environment.ProcessorCount);
            w.WriteNumber("rounds", r.Rounds);
            w.WriteString("clock", r.CpuTime ? "thread_cpu" : "wall");
            w.WriteNumber("warmup_passes", r.WarmUpPasses);
            w.WriteNumber("scaling_warmup_passes", r.ScalingWarmUpPasses);
            w.WriteNumber("run_seconds", Round(r.Seconds));
            w.WriteStartArray("operations");
            foreach (var op in r.Operations)
            {
                w.WriteStartObject();
                w.WriteString("name", op.Name);
                w.WriteNumber("model_ns", Round(op.ModelNs));
                Number(w, "host_ns", op.HostNs);
                Number(w, "ratio", op.Ratio);
                w.WriteNumber("model_bytes", Round(op.ModelBytes));
                Array(w, "model_ns_rounds", op.ModelRounds, 1);
                Array(w, "host_ns_rounds", op.HostRounds, 1);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("scaling");
            foreach (var s in r.Scaling)
            {
                w.WriteStartObject();
                w.WriteNumber("live_pids", s.Live);
                w.WriteNumber("open_by_handle_at_ns", Round(s.OpenByHandleNs));
                w.WriteNumber("pidfd_open_ns", Round(s.PidfdOpenNs));
                w.WriteNumber("spread_tasks", s.Spread);
                w.WriteNumber("wide_spread_tasks", s.Wide);
                w.WriteNumber("open_by_handle_at_wide_ns", Round(s.OpenByHandleWideNs));
                Array(w, "open_by_handle_at_wide_ratio_to_first_rounds", s.OpenByHandleWideRatios, 3);
                w.WriteNumber("wide_walk_ns", Round(s.WideWalkNs));
                Array(w, "wide_walk_ratio_to_first_rounds", s.WideWalkRatios, 3);
                w.WriteNumber("dense_walk_ns", Round(s.DenseWalkNs));
                Array(w, "dense_walk_ratio_to_first_rounds", s.DenseWalkRatios, 3);
                Array(w, "open_by_handle_at_ns_rounds", s.OpenByHandleRounds, 1);
                Array(w, "pidfd_open_ns_rounds", s.PidfdOpenRounds, 1);
                Array(w, "open_by_handle_at_ratio_to_first_rounds", s.OpenByHandleRatios, 3);
                Array(w, "pidfd_open_ratio_to_first_rounds", s.PidfdOpenRatios, 3);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("memory");
            w.WriteNumber("bytes_per_pid", Round(r.BytesPerPid));
            w.WriteNumber("bytes_per_task", Round(r.BytesPerTask));
            w.WriteNumber("pids", r.MemoryPids);
            w.WriteNumber("tasks", r.MemoryTasks);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static double Round(double x) => System.Math.Round(x, 1);

    private static double Paired(double[] ratios) => ratios.Length == 0 ? 0 : BenchStats.Median(ratios);

    private static string Percent(double[] rounds) => rounds.Length == 0 ? "-" : BenchStats.IqrPercent(rounds).ToString("F1", Inv) + "%";

    private static string Quartiles(double[] xs) =>
        xs.Length == 0 ? "-" : $"{BenchStats.Quantile(xs, 0.25).ToString("F2", Inv)}-{BenchStats.Quantile(xs, 0.75).ToString("F2", Inv)}x";

    private static string Opt(double? x, string format) => x is { } v ? v.ToString(format, Inv) : "-";

    private static string Load(double[] l) => l.Length == 0 ? "unknown" : string.Join(' ', l.Select(x => x.ToString("F2", Inv)));

    private static void Array(Utf8JsonWriter w, string name, double[] xs, int digits = -1)
    {
        w.WriteStartArray(name);
        foreach (var x in xs)
        {
            w.WriteNumberValue(digits < 0 ? x : System.Math.Round(x, digits));
        }

        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double? x)
    {
        if (x is { } v)
        {
            w.WriteNumber(name, Round(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
