// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kpidfs.Commands;
using Kpidfs.Model;
using Kpidfs.Scenario;

namespace Kpidfs.Faults;

/// <summary>
/// `kpidfs faults FILE…`: runs each scenario on the model once to count the allocations each line
/// makes, then once per allocation with exactly that one failing (failslab, by its number since
/// boot: single-threaded runs are deterministic). Each injected run must give the failing line an
/// errno upstream can return there, run the later lines, fire no WARN or lockdep report, and leave
/// nothing behind at teardown.
/// </summary>
public static class FaultsCommand
{
    /*
     * Caches whose failure upstream absorbs, so the line may still succeed: a radix tree node
     * idr_alloc cannot get from the cache comes from the CPU's preload pool, and idr_preload
     * ignores a failure to fill the pool.
     */
    private static readonly string?[] Absorbed = ["radix_tree_node"];

    /// <summary>Runs the command.</summary>
    /// <param name="paths">The scenario files.</param>
    /// <param name="stdout">Where findings and the summary go.</param>
    /// <param name="stderr">Where parse errors go.</param>
    /// <returns>0 when nothing leaked, warned or returned a wrong errno; 1 otherwise; 2 for a malformed file.</returns>
    /// <param name="verbose">Print every injected run, not only the failing ones.</param>
    public static int Run(IReadOnlyList<string> paths, TextWriter stdout, TextWriter stderr, bool verbose = false)
    {
        if (!ScenarioCommands.Parse(paths, stderr, out var files))
        {
            return 2;
        }

        var total = new Tally();
        foreach (var file in files)
        {
            total.Add(RunFile(file, stdout, verbose));
        }

        stdout.WriteLine($"{total.Runs} runs, {total.Injected} injected, {total.Leaks} leaks, {total.Warnings} warnings, {total.WrongErrno} wrong errno");
        return total.Leaks + total.Warnings + total.WrongErrno == 0 ? 0 : 1;
    }

    /// <summary>Counts, then fails, every allocation of one file.</summary>
    /// <param name="file">The scenario.</param>
    /// <param name="stdout">Where findings go.</param>
    /// <param name="verbose">Print every injected run.</param>
    /// <returns>The file's tally.</returns>
    public static Tally RunFile(ScenarioFile file, TextWriter stdout, bool verbose)
    {
        var tally = new Tally();
        var lines = new List<(Op Op, long First, long Count, int Errno)>();
        var count = Once(file, 0, (op, before, after, r) => lines.Add((op, before, after - before, ErrnoOf(r))));
        tally.Runs++;
        tally.Add(Judge(file, count, null, 0, stdout));

        foreach (var (op, first, all, baseline) in lines)
        {
            /* a repeated line: fail the allocations of its first run only (the others repeat them) */
            var n = op is RepeatOp rep ? all / rep.Count : all;
            for (long i = 1; i <= n; i++)
            {
                Result? failing = null;
                var run = Once(file, first + i, (o, before, after, r) =>
                {
                    if (before < first + i && first + i <= after)
                    {
                        failing = r;
                    }
                });
                tally.Runs++;
                if (run.Injected)
                {
                    tally.Injected++;
                }

                var where = $"{file.Path}:{op.Line}: allocation {i} of {n} ({op.Text})";
                if (verbose)
                {
                    stdout.WriteLine(where);
                }

                tally.Add(Judge(file, run, failing, i, stdout, where, op, baseline));
            }
        }

        return tally;
    }

    /* one run of the file with allocation number fail_at failing (0: none) */
    private static Outcome Once(ScenarioFile file, long failAt, Action<Op, long, long, Result> onLine)
    {
        ModelBackend? model = null;
        string? crash = null;
        try
        {
            Runner.Run(
                file,
                () =>
                {
                    model = new ModelBackend();
                    var k = model.Kernel;
                    k.failslab.ignore_gfp_reclaim = false;
                    k.failslab.attr.verbose = 0;
                    k.failslab_fail_at = failAt;
                    return model;
                },
                around: (op, step) =>
                {
                    var k = model!.Kernel;
                    var before = System.Threading.Interlocked.Read(ref k.failslab_calls);
                    var r = step();
                    onLine(op, before, System.Threading.Interlocked.Read(ref k.failslab_calls), r);
                    return r;
                });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            crash = $"{e.GetType().Name}: {e.Message}";
        }

        var kernel = model!.Kernel;
        var injected = failAt != 0 && System.Threading.Interlocked.Read(ref kernel.failslab_calls) >= failAt;
        var warns = kernel.warns.ToList();
        List<string> problems;
        try
        {
            problems = kernel.teardown();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems = [$"teardown: {e.GetType().Name}: {e.Message}"];
        }

        var leaks = problems.Where(p => !kernel.warns.Contains(p)).ToList();
        warns = kernel.warns.ToList();
        if (crash != null)
        {
            warns.Add("crash: " + crash);
        }

        return new Outcome(injected, leaks, warns, kernel.failslab_last_failed?.name);
    }

    private static int ErrnoOf(Result? r) => r is RepeatResult rr ? rr.FirstErrno : r?.Errno ?? 0;

    private static string Name(int errno) => errno == 0 ? "success" : Linux.errno.errname(-errno);

    /*
     * A failure the kernel absorbs (idr_preload's pool refill, which upstream
     * ignores) must leave the line's result exactly as it was without
     * injection; any other failure must give an errno upstream can return.
     */
    private static Tally Judge(ScenarioFile file, Outcome run, Result? failing, long nth, TextWriter stdout, string? where = null, Op? op = null, int baseline = 0)
    {
        var t = new Tally();
        where ??= $"{file.Path}: without injection";
        if (run.Leaks.Count > 0)
        {
            t.Leaks++;
            stdout.WriteLine($"{where}: leaked: {string.Join("; ", run.Leaks)}");
        }

        if (run.Warnings.Count > 0)
        {
            t.Warnings++;
            stdout.WriteLine($"{where}: {string.Join("; ", run.Warnings)}");
        }

        var errno = ErrnoOf(failing);
        var absorbed = Absorbed.Contains(run.FailedCache);
        if (op != null && failing != null && (absorbed ? errno != baseline : !UpstreamErrnos(op).Contains(errno)))
        {
            t.WrongErrno++;
            var expected = absorbed ? Name(baseline) + " (the failure is absorbed: the result must not change)" : string.Join("/", UpstreamErrnos(op).Select(e => Linux.errno.errname(-e)));
            stdout.WriteLine($"{where}: returned {Name(errno)}, upstream returns {expected}");
        }

        return t;
    }

    /* what upstream returns when an allocation of this line fails */
    private static int[] UpstreamErrnos(Op op) => op switch
    {
        AsOp a => UpstreamErrnos(a.Inner),
        RepeatOp r => UpstreamErrnos(r.Inner),
        PidfdOpenOp or OpenByHandleOp => [Linux.errno.ENOMEM, Linux.errno.EMFILE, Linux.errno.ENFILE],
        _ => [Linux.errno.ENOMEM],
    };

    /// <summary>The counts the summary line prints.</summary>
    public sealed class Tally
    {
        /// <summary>Gets or sets the runs.</summary>
        public int Runs { get; set; }

        /// <summary>Gets or sets the runs where the failure was injected.</summary>
        public int Injected { get; set; }

        /// <summary>Gets or sets the runs that leaked.</summary>
        public int Leaks { get; set; }

        /// <summary>Gets or sets the runs that warned (WARN, lockdep, a crash).</summary>
        public int Warnings { get; set; }

        /// <summary>Gets or sets the runs whose failing line returned an errno upstream does not return there.</summary>
        public int WrongErrno { get; set; }

        /// <summary>Adds another tally.</summary>
        /// <param name="o">The other.</param>
        public void Add(Tally o)
        {
            this.Runs += o.Runs;
            this.Injected += o.Injected;
            this.Leaks += o.Leaks;
            this.Warnings += o.Warnings;
            this.WrongErrno += o.WrongErrno;
        }
    }

    private sealed record Outcome(bool Injected, List<string> Leaks, List<string> Warnings, string? FailedCache);
}
