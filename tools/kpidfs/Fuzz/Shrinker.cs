// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Linq;
using Kpidfs.Scenario;

namespace Kpidfs.Fuzz;

/// <summary>
/// Delta debugging over the lines of a divergent scenario: removes chunks of lines, then single lines,
/// keeping a removal only when the file still parses, <see cref="FuzzState"/> still accepts it, and it
/// still diverges the same way (the same <see cref="Comparison.Kind"/>).
/// </summary>
/// <param name="comparer">Runs a candidate on both backends.</param>
/// <param name="maxRuns">How many candidates to try at most.</param>
public sealed class Shrinker(Comparer comparer, int maxRuns = 400)
{
    /// <summary>Gets how many candidates the last <see cref="Shrink"/> ran.</summary>
    public int Runs { get; private set; }

    /// <summary>Shrinks a divergent scenario.</summary>
    /// <param name="path">The name candidates get (appears in error lines).</param>
    /// <param name="header">Comment lines kept at the top (each ending with a newline).</param>
    /// <param name="lines">The operation lines.</param>
    /// <param name="original">How the full scenario diverged.</param>
    /// <returns>The minimal lines and how they diverge.</returns>
    public (IReadOnlyList<string> Lines, Comparison Result) Shrink(string path, string header, IReadOnlyList<string> lines, Comparison original)
    {
        this.Runs = 0;
        var best = lines.ToList();
        var bestResult = original;

        bool Try(List<string> candidate)
        {
            if (candidate.Count == 0 || candidate.Count >= best.Count || this.Runs >= maxRuns)
            {
                return false;
            }

            var file = Parser.Parse(path, header + string.Concat(candidate.Select(l => l + "\n")), out _);
            if (file == null || FuzzState.Validate(file) != null)
            {
                return false;
            }

            this.Runs++;
            var r = comparer.Compare(file);
            if (r.Kind != original.Kind)
            {
                return false;
            }

            best = candidate;
            bestResult = r;
            return true;
        }

        /* everything after the first differing line can go at once */
        var cut = original.FirstDifference;
        if (original.Kind == "transcript" && cut >= 0 && cut + 1 < best.Count)
        {
            Try(best.Take(cut + 1).ToList());
        }

        var n = 2;
        while (best.Count >= 2 && this.Runs < maxRuns)
        {
            var chunk = (int)Math.Ceiling(best.Count / (double)n);
            var removed = false;
            for (var start = 0; start < best.Count; start += chunk)
            {
                var candidate = best.Take(start).Concat(best.Skip(start + chunk)).ToList();
                if (Try(candidate))
                {
                    removed = true;
                    break;
                }
            }

            if (removed)
            {
                n = Math.Max(n - 1, 2);
            }
            else if (chunk == 1)
            {
                break;
            }
            else
            {
                n = Math.Min(n * 2, best.Count);
            }
        }

        return (best, bestResult);
    }
}
