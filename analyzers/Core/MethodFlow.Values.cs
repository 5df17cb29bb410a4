// SPDX-License-Identifier: GPL-2.0-only
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// What is known of pointer values on a path: a local equal to a path from a parameter or a global (so a
/// lock taken through one is the lock named through the other), and pointers known to be null (no lock
/// is held through them, and a test that they are not null cannot succeed).
/// </summary>
internal sealed partial class MethodFlow
{
    /// <summary>The path an operation names (a local, or a field path from a parameter, a local or a global), or null.</summary>
    private LockRef? PathRef(IOperation? op)
    {
        if (op == null)
        {
            return null;
        }

        var lr = LockResolver.FromOperation(op, null, this);
        return lr.Root is RootKind.Other or RootKind.Rcu ? null : lr;
    }

    /// <summary>After <c>target = value</c>: what the target named is forgotten, and what is known of the value is learnt.</summary>
    private void TrackValue(FlowState s, IOperation target, IOperation value)
    {
        var t = this.PathRef(target);
        if (t == null)
        {
            return;
        }

        var key = t.Key;
        var prefix = key + ".";
        foreach (var k in s.Equal.Where(kv => kv.Key == key || kv.Value == key || kv.Value.StartsWith(prefix, System.StringComparison.Ordinal)).Select(kv => kv.Key).ToList())
        {
            s.Equal.Remove(k);
        }

        s.Nulls.RemoveWhere(k => k == key || k.StartsWith(prefix, System.StringComparison.Ordinal));
        if (this.IsNullValue(value))
        {
            s.Nulls.Add(key);
            return;
        }

        if (t.Root == RootKind.Local && key.IndexOf('.') < 0 && this.PathRef(value) is LockRef v && v.Root is RootKind.Global or RootKind.Parameter)
        {
            s.Equal[key] = v.Key;
        }
    }

    /// <summary>On a branch that compared two pointers: a local equal (or not) to a path.</summary>
    private void RefineEqual(FlowState s, IOperation left, IOperation right, bool equal)
    {
        var a = this.PathRef(left);
        var b = this.PathRef(right);
        if (a == null || b == null)
        {
            return;
        }

        if (b.Root == RootKind.Local && b.Key.IndexOf('.') < 0)
        {
            (a, b) = (b, a);
        }

        if (a.Root != RootKind.Local || a.Key.IndexOf('.') >= 0 || b.Root is not (RootKind.Global or RootKind.Parameter))
        {
            return;
        }

        if (equal)
        {
            s.Equal[a.Key] = b.Key;
        }
        else if (s.Equal.TryGetValue(a.Key, out var path) && path == b.Key)
        {
            s.Equal.Remove(a.Key);
        }
    }

    /// <summary>
    /// On a branch that tested a pointer for null: when null, nothing is locked through it; when not null
    /// although it is known null, the branch cannot be taken (false).
    /// </summary>
    private bool RefinePointer(FlowState s, IOperation operand, bool isNull)
    {
        var p = this.PathRef(operand);
        if (p == null)
        {
            return true;
        }

        if (!isNull)
        {
            return !s.Nulls.Contains(p.Key) && !s.Nulls.Contains(s.CanonKey(p.Key));
        }

        s.Nulls.Add(p.Key);
        foreach (var k in s.Locks.Keys.Where(s.IsNullPath).ToList())
        {
            s.Locks.Remove(k);
        }

        return true;
    }

    /// <summary>The null constant, a local only ever assigned null, or a call to a method that returns null on every path.</summary>
    private bool IsNullValue(IOperation? value)
    {
        for (var depth = 0; value != null && depth < 4; depth++)
        {
            value = LockResolver.Strip(value);
            if (value.ConstantValue.HasValue)
            {
                return value.ConstantValue.Value == null;
            }

            switch (value)
            {
                case IFlowCaptureReferenceOperation c:
                    value = this.Capture(c.Id);
                    continue;
                case ILocalReferenceOperation l:
                    value = this.Local(l.Local);
                    continue;
                case IInvocationOperation inv:
                    var callee = KernelModel.Normalise(inv.TargetMethod);
                    return depth == 0 && callee.DeclaringSyntaxReferences.Any() && !SymbolEqualityComparer.Default.Equals(callee, this.method) &&
                        this.model.Analyze(callee, this.stack, this.cancellationToken).Summary.ReturnsNull;
                default:
                    return false;
            }
        }

        return false;
    }
}
