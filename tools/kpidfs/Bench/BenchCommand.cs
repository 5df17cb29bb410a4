// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace Kpidfs.Bench;

/// <summary>`kpidfs bench`: the model and the host kernel side by side.</summary>
public static class BenchCommand
{
    /// <summary>Runs the benchmark and prints its report.</summary>
    /// <param name="o">The options.</param>
    /// <param name="json">JSON instead of text.</param>
    /// <param name="stdout">Where the report goes.</param>
    /// <param name="stderr">Where progress goes.</param>
    /// <returns>The exit code.</returns>
    public static int Run(BenchOptions o, bool json, TextWriter stdout, TextWriter stderr)
    {
        var r = BenchRunner.Run(o, stderr);
        stdout.Write(json ? BenchReport.Json(r) : BenchReport.Text(r));
        return 0;
    }

    /// <summary>Builds the command.</summary>
    /// <returns>The command.</returns>
    internal static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "A run of a few seconds (2 rounds, small batches, 1,000 and 10,000 live pids): shows the shape, not reliable numbers." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of the table." };
        var rounds = new Option<int?>("--rounds") { Description = "Rounds per operation (default 15)." };
        var batch = new Option<double?>("--batch-ms") { Description = "Target milliseconds of one timed batch (default 15)." };
        var live = new Option<int[]>("--live") { Description = "Live-pid counts for the lookup scaling (default 1000 100000 1000000 4194304; none: --live 0).", AllowMultipleArgumentsPerToken = true };
        var spread = new Option<int?>("--spread") { Description = "Live tasks, spread evenly over each scaling population, whose lookups a batch goes round (default 16; 1: one hot pid)." };
        var wide = new Option<int?>("--wide-spread") { Description = "Live tasks the wide open_by_handle_at column goes round (default 256: more than the caches hold)." };
        var noHost = new Option<bool>("--no-host") { Description = "Measure the model only." };
        var cpuTime = new Option<bool>("--cpu-time") { Description = "Time batches in this thread's CPU time, not wall time, so other load on the machine does not count (the host's fork+exit+wait adds its children's CPU time)." };
        var only = new Option<string[]>("--op") { Description = "Measure only the operations whose name contains one of these (ignoring case), in that order, e.g. --op GET_INFO handle.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("bench", "Measure the model against this machine's kernel: per-operation medians and their ratio, lookup scaling, memory per pid and task; names the configuration measured.")
        {
            quick, json, rounds, batch, live, spread, wide, noHost, cpuTime, only,
        };
        command.SetAction(p =>
        {
            var o = p.GetValue(quick) ? BenchOptions.Quick : new BenchOptions();
            o = o with
            {
                Rounds = p.GetValue(rounds) ?? o.Rounds,
                BatchMilliseconds = p.GetValue(batch) ?? o.BatchMilliseconds,
                LivePids = p.GetValue(live) is { Length: > 0 } l ? l.Where(n => n > 0).ToArray() : o.LivePids,
                SpreadPids = Math.Max(1, p.GetValue(spread) ?? o.SpreadPids),
                WideSpreadPids = Math.Max(1, p.GetValue(wide) ?? o.WideSpreadPids),
                Host = !p.GetValue(noHost),
                CpuTime = p.GetValue(cpuTime),
                Only = p.GetValue(only) ?? [],
            };
            return Run(o, p.GetValue(json), Console.Out, Console.Error);
        });
        return command;
    }
}
