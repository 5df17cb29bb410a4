// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>The dataflow fact at a program point: held locks and reference states.</summary>
internal sealed class FlowState
{
    public FlowState()
    {
        this.Locks = new Dictionary<string, HeldLock>(StringComparer.Ordinal);
        this.Refs = new Dictionary<ISymbol, RefValue>(SymbolEqualityComparer.Default);
        this.Taken = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        this.Aliases = new Dictionary<string, (ISymbol? Var, ISymbol Canon)>(StringComparer.Ordinal);
        this.Ghosts = new Dictionary<string, HeldLock>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Gets the locks a conditional contract released on this path because of the value tested (their
    /// <see cref="HeldLock.Cond"/>): where this path joins one that holds the lock for the other truth of the
    /// same value, the lock is conditional again instead of held on some paths only.
    /// </summary>
    public Dictionary<string, HeldLock> Ghosts { get; }

    /// <summary>Gets the other names of tracked references: a local or a field of a local (key) standing for a tracked variable.</summary>
    public Dictionary<string, (ISymbol? Var, ISymbol Canon)> Aliases { get; }

    public Dictionary<string, HeldLock> Locks { get; }

    public Dictionary<ISymbol, RefValue> Refs { get; }

    /// <summary>Gets the __free variables whose pointer was taken out (no_free_ptr, return_ptr).</summary>
    public HashSet<ISymbol> Taken { get; }

    public static FlowState Join(FlowState a, FlowState b)
    {
        var r = new FlowState();
        foreach (var kv in a.Locks)
        {
            if (b.Locks.TryGetValue(kv.Key, out var other))
            {
                var partial = kv.Value.Partial || other.Partial;
                var joined = kv.Value.With(partial: partial, count: Math.Max(kv.Value.Count, other.Count));
                r.Locks[kv.Key] = kv.Value.Cond == other.Cond && kv.Value.HeldWhen == other.HeldWhen ? joined : joined.WithCond(null, false, partial);
            }
            else
            {
                r.Locks[kv.Key] = OneSided(kv.Value, b);
            }
        }

        foreach (var kv in b.Locks)
        {
            if (!a.Locks.ContainsKey(kv.Key))
            {
                r.Locks[kv.Key] = OneSided(kv.Value, a);
            }
        }

        foreach (var kv in a.Ghosts.Concat(b.Ghosts))
        {
            if (!r.Locks.ContainsKey(kv.Key))
            {
                r.Ghosts[kv.Key] = kv.Value;
            }
        }

        foreach (var kv in a.Refs)
        {
            r.Refs[kv.Key] = b.Refs.TryGetValue(kv.Key, out var other) ? Merge(kv.Value, other) : kv.Value.With(kv.Value.Flags | RefFlags.None);
        }

        foreach (var kv in b.Refs)
        {
            if (!a.Refs.ContainsKey(kv.Key))
            {
                r.Refs[kv.Key] = kv.Value.With(kv.Value.Flags | RefFlags.None);
            }
        }

        r.Taken.UnionWith(a.Taken);
        r.Taken.UnionWith(b.Taken);
        foreach (var kv in a.Aliases)
        {
            if (!b.Aliases.TryGetValue(kv.Key, out var other) || SymbolEqualityComparer.Default.Equals(other.Canon, kv.Value.Canon))
            {
                r.Aliases[kv.Key] = kv.Value;
            }
        }

        foreach (var kv in b.Aliases)
        {
            if (!a.Aliases.ContainsKey(kv.Key))
            {
                r.Aliases[kv.Key] = kv.Value;
            }
        }

        return r;
    }

    /// <summary>
    /// A lock held on one side of a join only: conditional again when the other side released it for the
    /// other truth of the value it depends on; otherwise held on some paths only.
    /// </summary>
    /// <param name="held">The lock on the side that has it.</param>
    /// <param name="other">The other side.</param>
    /// <returns>The joined fact.</returns>
    public static HeldLock OneSided(HeldLock held, FlowState other) =>
        held.Cond != null && other.Ghosts.TryGetValue(held.Ref.Key, out var ghost) && ghost.Cond == held.Cond && ghost.HeldWhen == held.HeldWhen
            ? held.WithCond(held.Cond, held.HeldWhen, true)
            : held.WithCond(null, false, true);

    public FlowState Clone()
    {
        var r = new FlowState();
        foreach (var kv in this.Locks)
        {
            r.Locks[kv.Key] = kv.Value;
        }

        foreach (var kv in this.Refs)
        {
            r.Refs[kv.Key] = kv.Value;
        }

        r.Taken.UnionWith(this.Taken);
        foreach (var kv in this.Aliases)
        {
            r.Aliases[kv.Key] = kv.Value;
        }

        foreach (var kv in this.Ghosts)
        {
            r.Ghosts[kv.Key] = kv.Value;
        }

        return r;
    }

    public bool SameAs(FlowState other)
    {
        if (this.Locks.Count != other.Locks.Count || this.Refs.Count != other.Refs.Count || this.Taken.Count != other.Taken.Count || this.Aliases.Count != other.Aliases.Count || this.Ghosts.Count != other.Ghosts.Count)
        {
            return false;
        }

        foreach (var kv in this.Locks)
        {
            if (!other.Locks.TryGetValue(kv.Key, out var o) || !o.SameAs(kv.Value))
            {
                return false;
            }
        }

        foreach (var kv in this.Refs)
        {
            if (!other.Refs.TryGetValue(kv.Key, out var o) || o.Flags != kv.Value.Flags || o.Cond != kv.Value.Cond)
            {
                return false;
            }
        }

        foreach (var kv in this.Aliases)
        {
            if (!other.Aliases.TryGetValue(kv.Key, out var o) || !SymbolEqualityComparer.Default.Equals(o.Canon, kv.Value.Canon))
            {
                return false;
            }
        }

        foreach (var kv in this.Ghosts)
        {
            if (!other.Ghosts.TryGetValue(kv.Key, out var o) || !o.SameAs(kv.Value))
            {
                return false;
            }
        }

        return this.Taken.All(other.Taken.Contains);
    }

    private static RefValue Merge(RefValue a, RefValue b)
    {
        var first = a.Origin != null ? a : b;
        var ev = a.EventText != null ? a : b;
        var same = a.Cond == b.Cond && a.ErrorWhen == b.ErrorWhen;
        return new RefValue(a.Flags | b.Flags, first.Origin, first.OriginName, ev.EventText, ev.EventLine, same ? a.Cond : null, same && a.ErrorWhen);
    }
}
