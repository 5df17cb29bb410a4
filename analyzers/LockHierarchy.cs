// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Pidfs.Analyzers.Core;

namespace Pidfs.Analyzers;

/// <summary>
/// The declared lock hierarchy of a compilation (lock_order lists and lock_never_nest pairs), printed
/// as text or Graphviz DOT, with the nestings the code actually uses marked.
/// </summary>
public sealed class LockHierarchy
{
    private readonly DeclaredOrder order;
    private readonly HashSet<(string, string)> used;

    private LockHierarchy(DeclaredOrder order, IEnumerable<LockEdgeInfo> edges)
    {
        this.order = order;
        this.used = new HashSet<(string, string)>(edges.Select(e => (e.From, e.To)));
    }

    /// <summary>Gets the declared lock classes, sorted.</summary>
    public IReadOnlyList<string> Classes => this.order.Lists.SelectMany(l => l).Concat(this.order.NeverNestPairs.SelectMany(p => new[] { p.A, p.B }))
        .Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToList();

    /// <summary>Gets the declared order edges (consecutive entries of each list, deduplicated).</summary>
    public IReadOnlyList<(string Outer, string Inner)> Order => this.order.Lists
        .SelectMany(l => l.Zip(l.Skip(1), (a, b) => (a, b)))
        .Distinct()
        .ToList();

    /// <summary>Gets the pairs that must never nest.</summary>
    public IReadOnlyList<(string A, string B)> NeverNest => this.order.NeverNestPairs;

    /// <summary>Reads the hierarchy of a compilation and marks the nestings of its lock graph.</summary>
    /// <param name="compilation">The compilation.</param>
    /// <param name="graph">Its lock graph (for the "used" marks), or null.</param>
    /// <returns>The hierarchy.</returns>
    public static LockHierarchy Of(Compilation compilation, LockGraph? graph = null) =>
        new LockHierarchy(KernelModel.For(compilation).Order, graph?.Edges ?? Array.Empty<LockEdgeInfo>());

    /// <summary>Prints the hierarchy as text: classes, orders (with whether the code nests them), never-nest pairs.</summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append("lock classes:\n");
        foreach (var c in this.Classes)
        {
            sb.Append("  ").Append(c).Append('\n');
        }

        sb.Append("order (outer -> inner; * = nested somewhere in the code, directly or through calls):\n");
        foreach (var (a, b) in this.Order)
        {
            sb.Append("  ").Append(a).Append(" -> ").Append(b).Append(this.IsUsed(a, b) ? "  *" : string.Empty).Append('\n');
        }

        sb.Append("never nest (either order):\n");
        foreach (var (a, b) in this.NeverNest)
        {
            sb.Append("  ").Append(a).Append(" x ").Append(b).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Prints the hierarchy as Graphviz DOT: order edges solid (bold when used), never-nest pairs red and dashed.</summary>
    /// <returns>The DOT text.</returns>
    public string ToDot()
    {
        var sb = new StringBuilder();
        sb.Append("digraph lock_hierarchy {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n");
        foreach (var c in this.Classes)
        {
            sb.Append("  \"").Append(c).Append("\";\n");
        }

        foreach (var (a, b) in this.Order)
        {
            sb.Append("  \"").Append(a).Append("\" -> \"").Append(b).Append('"').Append(this.IsUsed(a, b) ? " [style=bold]" : string.Empty).Append(";\n");
        }

        foreach (var (a, b) in this.NeverNest)
        {
            sb.Append("  \"").Append(a).Append("\" -> \"").Append(b).Append("\" [dir=none, style=dashed, color=red, label=\"never nest\"];\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    private bool IsUsed(string a, string b) => this.used.Contains((a, b));
}
