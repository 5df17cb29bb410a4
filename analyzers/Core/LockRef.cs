// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>A lock named in the code: its instance key, its lockdep class and how to print it.</summary>
internal sealed class LockRef
{
    public static readonly LockRef Rcu = new LockRef("rcu", "rcu", "rcu", RootKind.Rcu);

    public LockRef(string key, string @class, string display, RootKind root, ITypeSymbol? type = null)
        : this(key, @class, display, root, Vocabulary.IsSleepingLock(type))
    {
    }

    private LockRef(string key, string @class, string display, RootKind root, bool sleeping)
    {
        this.Sleeping = sleeping;
        this.Key = key;
        this.Class = @class;
        this.Display = display;
        this.Root = root;
    }

    /// <summary>Gets the instance key (same key = same lock object).</summary>
    public string Key { get; }

    /// <summary>Gets the lock class (lockdep's unit of ordering).</summary>
    public string Class { get; }

    /// <summary>Gets the text used in messages.</summary>
    public string Display { get; }

    public RootKind Root { get; }

    /// <summary>Gets a value indicating whether the lock's type is a sleeping lock (its type carries __might_sleep: mutex, rw_semaphore).</summary>
    public bool Sleeping { get; }

    /// <summary>Gets what holding the lock means: atomic (spinning), sleeping, or the RCU read side.</summary>
    public LockKind Kind => this.IsRcu ? LockKind.Rcu : this.Sleeping ? LockKind.Sleep : LockKind.Spin;

    /// <summary>Gets a value indicating whether the lock can be named in the callee's terms (global or parameter based).</summary>
    public bool IsPortable => this.Root is RootKind.Global or RootKind.Parameter or RootKind.Rcu;

    public bool IsRcu => this.Root == RootKind.Rcu;

    /// <summary>The same lock under another class name.</summary>
    /// <param name="class">The class.</param>
    /// <returns>The lock.</returns>
    public LockRef WithClass(string @class) => new LockRef(this.Key, @class, this.Display, this.Root, this.Sleeping);
}
