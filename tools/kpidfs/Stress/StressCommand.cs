// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Linux;

namespace Kpidfs.Stress;

/// <summary>
/// `kpidfs stress --cpus N --ops M --seed S`: N host threads act as CPUs of one booted kernel, each
/// running as its own worker process and doing the weighted mix of <see cref="StressCpu"/> on
/// shared and private children, lockdep on. A watchdog dumps every CPU's held locks when one makes
/// no progress for 20 s. It prints the per-operation table of <see cref="OpStats"/>, the throughput,
/// and last `N ops, N splats, N leaks, N reused inodes, N reaped pidfds without exit info, N hangs`;
/// exit 0 only when all but the first are 0.
/// </summary>
public static class StressCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="cpus">How many CPUs (host threads).</param>
    /// <param name="ops">How many operations in all.</param>
    /// <param name="seed">The seed (CPU i uses System.Random(seed*1000003+i)).</param>
    /// <param name="stdout">Where the figures go.</param>
    /// <returns>0 when nothing splatted, leaked, reused an inode, lost exit info or hung.</returns>
    public static int Run(int cpus, long ops, int seed, TextWriter stdout)
    {
        stdout.WriteLine($"kernel: {vmlinux.build_config}");
        var k = vmlinux.boot();
        var s = new StressShared();
        var workers = Enumerable.Range(0, cpus).Select(i => k.fork(k.init_process, $"cpu{i}")).ToArray();
        var progress = new long[cpus];
        var perCpu = new StressCpu[cpus];
        var done = new bool[cpus];
        var sw = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, cpus).Select(i => new Thread(() =>
        {
            var cpu = perCpu[i] = new StressCpu(k, s, workers[i], new Random((seed * 1000003) + i));
            var mine = (ops / cpus) + (i < ops % cpus ? 1 : 0);
            /* a CPU that crashed (a BUG) may hold locks: it stops, and does not tidy up after itself */
            var crashed = false;
            for (long n = 0; n < mine && !s.Abort && !crashed; n++)
            {
                crashed = !Crash(s, i, cpu.Step);
                Interlocked.Increment(ref progress[i]);
            }

            if (!crashed)
            {
                Crash(s, i, cpu.Finish);
            }

            Volatile.Write(ref done[i], true);
        })
        { IsBackground = true }).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        var hangs = Watchdog(k, threads, progress, done, stdout);
        sw.Stop();
        var total = progress.Sum();
        var stats = new OpStats();
        foreach (var c in perCpu)
        {
            stats.Merge(c.Stats);
        }

        stats.Print(stdout);
        stdout.WriteLine($"{total} ops in {sw.Elapsed.TotalSeconds:F1} s on {cpus} CPUs: {total / Math.Max(sw.Elapsed.TotalSeconds, 1e-9):F0} ops/s");
        if (hangs > 0)
        {
            foreach (var c in s.Crashes)
            {
                stdout.WriteLine(c);
            }

            stdout.WriteLine($"{total} ops, {k.warns.Count + s.Crashes.Count} splats, 0 leaks, {s.ReusedInodes} reused inodes, {s.NoExitInfo} reaped pidfds without exit info, {hangs} hangs");
            stdout.Flush();
            Environment.Exit(1);
        }

        foreach (var c in s.Crashes)
        {
            stdout.WriteLine(c);
        }

        if (!s.Crashes.IsEmpty)
        {
            /* a crashed CPU may still hold locks that teardown would need */
            stdout.WriteLine("teardown skipped: a CPU crashed and may hold locks");
            stdout.WriteLine($"{total} ops, {k.warns.Count + s.Crashes.Count} splats, 0 leaks, {s.ReusedInodes} reused inodes, {s.NoExitInfo} reaped pidfds without exit info, {hangs} hangs");
            return 1;
        }

        var warns = k.warns.ToList();
        var problems = k.teardown();
        var leaks = problems.Count(p => !k.warns.Contains(p));
        foreach (var p in problems.Distinct().Take(20))
        {
            stdout.WriteLine(p);
        }

        var splats = k.warns.Count + s.Crashes.Count;
        stdout.WriteLine($"{total} ops, {splats} splats, {leaks} leaks, {s.ReusedInodes} reused inodes, {s.NoExitInfo} reaped pidfds without exit info, {hangs} hangs");
        return splats + leaks + s.ReusedInodes + s.NoExitInfo + hangs == 0 ? 0 : 1;
    }

    /* runs one step of CPU i; an exception is a crash, kept with its stack for the report */
    private static bool Crash(StressShared s, int i, Action step)
    {
        try
        {
            step();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            s.Crashes.Enqueue($"cpu{i}: {e.GetType().Name}: {e.Message}\n{string.Join("\n", (e.StackTrace ?? string.Empty).Split('\n').Take(16))}");
            return false;
        }
    }

    /* another CPU's held locks, read while that CPU may still change them: a torn read is retried */
    private static held_lock[] HeldLocks(cpu_context cpu)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return cpu.held_locks.ToArray();
            }
            catch (ArgumentException) when (attempt < 100)
            {
            }
        }
    }

    private static int Watchdog(vmlinux k, Thread[] threads, long[] progress, bool[] done, TextWriter stdout)
    {
        var last = new long[progress.Length];
        var since = new DateTime[progress.Length];
        Array.Fill(since, DateTime.UtcNow);
        while (threads.Any(t => t.IsAlive))
        {
            Thread.Sleep(200);
            for (var i = 0; i < progress.Length; i++)
            {
                var p = Interlocked.Read(ref progress[i]);
                if (p != last[i] || Volatile.Read(ref done[i]))
                {
                    last[i] = p;
                    since[i] = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - since[i] > TimeSpan.FromSeconds(20))
                {
                    stdout.WriteLine($"watchdog: CPU {i} made no progress for 20 s; held locks of every CPU:");
                    foreach (var cpu in k.online_cpus())
                    {
                        var held = HeldLocks(cpu);
                        stdout.WriteLine($"CPU {cpu.id} ({cpu.current?.comm}/{cpu.current?.pid}): {(held.Length == 0 ? "no locks held" : string.Join(", ", held.Select(h => $"{h.map.dep_class} at {h.acquired_at}")))}");
                    }

                    return 1;
                }
            }
        }

        return 0;
    }
}
