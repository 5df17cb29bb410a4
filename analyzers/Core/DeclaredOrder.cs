// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>The lock order declared with lock_order (on the assembly or any class), closed transitively.</summary>
internal sealed class DeclaredOrder
{
    private readonly Dictionary<string, HashSet<string>> after = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> never = new HashSet<(string, string)>();

    public bool IsEmpty => this.after.Count == 0 && this.never.Count == 0;

    /// <summary>Gets the declared lists (each outermost first), as written.</summary>
    public List<List<string>> Lists { get; } = new List<List<string>>();

    /// <summary>Gets the declared never-nest pairs.</summary>
    public List<(string A, string B)> NeverNestPairs { get; } = new List<(string, string)>();

    public static DeclaredOrder Build(Compilation compilation)
    {
        var order = new DeclaredOrder();
        var lists = new List<List<string>>();
        void Collect(ISymbol symbol)
        {
            foreach (var attr in Vocabulary.Get(symbol, Vocabulary.LockOrder))
            {
                lists.Add(Vocabulary.Strings(attr).Select(s => LockResolver.NormaliseClass(s, compilation)).ToList());
            }
        }

        Collect(compilation.Assembly);
        foreach (var attr in Vocabulary.Get(compilation.Assembly, Vocabulary.NeverNest))
        {
            var pair = Vocabulary.Strings(attr).Select(s => LockResolver.NormaliseClass(s, compilation)).ToList();
            if (pair.Count == 2 && pair[0] != pair[1])
            {
                order.NeverNestPairs.Add((pair[0], pair[1]));
                order.never.Add((pair[0], pair[1]));
                order.never.Add((pair[1], pair[0]));
            }
        }

        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(compilation.Assembly.GlobalNamespace);
        while (stack.Count > 0)
        {
            var ns = stack.Pop();
            foreach (var member in ns.GetMembers())
            {
                if (member is INamedTypeSymbol type)
                {
                    if (type.Locations.Any(l => l.IsInSource))
                    {
                        Collect(type);
                        stack.Push(type);
                    }
                }
                else if (member is INamespaceSymbol child)
                {
                    stack.Push(child);
                }
            }
        }

        order.Lists.AddRange(lists);
        foreach (var list in lists)
        {
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    order.Add(list[i], list[j]);
                }
            }
        }

        order.Close();
        return order;
    }

    /// <summary>Gets whether <paramref name="outer"/> is declared (transitively) before <paramref name="inner"/>.</summary>
    /// <param name="outer">The lock class that must be taken first.</param>
    /// <param name="inner">The lock class that must be taken second.</param>
    /// <returns>True when declared so.</returns>
    public bool IsBefore(string outer, string inner) => this.after.TryGetValue(outer, out var set) && set.Contains(inner);

    /// <summary>Gets whether the two classes are declared never to nest.</summary>
    /// <param name="a">One class.</param>
    /// <param name="b">The other.</param>
    /// <returns>True when declared so.</returns>
    public bool NeverNest(string a, string b) => this.never.Contains((a, b));

    /// <summary>Gets whether the hierarchy covers "<paramref name="inner"/> taken under <paramref name="outer"/>" (either order counts as covered; the inverted one is KRN2001's).</summary>
    /// <param name="outer">The held class.</param>
    /// <param name="inner">The taken class.</param>
    /// <returns>True when the pair is ordered.</returns>
    public bool Covers(string outer, string inner) => this.IsBefore(outer, inner) || this.IsBefore(inner, outer);

    private void Add(string a, string b)
    {
        if (a == b)
        {
            return;
        }

        if (!this.after.TryGetValue(a, out var set))
        {
            this.after[a] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(b);
    }

    private void Close()
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var kv in this.after.ToList())
            {
                foreach (var mid in kv.Value.ToList())
                {
                    if (this.after.TryGetValue(mid, out var next))
                    {
                        foreach (var n in next)
                        {
                            if (n != kv.Key && kv.Value.Add(n))
                            {
                                changed = true;
                            }
                        }
                    }
                }
            }
        }
        while (changed);
    }
}
