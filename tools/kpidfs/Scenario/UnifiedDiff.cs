// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Text;

namespace Kpidfs.Scenario;

/// <summary>A unified diff of two texts (line based, LCS, 3 lines of context).</summary>
public static class UnifiedDiff
{
    /// <summary>Compares two texts.</summary>
    /// <param name="a">The old text.</param>
    /// <param name="b">The new text.</param>
    /// <param name="aName">The old text's label (the `---` line).</param>
    /// <param name="bName">The new text's label (the `+++` line).</param>
    /// <returns>The diff, or an empty string when they are equal.</returns>
    public static string Diff(string a, string b, string aName, string bName)
    {
        var x = Lines(a);
        var y = Lines(b);
        var n = x.Length;
        var m = y.Length;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = x[i] == y[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        /* the edit script: (kind, old index, new index); kind ' ', '-', '+' */
        var script = new List<(char Kind, int I, int J)>();
        int p = 0, q = 0;
        while (p < n || q < m)
        {
            if (p < n && q < m && x[p] == y[q])
            {
                script.Add((' ', p++, q++));
            }
            else if (p < n && (q == m || lcs[p + 1, q] >= lcs[p, q + 1]))
            {
                script.Add(('-', p++, q));
            }
            else
            {
                script.Add(('+', p, q++));
            }
        }

        if (script.TrueForAll(e => e.Kind == ' '))
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        sb.Append("--- ").Append(aName).Append('\n');
        sb.Append("+++ ").Append(bName).Append('\n');
        const int context = 3;
        var k = 0;
        while (k < script.Count)
        {
            if (script[k].Kind == ' ')
            {
                k++;
                continue;
            }

            var start = Math.Max(0, k - context);
            var end = k;
            while (true)
            {
                while (end < script.Count && script[end].Kind != ' ')
                {
                    end++;
                }

                var next = end;
                while (next < script.Count && script[next].Kind == ' ')
                {
                    next++;
                }

                if (next < script.Count && next - end <= 2 * context)
                {
                    end = next;
                    continue;
                }

                end = Math.Min(script.Count, end + context);
                break;
            }

            var oldCount = 0;
            var newCount = 0;
            for (var i = start; i < end; i++)
            {
                oldCount += script[i].Kind != '+' ? 1 : 0;
                newCount += script[i].Kind != '-' ? 1 : 0;
            }

            var oldStart = oldCount == 0 ? script[start].I : script[start].I + 1;
            var newStart = newCount == 0 ? script[start].J : script[start].J + 1;
            sb.Append($"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
            for (var i = start; i < end; i++)
            {
                var (kind, oi, nj) = script[i];
                sb.Append(kind).Append(kind == '+' ? y[nj] : x[oi]).Append('\n');
            }

            k = end;
        }

        return sb.ToString();
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');
}
