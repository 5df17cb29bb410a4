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

        sb.AppendLine();
        sb.AppendLine(Inv, $"{"operation",-42} {"model ns",10} {"host ns",10} {"model speed / host",19} {"model B/op",11}");
        foreach (var op in r.Operations)
        {
            sb.AppendLine(Inv, $"{op.Name,-42} {op.ModelNs,10:F0} {Opt(op.HostNs, "F0"),10} {(op.Ratio is { } x ? x.ToString("F2", Inv) + "x" : "-"),19} {op.ModelBytes,11:F0}");
        }

        if (r.Scaling.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(Inv, $"{"live struct pids (model)",-26} {"open_by_handle_at+close ns",27} {"pidfd_open(nr)+close ns",24}");
            var first = r.Scaling[0];
            foreach (var s in r.Scaling)
            {
                sb.AppendLine(Inv, $"{s.Live,26:N0} {s.OpenByHandleNs,14:F0} ({s.OpenByHandleNs / first.OpenByHandleNs,5:F2}x) {s.PidfdOpenNs,14:F0} ({s.PidfdOpenNs / first.PidfdOpenNs,5:F2}x)");
            }
        }

        sb.AppendLine();
        sb.AppendLine(Inv, $"memory: {r.BytesPerPid:F0} bytes per live struct pid (GC heap delta over {r.MemoryPids:N0} pids), {r.BytesPerTask:F0} bytes per forked task (over {r.MemoryTasks:N0} tasks, its struct pid included)");
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
            w.WriteStartArray("operations");
            foreach (var op in r.Operations)
            {
                w.WriteStartObject();
                w.WriteString("name", op.Name);
                w.WriteNumber("model_ns", Round(op.ModelNs));
                Number(w, "host_ns", op.HostNs);
                Number(w, "ratio", op.Ratio);
                w.WriteNumber("model_bytes", Round(op.ModelBytes));
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

    private static string Opt(double? x, string format) => x is { } v ? v.ToString(format, Inv) : "-";

    private static string Load(double[] l) => l.Length == 0 ? "unknown" : string.Join(' ', l.Select(x => x.ToString("F2", Inv)));

    private static void Array(Utf8JsonWriter w, string name, double[] xs)
    {
        w.WriteStartArray(name);
        foreach (var x in xs)
        {
            w.WriteNumberValue(x);
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
