// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Pidfs.Analyzers.Core;

namespace Pidfs.Analyzers;

/// <summary>
/// The whole-program lock dependency graph the analyzers infer: an edge A -> B for every place where
/// B is taken (directly, through calls or on a release path) while A is held.
/// </summary>
public sealed class LockGraph
{
    private LockGraph(IReadOnlyList<LockEdgeInfo> edges)
    {
        this.Edges = edges;
    }

    /// <summary>Gets one witness edge per (from, to, release path) triple, in a stable order.</summary>
    public IReadOnlyList<LockEdgeInfo> Edges { get; }

    /// <summary>Analyses every method of the compilation and returns the lock graph.</summary>
    /// <param name="compilation">A compilation of the kernel sources.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The graph.</returns>
    public static LockGraph Build(Compilation compilation, CancellationToken cancellationToken = default)
    {
        var model = KernelModel.For(compilation);
        model.AnalyzeAll(cancellationToken);
        return FromEdges(model.Results.SelectMany(r => r.Value.Edges));
    }

    /// <summary>Builds the graph from edges, keeping the first witness of each edge.</summary>
    /// <param name="edges">The edges.</param>
    /// <returns>The graph.</returns>
    public static LockGraph FromEdges(IEnumerable<LockEdgeInfo> edges)
    {
        var kept = edges
            .OrderBy(e => e.FilePath, StringComparer.Ordinal)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Method, StringComparer.Ordinal)
            .ThenBy(e => e.From, StringComparer.Ordinal)
            .ThenBy(e => e.To, StringComparer.Ordinal)
            .GroupBy(e => (e.From, e.To, e.ReleasePath))
            .Select(g => g.First())
            .OrderBy(e => e.From, StringComparer.Ordinal)
            .ThenBy(e => e.To, StringComparer.Ordinal)
            .ThenBy(e => e.ReleasePath)
            .ToList();
        return new LockGraph(kept);
    }

    /// <summary>
    /// Finds the cycles (one shortest cycle per strongly connected component). RCU is left out:
    /// rcu_read_lock never blocks, so it cannot close a deadlock.
    /// </summary>
    /// <returns>Each cycle as its edges, in order.</returns>
    public IReadOnlyList<IReadOnlyList<LockEdgeInfo>> FindCycles()
    {
        var adjacency = new Dictionary<string, List<LockEdgeInfo>>(StringComparer.Ordinal);
        foreach (var e in this.Edges)
        {
            if (e.From == "rcu" || e.To == "rcu" || e.From == e.To)
            {
                continue;
            }

            if (!adjacency.TryGetValue(e.From, out var list))
            {
                adjacency[e.From] = list = new List<LockEdgeInfo>();
            }

            if (!list.Any(x => x.To == e.To))
            {
                list.Add(e);
            }
        }

        var result = new List<IReadOnlyList<LockEdgeInfo>>();
        foreach (var scc in StronglyConnected(adjacency))
        {
            if (scc.Count < 2)
            {
                continue;
            }

            var start = scc.OrderBy(n => n, StringComparer.Ordinal).First();
            var cycle = ShortestCycle(start, adjacency, new HashSet<string>(scc, StringComparer.Ordinal));
            if (cycle != null)
            {
                result.Add(cycle);
            }
        }

        return result.OrderBy(c => c[0].From, StringComparer.Ordinal).ToList();
    }

    /// <summary>Prints the graph in Graphviz DOT; release-path edges are dashed, cycle edges red.</summary>
    /// <returns>The DOT text.</returns>
    public string ToDot()
    {
        var cycleEdges = new HashSet<LockEdgeInfo>(this.FindCycles().SelectMany(c => c));
        var sb = new StringBuilder();
        sb.Append("digraph lockgraph {\n");
        sb.Append("  rankdir=LR;\n");
        sb.Append("  node [shape=box, fontname=\"monospace\"];\n");
        foreach (var node in this.Edges.SelectMany(e => new[] { e.From, e.To }).Distinct().OrderBy(n => n, StringComparer.Ordinal))
        {
            sb.Append("  \"").Append(Escape(node)).Append("\";\n");
        }

        foreach (var e in this.Edges)
        {
            var label = e.Method + " (" + System.IO.Path.GetFileName(e.FilePath) + ":" + e.Line + ")" + (e.Via.Length > 0 ? "\\nvia " + e.Via : string.Empty);
            sb.Append("  \"").Append(Escape(e.From)).Append("\" -> \"").Append(Escape(e.To)).Append("\" [label=\"").Append(Escape(label).Replace("\\\\n", "\\n")).Append('"');
            if (e.ReleasePath)
            {
                sb.Append(", style=dashed");
            }

            if (cycleEdges.Contains(e))
            {
                sb.Append(", color=red");
            }

            sb.Append("];\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");

    private static List<LockEdgeInfo>? ShortestCycle(string start, Dictionary<string, List<LockEdgeInfo>> adjacency, HashSet<string> scc)
    {
        var previous = new Dictionary<string, LockEdgeInfo>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (!adjacency.TryGetValue(node, out var outs))
            {
                continue;
            }

            foreach (var e in outs.OrderBy(x => x.To, StringComparer.Ordinal))
            {
                if (!scc.Contains(e.To))
                {
                    continue;
                }

                if (e.To == start)
                {
                    var cycle = new List<LockEdgeInfo> { e };
                    for (var n = node; n != start; n = previous[n].From)
                    {
                        cycle.Insert(0, previous[n]);
                    }

                    return cycle;
                }

                if (!previous.ContainsKey(e.To))
                {
                    previous[e.To] = e;
                    queue.Enqueue(e.To);
                }
            }
        }

        return null;
    }

    private static List<List<string>> StronglyConnected(Dictionary<string, List<LockEdgeInfo>> adjacency)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            if (adjacency.TryGetValue(v, out var outs))
            {
                foreach (var e in outs)
                {
                    if (!index.ContainsKey(e.To))
                    {
                        Visit(e.To);
                        low[v] = Math.Min(low[v], low[e.To]);
                    }
                    else if (onStack.Contains(e.To))
                    {
                        low[v] = Math.Min(low[v], index[e.To]);
                    }
                }
            }

            if (low[v] == index[v])
            {
                var scc = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    scc.Add(w);
                }
                while (w != v);
                result.Add(scc);
            }
        }

        foreach (var v in adjacency.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result;
    }
}
