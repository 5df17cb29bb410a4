// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>A lock in the held set at a program point.</summary>
internal sealed class HeldLock
{
    public HeldLock(LockRef @ref, LockMode mode, LockKind kind, Location acquiredAt, bool partial = false, bool assumed = false, int count = 1)
    {
        this.Ref = @ref;
        this.Mode = mode;
        this.Kind = kind;
        this.AcquiredAt = acquiredAt;
        this.Partial = partial;
        this.Assumed = assumed;
        this.Count = count;
    }

    public LockRef Ref { get; }

    public LockMode Mode { get; }

    public LockKind Kind { get; }

    public Location AcquiredAt { get; }

    /// <summary>Gets a value indicating whether the lock is held on some paths only.</summary>
    public bool Partial { get; }

    /// <summary>Gets a value indicating whether the lock is held by assertion or contract (lockdep_assert_held, __must_hold).</summary>
    public bool Assumed { get; }

    /// <summary>Gets the recursion depth (RCU, read locks).</summary>
    public int Count { get; }

    public HeldLock With(bool? partial = null, int? count = null) =>
        new HeldLock(this.Ref, this.Mode, this.Kind, this.AcquiredAt, partial ?? this.Partial, this.Assumed, count ?? this.Count);

    public bool SameAs(HeldLock other) =>
        this.Mode == other.Mode && this.Partial == other.Partial && this.Assumed == other.Assumed && this.Count == other.Count;
}
