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

    public bool IsEmpty => this.after.Count == 0;

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
