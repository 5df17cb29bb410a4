// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Kpidfs.Bench;
using Kpidfs.Host;
using Linux;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>`kpidfs bench`: the shape of its output (never its speed).</summary>
public class BenchTests
{
    private static readonly string[] Operations =
    [
        "pidfd_open+close", "pidfd_open+fstat+close", "name_to_handle_at+open_by_handle_at+close", "ioctl(PIDFD_GET_INFO)",
        "fstat", "pidfd_send_signal(0)", "poll", "fork+exit+wait", "alloc_pid+free_pid",
    ];

    private static readonly BenchOptions Tiny = BenchOptions.Quick with { Rounds = 1, BatchMilliseconds = 0.2, LivePids = [1000, 2000], MemoryPids = 300, MemoryTasks = 20 };

    /// <summary>The JSON report (in CPU-time mode) names the configuration and the clock and has every operation, both sides where the host has the call.</summary>
    [Fact]
    public void JsonShape()
    {
        var (code, stdout) = Run(json: true, cpuTime: true);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(vmlinux.build_config, root.GetProperty("configuration").GetString());
        Assert.Equal("thread_cpu", root.GetProperty("clock").GetString());
        Assert.Equal(3, root.GetProperty("load_average_start").GetArrayLength());
        var ops = root.GetProperty("operations").EnumerateArray().ToArray();
        Assert.Equal(Operations, ops.Select(o => o.GetProperty("name").GetString()));
        var hostRuns = HostBackend.Unsupported == null;
        foreach (var o in ops)
        {
            Assert.True(o.GetProperty("model_ns").GetDouble() > 0, o.ToString());
            Assert.True(o.GetProperty("model_bytes").GetDouble() >= 0, o.ToString());
            Assert.Equal(Tiny.Rounds, o.GetProperty("model_ns_rounds").GetArrayLength());
            var hasHost = hostRuns && o.GetProperty("name").GetString() != "alloc_pid+free_pid";
            Assert.Equal(hasHost ? JsonValueKind.Number : JsonValueKind.Null, o.GetProperty("host_ns").ValueKind);
            Assert.Equal(hasHost ? JsonValueKind.Number : JsonValueKind.Null, o.GetProperty("ratio").ValueKind);
            Assert.Equal(hasHost ? Tiny.Rounds : 0, o.GetProperty("host_ns_rounds").GetArrayLength());
        }

        var rows = root.GetProperty("scaling").EnumerateArray().ToArray();
        Assert.Equal([1000, 2000], rows.Select(s => s.GetProperty("live_pids").GetInt32()));
        foreach (var s in rows)
        {
            Assert.Equal(Tiny.SpreadPids, s.GetProperty("spread_tasks").GetInt32());
            Assert.Equal(Tiny.WideSpreadPids, s.GetProperty("wide_spread_tasks").GetInt32());
            Assert.True(s.GetProperty("open_by_handle_at_wide_ns").GetDouble() > 0, s.ToString());
            Assert.True(s.GetProperty("wide_walk_ns").GetDouble() > 0, s.ToString());
            Assert.True(s.GetProperty("dense_walk_ns").GetDouble() > 0, s.ToString());
            Assert.Equal(Tiny.Rounds, s.GetProperty("dense_walk_ratio_to_first_rounds").GetArrayLength());
            Assert.Equal(Tiny.Rounds, s.GetProperty("open_by_handle_at_ratio_to_first_rounds").GetArrayLength());
        }

        Assert.Equal(1.0, rows[0].GetProperty("pidfd_open_ratio_to_first_rounds")[0].GetDouble());
        Assert.True(root.GetProperty("warmup_passes").GetInt32() > 0);
        Assert.True(root.GetProperty("run_seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("memory").GetProperty("bytes_per_pid").GetDouble() > 0);
        Assert.True(root.GetProperty("memory").GetProperty("bytes_per_task").GetDouble() > 0);
    }

    /// <summary>The text report: configuration, load average, one row per operation, the summary line.</summary>
    [Fact]
    public void TextShape()
    {
        var (code, stdout) = Run(json: false);
        Assert.Equal(0, code);
        var lines = stdout.Split('\n');
        Assert.Equal("model: " + vmlinux.build_config, lines[0]);
        Assert.StartsWith("load average: ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("clock: wall time", lines[3], StringComparison.Ordinal);
        foreach (var op in Operations)
        {
            Assert.Single(lines, l => l.StartsWith(op + " ", StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.StartsWith("memory: ", StringComparison.Ordinal));
        Assert.Equal("1 benchmark run, 0 failed", lines[^2]);
    }

    /// <summary>--op measures only the operations whose name contains one of the words, in the order of the words.</summary>
    [Fact]
    public void OnlyTheOperationsAskedForInTheirOrder()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, BenchCommand.Run(Tiny with { Only = ["POLL", "fstat"], LivePids = [], Host = false }, json: true, stdout, TextWriter.Null));
        using var doc = JsonDocument.Parse(stdout.ToString());
        var ops = doc.RootElement.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("name").GetString());
        Assert.Equal(["poll", "pidfd_open+fstat+close", "fstat"], ops);
    }

    /// <summary>The order statistics the report prints: interpolated quantiles, the median of an even count, the IQR in percent of the median.</summary>
    [Fact]
    public void Quartiles()
    {
        double[] xs = [40, 10, 30, 20];
        Assert.Equal(25, BenchStats.Median(xs));
        Assert.Equal(17.5, BenchStats.Quantile(xs, 0.25));
        Assert.Equal(32.5, BenchStats.Quantile(xs, 0.75));
        Assert.Equal(60, BenchStats.IqrPercent(xs));
        Assert.Equal(0, BenchStats.Median([]));
        Assert.Equal(7, BenchStats.Quantile([7], 0.25));
    }

    private static (int Code, string Stdout) Run(bool json, bool cpuTime = false)
    {
        var stdout = new StringWriter();
        var code = BenchCommand.Run(Tiny with { CpuTime = cpuTime }, json, stdout, TextWriter.Null);
        return (code, stdout.ToString());
    }
}
