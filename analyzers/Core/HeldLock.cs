// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>A lock in the held set at a program point.</summary>
internal sealed class HeldLock
{
    public HeldLock(LockRef @ref, LockMode mode, LockKind kind, Location acquiredAt, bool partial = false, bool assumed = false, int count = 1, string? cond = null, bool heldWhen = false)
    {
        this.Ref = @ref;
        this.Mode = mode;
        this.Kind = kind;
        this.AcquiredAt = acquiredAt;
        this.Partial = partial;
        this.Assumed = assumed;
        this.Count = count;
        this.Cond = cond;
        this.HeldWhen = heldWhen;
    }

    public LockRef Ref { get; }

    public LockMode Mode { get; }

    public LockKind Kind { get; }

    public Location AcquiredAt { get; }

    /// <summary>Gets a value indicating whether the lock is held on some paths only (or, with <see cref="Cond"/>, depending on a value).</summary>
    public bool Partial { get; }

    /// <summary>Gets a value indicating whether the lock is held by assertion or contract (lockdep_assert_held, __must_hold).</summary>
    public bool Assumed { get; }

    /// <summary>Gets the recursion depth (RCU, read locks).</summary>
    public int Count { get; }

    /// <summary>
    /// Gets the value a conditional contract ties the lock to (a trylock's or __cond_acquires /
    /// __cond_releases callee's result, by local or call site), or null. With <see cref="Partial"/>
    /// the lock is held exactly when that value's truth is <see cref="HeldWhen"/>; without it, the
    /// branch taken already told that it is.
    /// </summary>
    public string? Cond { get; }

    /// <summary>Gets a value indicating whether the truth (nonzero, non-null, true) of <see cref="Cond"/> means "held".</summary>
    public bool HeldWhen { get; }

    /// <summary>Gets a value indicating whether the lock is held depending on a value not tested yet.</summary>
    public bool IsConditional => this.Partial && this.Cond != null;

    public HeldLock With(bool? partial = null, int? count = null) =>
        new HeldLock(this.Ref, this.Mode, this.Kind, this.AcquiredAt, partial ?? this.Partial, this.Assumed, count ?? this.Count, this.Cond, this.HeldWhen);

    /// <summary>The same lock tied to (or, with a null key, freed from) a conditional value.</summary>
    /// <param name="cond">The value's key.</param>
    /// <param name="heldWhen">Its truth that means "held".</param>
    /// <param name="partial">Whether it is still undecided.</param>
    /// <returns>The new fact.</returns>
    public HeldLock WithCond(string? cond, bool heldWhen, bool partial) =>
        new HeldLock(this.Ref, this.Mode, this.Kind, this.AcquiredAt, partial, this.Assumed, this.Count, cond, heldWhen);

    public bool SameAs(HeldLock other) =>
        this.Mode == other.Mode && this.Partial == other.Partial && this.Assumed == other.Assumed && this.Count == other.Count &&
        this.Cond == other.Cond && this.HeldWhen == other.HeldWhen;
}
