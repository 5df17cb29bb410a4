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
        this.Equal = new Dictionary<string, string>(StringComparer.Ordinal);
        this.Nulls = new HashSet<string>(StringComparer.Ordinal);
        this.Fresh = new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>Gets the variables (by key) holding an object nobody else can see yet (see MethodFlow.Fresh).</summary>
    public HashSet<string> Fresh { get; }

    /// <summary>
    /// Gets the locals known on this path to hold the same pointer as a path from a parameter or a global
    /// (assigned from it and neither changed since, or tested equal to it): a lock taken through the local
    /// is the lock a contract names through the path (<c>sighand == tsk-&gt;sighand</c>).
    /// </summary>
    public Dictionary<string, string> Equal { get; }

    /// <summary>Gets the pointers (locals or paths) known to be null on this path: no lock is held through them.</summary>
    public HashSet<string> Nulls { get; }

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
        foreach (var kv in a.Equal)
        {
            if (b.Equal.TryGetValue(kv.Key, out var path) && path == kv.Value)
            {
                r.Equal[kv.Key] = path;
            }
        }

        r.Nulls.UnionWith(a.Nulls.Where(b.Nulls.Contains));
        r.Fresh.UnionWith(a.Fresh.Where(b.Fresh.Contains));
        foreach (var kv in a.Locks)
        {
            if (!b.Locks.ContainsKey(kv.Key) && b.IsNullPath(kv.Key))
            {
                // held where the object exists, and there is no object on the other side
                r.Locks[kv.Key] = kv.Value;
            }
            else if (b.Locks.TryGetValue(kv.Key, out var other))
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
            if (!a.Locks.ContainsKey(kv.Key) && a.IsNullPath(kv.Key))
            {
                r.Locks[kv.Key] = kv.Value;
            }
            else if (!a.Locks.ContainsKey(kv.Key))
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

        foreach (var kv in this.Equal)
        {
            r.Equal[kv.Key] = kv.Value;
        }

        r.Nulls.UnionWith(this.Nulls);
        r.Fresh.UnionWith(this.Fresh);
        return r;
    }

    public bool SameAs(FlowState other)
    {
        if (this.Locks.Count != other.Locks.Count || this.Refs.Count != other.Refs.Count || this.Taken.Count != other.Taken.Count || this.Aliases.Count != other.Aliases.Count || this.Ghosts.Count != other.Ghosts.Count ||
            this.Equal.Count != other.Equal.Count || this.Nulls.Count != other.Nulls.Count || !this.Nulls.All(other.Nulls.Contains) ||
            this.Fresh.Count != other.Fresh.Count || !this.Fresh.All(other.Fresh.Contains))
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

        foreach (var kv in this.Equal)
        {
            if (!other.Equal.TryGetValue(kv.Key, out var o) || o != kv.Value)
            {
                return false;
            }
        }

        return this.Taken.All(other.Taken.Contains);
    }

    /// <summary>A lock key in the terms of paths: a local known equal to a path is replaced by it ("inode.i_lock" -> "dentry.d_inode.i_lock").</summary>
    /// <param name="key">The lock key.</param>
    /// <returns>The key through the path, or the key itself.</returns>
    public string CanonKey(string key)
    {
        var dot = key.IndexOf('.');
        var head = dot < 0 ? key : key.Substring(0, dot);
        return this.Equal.TryGetValue(head, out var path) ? path + (dot < 0 ? string.Empty : key.Substring(dot)) : key;
    }

    /// <summary>The held lock with this key, or one held under another name of the same object.</summary>
    /// <param name="key">The lock key.</param>
    /// <returns>The lock or null.</returns>
    public HeldLock? FindHeld(string key)
    {
        if (this.Locks.TryGetValue(key, out var h))
        {
            return h;
        }

        var canon = this.CanonKey(key);
        foreach (var kv in this.Locks)
        {
            if (this.CanonKey(kv.Key) == canon)
            {
                return kv.Value;
            }
        }

        return null;
    }

    /// <summary>Gets whether the lock key goes through a pointer known to be null here.</summary>
    /// <param name="key">The lock key.</param>
    /// <returns>True when some prefix of it (in either name) is null.</returns>
    public bool IsNullPath(string key)
    {
        if (this.Nulls.Count == 0)
        {
            return false;
        }

        foreach (var k in new[] { key, this.CanonKey(key) })
        {
            for (var dot = k.LastIndexOf('.'); dot > 0; dot = k.LastIndexOf('.', dot - 1))
            {
                if (this.Nulls.Contains(k.Substring(0, dot)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static RefValue Merge(RefValue a, RefValue b)
    {
        var first = a.Origin != null ? a : b;
        var ev = a.EventText != null ? a : b;
        var same = a.Cond == b.Cond && a.ErrorWhen == b.ErrorWhen;
        var keeper = SymbolEqualityComparer.Default.Equals(a.KeptBy, b.KeptBy) ? a.KeptBy : null;
        return new RefValue(a.Flags | b.Flags, first.Origin, first.OriginName, ev.EventText, ev.EventLine, same ? a.Cond : null, same && a.ErrorWhen) { KeptBy = keeper };
    }
}
