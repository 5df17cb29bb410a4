// SPDX-License-Identifier: GPL-2.0-only
namespace Pidfs.Analyzers.Core;

/// <summary>A lock named in the code: its instance key, its lockdep class and how to print it.</summary>
internal sealed class LockRef
{
    public static readonly LockRef Rcu = new LockRef("rcu", "rcu", "rcu", RootKind.Rcu);

    public LockRef(string key, string @class, string display, RootKind root, string? typeName = null)
    {
        this.TypeName = typeName;
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

    /// <summary>Gets the type of the lock object when known (spinlock_t, rwlock_t, mutex, rw_semaphore).</summary>
    public string? TypeName { get; }

    /// <summary>Gets what holding the lock means: atomic (spinning), sleeping, or the RCU read side.</summary>
    public LockKind Kind => this.IsRcu ? LockKind.Rcu : this.TypeName is "mutex" or "rw_semaphore" or "semaphore" ? LockKind.Sleep : LockKind.Spin;

    /// <summary>Gets a value indicating whether the lock can be named in the callee's terms (global or parameter based).</summary>
    public bool IsPortable => this.Root is RootKind.Global or RootKind.Parameter or RootKind.Rcu;

    public bool IsRcu => this.Root == RootKind.Rcu;
}
