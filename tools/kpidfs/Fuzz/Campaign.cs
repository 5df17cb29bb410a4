// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Kpidfs.Scenario;

namespace Kpidfs.Fuzz;

/// <summary>
/// `kpidfs fuzz`: generates sequences, runs each on both backends, and writes every divergent one,
/// shrunk, to a folder: `seed-S-NNNNNN.scn` (minimal), `.orig.scn` (as generated), `.model.txt` and
/// `.host.txt` (the minimal file's transcripts), and `.exception.txt` when a backend threw.
/// </summary>
/// <param name="comparer">The two backends.</param>
/// <param name="stdout">Where progress and the summary go.</param>
public sealed class Campaign(Comparer comparer, TextWriter stdout)
{
    /// <summary>Gets how many sequences ran the same on both backends.</summary>
    public int Same { get; private set; }

    /// <summary>Gets how many sequences differ.</summary>
    public int Differ { get; private set; }

    /// <summary>Gets how many sequences the host could not run.</summary>
    public int Skipped { get; private set; }

    /// <summary>Runs sequences <paramref name="start"/> to start+count-1 of campaign <paramref name="seed"/>.</summary>
    /// <param name="seed">The campaign seed.</param>
    /// <param name="count">How many sequences.</param>
    /// <param name="outDir">Where divergent sequences go (created when the first one is found).</param>
    /// <param name="start">The first sequence's index.</param>
    /// <returns>0 when nothing differs, else 1.</returns>
    public int Run(int seed, int count, string outDir, int start = 0)
    {
        var clock = Stopwatch.StartNew();
        var every = count < 100 ? int.MaxValue : count / 10; /* sparse: ten progress lines at most */
        for (var i = start; i < start + count; i++)
        {
            var name = $"seed-{seed.ToString(CultureInfo.InvariantCulture)}-{i.ToString("D6", CultureInfo.InvariantCulture)}";
            var text = Generator.Generate(seed, i);
            var file = Parser.Parse(name + ".scn", text, out var errors)
                ?? throw new InvalidOperationException($"generated file does not parse: {errors[0]}\n{text}");
            var why = FuzzState.Validate(file);
            if (why != null)
            {
                throw new InvalidOperationException($"generated file is not valid: {why}\n{text}");
            }

            var r = comparer.Compare(file);
            if (r.Kind == "same")
            {
                this.Same++;
            }
            else if (r.Kind == "skipped")
            {
                this.Skipped++;
            }
            else
            {
                this.Differ++;
                this.Report(name, text, file, r, outDir);
            }

            if ((i - start + 1) % every == 0 && i - start + 1 < count)
            {
                stdout.Write($"{i - start + 1}/{count}: {this.Summary()} ({clock.Elapsed.TotalSeconds:F0} s)\n");
                stdout.Flush();
            }
        }

        stdout.Write($"{this.Summary()}\n");
        return this.Differ == 0 ? 0 : 1;
    }

    private string Summary() => $"{this.Same} same, {this.Differ} differ, {this.Skipped} skipped";

    private void Report(string name, string text, ScenarioFile file, Comparison r, string outDir)
    {
        var header = string.Concat(text.Split('\n').TakeWhile(l => l.StartsWith('#')).Select(l => l + "\n"));
        var again = comparer.Compare(file);
        var reproducible = again.Kind == r.Kind;
        var shrinker = new Shrinker(comparer);
        var (lines, min) = reproducible
            ? shrinker.Shrink(name + ".scn", header, file.Ops.Select(o => o.Text).ToList(), r)
            : (file.Ops.Select(o => o.Text).ToList(), r);
        Directory.CreateDirectory(outDir);
        var stem = Path.Combine(outDir, reproducible ? name : "flaky-" + name);
        var note = $"# {r.Kind}{(reproducible ? string.Empty : " (did not happen again on a second run: " + again.Kind + ")")}\n";
        File.WriteAllText(stem + ".scn", header + note + string.Concat(lines.Select(l => l + "\n")));
        File.WriteAllText(stem + ".orig.scn", text);
        File.WriteAllText(stem + ".model.txt", min.Model);
        if (!comparer.ModelOnly)
        {
            File.WriteAllText(stem + ".host.txt", min.Host);
        }

        if (min.Exception != null)
        {
            File.WriteAllText(stem + ".exception.txt", min.Exception + "\n");
        }

        stdout.Write($"{name}: {r.Kind}{(reproducible ? string.Empty : " (not reproducible)")}: {file.Ops.Count} -> {lines.Count} lines ({shrinker.Runs} runs) -> {stem}.scn\n");
        stdout.Flush();
    }
}
