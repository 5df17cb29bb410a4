// SPDX-License-Identifier: GPL-2.0-only
namespace Pidfs.Analyzers.Core;

/// <summary>A lock primitive known by name.</summary>
internal sealed class LockOp
{
    public LockOp(string name, LockOpKind kind, LockMode mode, LockKind lockKind, string? field, bool noArg, bool heldWhen = true)
    {
        this.HeldWhen = heldWhen;
        this.Name = name;
        this.Kind = kind;
        this.Mode = mode;
        this.LockKind = lockKind;
        this.Field = field;
        this.NoArg = noArg;
    }

    public string Name { get; }

    public LockOpKind Kind { get; }

    public LockMode Mode { get; }

    public LockKind LockKind { get; }

    /// <summary>Gets the lock field inside the argument (task_lock: alloc_lock), if any.</summary>
    public string? Field { get; }

    /// <summary>Gets a value indicating whether a try-acquire's true (nonzero) result means "acquired" (false for the killable forms: 0 means acquired).</summary>
    public bool HeldWhen { get; }

    /// <summary>Gets a value indicating whether the primitive takes no lock argument (RCU).</summary>
    public bool NoArg { get; }
}
