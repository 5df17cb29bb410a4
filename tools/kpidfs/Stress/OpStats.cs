// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Kpidfs.Stress;

/// <summary>
/// What each operation of the stress mix did: how often the mix chose it, how often it found no
/// target (skipped: nothing issued), how often the system call succeeded, and the errno of every
/// failure. Each CPU keeps its own (no sharing while running); they are merged at the end, so the
/// table shows whether the mix is healthy or has collapsed into failing or skipped calls.
/// </summary>
public sealed class OpStats
{
    private readonly SortedDictionary<string, Counts> ops = new(StringComparer.Ordinal);

    /// <summary>Gets the operation names seen, in name order.</summary>
    public IEnumerable<string> Names => this.ops.Keys;

    /// <summary>Records a system call's result (negative: an errno).</summary>
    /// <param name="op">The operation.</param>
    /// <param name="ret">Its return value.</param>
    /// <returns><paramref name="ret"/>.</returns>
    public long Result(string op, long ret)
    {
        var c = this.Get(op);
        c.Attempted++;
        if (ret >= 0)
        {
            c.Succeeded++;
        }
        else
        {
            c.Errors[(int)-ret] = c.Errors.GetValueOrDefault((int)-ret) + 1;
        }

        return ret;
    }

    /// <summary>Records an operation that found nothing to act on and issued no call.</summary>
    /// <param name="op">The operation.</param>
    public void Skip(string op) => this.Get(op).Skipped++;

    /// <summary>Gets how often <paramref name="op"/> was issued.</summary>
    /// <param name="op">The operation.</param>
    /// <returns>The count.</returns>
    public long Attempted(string op) => this.ops.TryGetValue(op, out var c) ? c.Attempted : 0;

    /// <summary>Gets how often <paramref name="op"/> succeeded.</summary>
    /// <param name="op">The operation.</param>
    /// <returns>The count.</returns>
    public long Succeeded(string op) => this.ops.TryGetValue(op, out var c) ? c.Succeeded : 0;

    /// <summary>Adds <paramref name="other"/>'s counts to these.</summary>
    /// <param name="other">Another CPU's counts.</param>
    public void Merge(OpStats other)
    {
        foreach (var (name, o) in other.ops)
        {
            var c = this.Get(name);
            c.Attempted += o.Attempted;
            c.Succeeded += o.Succeeded;
            c.Skipped += o.Skipped;
            foreach (var (e, n) in o.Errors)
            {
                c.Errors[e] = c.Errors.GetValueOrDefault(e) + n;
            }
        }
    }

    /// <summary>Prints one line per operation: attempted, succeeded (with its share), skipped, the errno histogram.</summary>
    /// <param name="w">Where to print.</param>
    public void Print(TextWriter w)
    {
        var width = Math.Max(9, this.ops.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max());
        w.WriteLine($"{"operation".PadRight(width)} {"attempted",10} {"succeeded",10} {"ok%",5} {"skipped",8}  errors");
        foreach (var (name, c) in this.ops)
        {
            var share = c.Attempted == 0 ? "-" : (100.0 * c.Succeeded / c.Attempted).ToString("F0", CultureInfo.InvariantCulture);
            var errors = string.Join(", ", c.Errors.OrderByDescending(e => e.Value).ThenBy(e => e.Key).Select(e => $"{Linux.errno.errname(-e.Key)} {e.Value}"));
            w.WriteLine($"{name.PadRight(width)} {c.Attempted,10} {c.Succeeded,10} {share,5} {c.Skipped,8}  {errors}".TrimEnd());
        }
    }

    private Counts Get(string op)
    {
        if (!this.ops.TryGetValue(op, out var c))
        {
            c = new Counts();
            this.ops[op] = c;
        }

        return c;
    }

    private sealed class Counts
    {
        public long Attempted { get; set; }

        public long Succeeded { get; set; }

        public long Skipped { get; set; }

        public Dictionary<int, long> Errors { get; } = [];
    }
}
