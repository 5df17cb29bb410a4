// SPDX-License-Identifier: GPL-2.0-only
namespace Pidfs.Analyzers.Core;

/// <summary>How a conditional contract of a method reads: the lock and the result truth that means "held at return".</summary>
internal readonly struct CondContract
{
    public CondContract(string expr, LockMode mode, bool heldWhen, string name)
    {
        this.Expr = expr;
        this.Mode = mode;
        this.HeldWhen = heldWhen;
        this.Name = name;
    }

    public string Expr { get; }

    public LockMode Mode { get; }

    public bool HeldWhen { get; }

    public string Name { get; }
}
