// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// Conditional lock contracts, like sparse's __cond_lock and Clang's try-acquire: a trylock or a
/// <c>__cond_acquires(ret, x)</c> callee holds x exactly when its result's truth is ret; a
/// <c>__cond_releases(ret, x)</c> callee (the wait_task_* family, do_signal_stop) dropped x exactly
/// when its result's truth is ret. Truth is C's: nonzero, non-null, true. The lock stays tied to the
/// result (the local it is stored in, or the call itself) until a branch tests it.
/// </summary>
internal sealed partial class MethodFlow
{
    private static IEnumerable<CondContract> CondContracts(IMethodSymbol method)
    {
        foreach (var attr in Vocabulary.Get(method, Vocabulary.CondAcquires))
        {
            var ret = attr.ConstructorArguments.Length > 0 && attr.ConstructorArguments[0].Value is bool b && b;
            foreach (var expr in Vocabulary.Strings(attr))
            {
                var (e, mode) = FlowHelpers.Split(expr);
                yield return new CondContract(e, mode, ret, Vocabulary.CondAcquires);
            }
        }

        foreach (var attr in Vocabulary.Get(method, Vocabulary.CondReleases))
        {
            var ret = attr.ConstructorArguments.Length > 0 && attr.ConstructorArguments[0].Value is bool b && b;
            foreach (var expr in Vocabulary.Strings(attr))
            {
                var (e, mode) = FlowHelpers.Split(expr);
                yield return new CondContract(e, mode, !ret, Vocabulary.CondReleases);
            }
        }
    }

    private static string TruthText(ITypeSymbol? type, bool truth) => type?.SpecialType switch
    {
        SpecialType.System_Boolean => truth ? "true" : "false",
        _ when type != null && type.IsReferenceType => truth ? "non-null" : "null",
        _ => truth ? "nonzero" : "0",
    };

    private static bool IsFalsyConstant(IOperation op)
    {
        var c = LockResolver.Strip(op).ConstantValue;
        if (!c.HasValue)
        {
            return false;
        }

        return c.Value switch
        {
            null => true,
            bool b => !b,
            string => false,
            _ => System.Convert.ToDecimal(c.Value, CultureInfo.InvariantCulture) == 0,
        };
    }

    /// <summary>x &gt;= 0 of a result whose other side is a negative errno: locks held on 0 are held.</summary>
    private static bool ResolveCondZeroSide(FlowState s, string key)
    {
        foreach (var kv in s.Locks.Where(kv => kv.Value.Cond == key && kv.Value.IsConditional && !kv.Value.HeldWhen).ToList())
        {
            s.Locks[kv.Key] = kv.Value.WithCond(key, false, false);
        }

        foreach (var kv in s.Refs.Where(kv => kv.Value.Cond == key && kv.Value.ErrorWhen).ToList())
        {
            s.Refs[kv.Key] = kv.Value.Known();
        }

        return !s.Ghosts.Values.Any(g => g.Cond == key && !g.HeldWhen);
    }

    /// <summary>The local gets a new value: locks tied to the old one keep what is known of them, untied.</summary>
    private static void ForgetCond(FlowState s, string key)
    {
        foreach (var kv in s.Locks.Where(kv => kv.Value.Cond == key).ToList())
        {
            s.Locks[kv.Key] = kv.Value.WithCond(null, false, kv.Value.Partial);
        }

        foreach (var k in s.Ghosts.Where(kv => kv.Value.Cond == key).Select(kv => kv.Key).ToList())
        {
            s.Ghosts.Remove(k);
        }

        foreach (var kv in s.Refs.Where(kv => kv.Value.Cond == key).ToList())
        {
            s.Refs[kv.Key] = kv.Value.Known();
        }
    }

    /// <summary>The key of a value a conditional lock may be tied to: a local, or a call site.</summary>
    private string? CondKey(IOperation? op)
    {
        if (op == null)
        {
            return null;
        }

        var stripped = LockResolver.Strip(op);
        if (stripped is IFlowCaptureReferenceOperation c && this.Capture(c.Id) is IOperation captured)
        {
            stripped = LockResolver.Strip(captured);
        }

        return stripped switch
        {
            ILocalReferenceOperation l => "v:" + KeyOf(l.Local),
            IInvocationOperation inv => "i:" + inv.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>Where a call's result goes: the local it is assigned to, else the call itself.</summary>
    private string CondKeyOfCall(IInvocationOperation inv)
    {
        var parent = inv.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        if (parent is ISimpleAssignmentOperation a && LockResolver.Strip(a.Target) is ILocalReferenceOperation l)
        {
            return "v:" + KeyOf(l.Local);
        }

        return "i:" + inv.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The lock is now held exactly when the call's result has the given truth.</summary>
    private void MakeConditional(FlowState s, LockRef lr, IInvocationOperation inv, bool heldWhen)
    {
        if (s.Locks.TryGetValue(lr.Key, out var h))
        {
            s.Locks[lr.Key] = h.WithCond(this.CondKeyOfCall(inv), heldWhen, true);
        }
    }

    /// <summary>At a call: the callee's conditional contracts (requirements first, then what the result will tell).</summary>
    private void ApplyCondContracts(IMethodSymbol callee, IInvocationOperation inv, FlowState s, Location site)
    {
        foreach (var attr in Vocabulary.Get(callee, Vocabulary.CondReleases))
        {
            var ret = attr.ConstructorArguments.Length > 0 && attr.ConstructorArguments[0].Value is bool b && b;
            foreach (var expr in Vocabulary.Strings(attr))
            {
                this.CheckRequirement(s, callee, inv, site, expr, string.Empty);
                var lr = this.ResolveAt(FlowHelpers.Split(expr).Expr, callee, inv);
                if (s.Locks.TryGetValue(lr.Key, out var h) && !h.Partial)
                {
                    this.MakeConditional(s, lr, inv, !ret);
                }
            }
        }

        foreach (var attr in Vocabulary.Get(callee, Vocabulary.CondAcquires))
        {
            var ret = attr.ConstructorArguments.Length > 0 && attr.ConstructorArguments[0].Value is bool b && b;
            foreach (var expr in Vocabulary.Strings(attr))
            {
                var (e, mode) = FlowHelpers.Split(expr);
                var lr = this.ResolveAt(e, callee, inv);
                this.TryAcquire(s, lr, mode, lr.Kind, inv, ret);
            }
        }
    }

    /// <summary>
    /// A try-acquire: the lock is held when the result says so. A trylock never waits, so it cannot close a
    /// cycle: like lockdep, no order is checked and no edge recorded for it (locks taken while it is held
    /// are ordered after it as usual); only a never-nest pair is still a nesting.
    /// </summary>
    private void TryAcquire(FlowState s, LockRef lr, LockMode mode, LockKind kind, IInvocationOperation inv, bool heldWhen)
    {
        var site = inv.Syntax.GetLocation();
        if (s.Locks.TryGetValue(lr.Key, out var old) && !old.Partial)
        {
            // a trylock of a lock we hold cannot succeed; the acquisition check reports the recursion
            this.Acquire(s, lr, mode, kind, site, true);
            return;
        }

        foreach (var held in s.Locks.Values.Where(h => !h.Partial && h.Ref.Class != lr.Class).OrderBy(h => h.Ref.Key, System.StringComparer.Ordinal))
        {
            if (this.Order.NeverNest(held.Ref.Class, lr.Class))
            {
                this.CheckNesting(held, lr.Class, lr.Display, site, string.Empty);
            }
        }

        this.Acquire(s, lr, mode, kind, site, false);
        this.MakeConditional(s, lr, inv, heldWhen);
    }

    /// <summary>A branch told the truth of a value: locks tied to it are held or gone; false when the path cannot happen.</summary>
    private bool ResolveCond(FlowState s, string key, bool truth)
    {
        foreach (var kv in s.Locks.Where(kv => kv.Value.Cond == key).ToList())
        {
            var h = kv.Value;
            if (!h.Partial)
            {
                if (h.HeldWhen != truth)
                {
                    return false;
                }

                continue;
            }

            if (h.HeldWhen == truth)
            {
                s.Locks[kv.Key] = h.WithCond(key, h.HeldWhen, false);
            }
            else
            {
                s.Locks.Remove(kv.Key);
                s.Ghosts[kv.Key] = h;
            }
        }

        foreach (var ghost in s.Ghosts.Values)
        {
            if (ghost.Cond == key && ghost.HeldWhen == truth)
            {
                return false;
            }
        }

        // references handed out through out or ref arguments: none when the call failed
        foreach (var kv in s.Refs.Where(kv => kv.Value.Cond == key).ToList())
        {
            if (kv.Value.ErrorWhen == truth)
            {
                Untrack(s, kv.Key);
            }
            else
            {
                s.Refs[kv.Key] = kv.Value.Known();
            }
        }

        return true;
    }

    /// <summary>
    /// What a branch condition tells about tied values: <c>x</c>, <c>!x</c>, <c>x != 0</c>, <c>x == null</c>,
    /// <c>x &lt; 0</c> (true: nonzero), <c>x == -EINTR</c> (true: nonzero). Returns false for an impossible path.
    /// </summary>
    private bool RefineCond(FlowState s, IOperation cond, bool polarity)
    {
        cond = LockResolver.Strip(cond);
        if (cond is IFlowCaptureReferenceOperation c && this.Capture(c.Id) is IOperation captured)
        {
            cond = LockResolver.Strip(captured);
        }

        switch (cond)
        {
            case ILocalReferenceOperation or IInvocationOperation:
                return this.CondKey(cond) is not string key || this.ResolveCond(s, key, polarity);
            case IIsNullOperation isNull:
                return this.CondKey(isNull.Operand) is not string k0 || this.ResolveCond(s, k0, !polarity);
            case IIsPatternOperation { Pattern: IConstantPatternOperation cp } pat when FlowHelpers.IsNullConstant(cp.Value):
                return this.CondKey(pat.Value) is not string k1 || this.ResolveCond(s, k1, !polarity);
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation cp2 } } pat2 when FlowHelpers.IsNullConstant(cp2.Value):
                return this.CondKey(pat2.Value) is not string k2 || this.ResolveCond(s, k2, polarity);
            case IBinaryOperation bin:
                return this.RefineCondBinary(s, bin, polarity);
            default:
                return true;
        }
    }

    private bool RefineCondBinary(FlowState s, IBinaryOperation bin, bool polarity)
    {
        var (value, other) = this.CondKey(bin.LeftOperand) != null ? (bin.LeftOperand, bin.RightOperand) : (bin.RightOperand, bin.LeftOperand);
        if (this.CondKey(value) is not string key || !LockResolver.Strip(other).ConstantValue.HasValue)
        {
            return true;
        }

        var zero = IsFalsyConstant(other);
        switch (bin.OperatorKind)
        {
            case BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals:
                var equals = bin.OperatorKind == BinaryOperatorKind.Equals;
                if (zero)
                {
                    return this.ResolveCond(s, key, equals != polarity);
                }

                // equal to a nonzero constant: nonzero; different from it: unknown
                return equals != polarity || this.ResolveCond(s, key, true);
            case BinaryOperatorKind.LessThan or BinaryOperatorKind.GreaterThan when zero:
                // x < 0 or x > 0 holds only for a nonzero x; x >= 0 is 0 for a lock held on 0 (the killable forms: 0 or -errno)
                return polarity ? this.ResolveCond(s, key, true) : bin.OperatorKind != BinaryOperatorKind.LessThan || ResolveCondZeroSide(s, key);
            default:
                return true;
        }
    }

    /// <summary>
    /// The truth of a returned value when it can be told: a constant, an error pointer or negative errno
    /// (true), a new object (true), or a value tied to a conditional lock (key, possibly negated).
    /// </summary>
    private (bool? Truth, string? Key, bool Negated) ReturnTruth(IOperation? value)
    {
        if (value == null)
        {
            return (null, null, false);
        }

        var op = LockResolver.Strip(value);
        if (op is IFlowCaptureReferenceOperation c && this.Capture(c.Id) is IOperation captured)
        {
            op = LockResolver.Strip(captured);
        }

        if (op.ConstantValue.HasValue)
        {
            return (!IsFalsyConstant(op), null, false);
        }

        switch (op)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                var inner = this.ReturnTruth(not.Operand);
                return (inner.Truth.HasValue ? !inner.Truth : null, inner.Key, !inner.Negated);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus }:
            case IObjectCreationOperation:
                return (true, null, false);
            case IInvocationOperation inv when Vocabulary.MakesErrPtr(inv.TargetMethod):
                return (true, null, false);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } bin:
                var (v, other) = this.CondKey(bin.LeftOperand) != null ? (bin.LeftOperand, bin.RightOperand) : (bin.RightOperand, bin.LeftOperand);
                if (this.CondKey(v) is string k && IsFalsyConstant(other))
                {
                    return (null, k, bin.OperatorKind == BinaryOperatorKind.Equals);
                }

                return (null, null, false);
            default:
                return (null, this.CondKey(op), false);
        }
    }

    /// <summary>
    /// KRN1012 at each return of a method with a conditional contract: the lock is held exactly when the
    /// result's truth says so. A result tied to the same lock by a callee's contract passes it on.
    /// </summary>
    private void CheckCondExit(ExitRecord exit, List<string> handledKeys)
    {
        if (exit.ReturnValue == null)
        {
            return;
        }

        var (truth, key, negated) = this.ReturnTruth(exit.ReturnValue);
        var type = this.method.ReturnType;
        foreach (var contract in CondContracts(this.method))
        {
            var lr = LockResolver.FromExpression(contract.Expr, this.method, null, this);
            handledKeys.Add(lr.Key);
            var h = exit.State.FindHeld(lr.Key);
            if (h == null && exit.State.IsNullPath(lr.Key))
            {
                // no object, no lock to hold (__lock_task_sighand returning NULL)
                continue;
            }

            exit.State.Ghosts.TryGetValue(lr.Key, out var ghost);
            var tied = h?.Cond ?? ghost?.Cond;
            if (key != null && tied == key)
            {
                var heldWhen = h?.HeldWhen ?? ghost!.HeldWhen;
                if ((heldWhen ^ negated) == contract.HeldWhen)
                {
                    continue;
                }

                this.ReportCond(exit, lr, contract, type, "the value it returns was tied to the lock the other way round");
                continue;
            }

            var held = h != null && !h.Partial;
            if (h != null && h.Partial)
            {
                this.ReportCond(exit, lr, contract, type, "it holds the lock on some paths only");
                continue;
            }

            // an int computed at run time (a pid, an error) counts as nonzero; other unknowns are not checked
            var t = truth ?? (type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 ? true : (bool?)null);
            if (t == null || (t == contract.HeldWhen) == held)
            {
                continue;
            }

            this.ReportCond(exit, lr, contract, type, held ? "it still holds the lock" : "it does not hold the lock");
        }
    }

    private void ReportCond(ExitRecord exit, LockRef lr, CondContract contract, ITypeSymbol type, string why)
    {
        var rule = contract.Name + ": held exactly when the result is " + TruthText(type, contract.HeldWhen);
        this.ReportWith(Descriptors.CondContractAtReturn, exit.Location, null, this.MethodName, lr.Display, rule, exit.Text, why);
    }
}
