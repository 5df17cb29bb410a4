// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>A lock primitive: a method carrying one of the primitive attributes (__acquire, __release, __cond_acquire, __guard, __assert_held, __assert_not_held).</summary>
internal sealed class LockOp
{
    public LockOp(IMethodSymbol method, LockOpKind kind, string expr, bool heldWhen)
    {
        var (e, mode) = FlowHelpers.Split(expr);
        this.Name = method.Name;
        this.Kind = kind;
        this.Expr = e;
        this.HeldWhen = heldWhen;
        this.MaySleep = Vocabulary.Has(method, Vocabulary.MightSleep);
        if (e == "rcu")
        {
            // the RCU read side is the only side
            this.IsRcu = true;
            mode = LockMode.Read;
        }
        else
        {
            var dot = e.IndexOf('.');
            var head = (dot < 0 ? e : e.Substring(0, dot)).TrimStart('@');
            foreach (var p in method.Parameters)
            {
                if (p.Name == head)
                {
                    this.Parameter = p.Ordinal;
                    this.Field = dot < 0 ? null : e.Substring(dot + 1).Replace("@", string.Empty);
                    break;
                }
            }
        }

        this.Mode = mode;
    }

    public string Name { get; }

    public LockOpKind Kind { get; }

    public LockMode Mode { get; }

    /// <summary>Gets the lock expression, without its "read:" prefix.</summary>
    public string Expr { get; }

    /// <summary>Gets a value indicating whether the lock is the RCU read side.</summary>
    public bool IsRcu { get; }

    /// <summary>Gets the ordinal of the parameter the lock expression starts from, if it does.</summary>
    public int? Parameter { get; }

    /// <summary>Gets the field path inside that parameter's argument (task_lock: alloc_lock), if any.</summary>
    public string? Field { get; }

    /// <summary>Gets a value indicating whether a try-acquire's true (nonzero) result means "acquired" (false for the killable forms: 0 means acquired).</summary>
    public bool HeldWhen { get; }

    /// <summary>Gets a value indicating whether calling the primitive may sleep (__might_sleep: mutex_lock, down_read_killable).</summary>
    public bool MaySleep { get; }

    /// <summary>What holding the lock this primitive takes means: its type's kind, or sleeping when taking it may block.</summary>
    /// <param name="lr">The lock, resolved at the call.</param>
    /// <returns>The kind.</returns>
    public LockKind KindOf(LockRef lr) => lr.IsRcu ? LockKind.Rcu : this.MaySleep ? LockKind.Sleep : lr.Kind;
}
