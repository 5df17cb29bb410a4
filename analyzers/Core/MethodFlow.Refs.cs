// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>Reference ownership: gets, puts, consuming parameters, borrowed results; guarded fields.</summary>
internal sealed partial class MethodFlow
{
    private static string KeyOf(ISymbol v) => v.Name + "@" + (v.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0).ToString(CultureInfo.InvariantCulture);

    /// <summary>A local or parameter, or a field path (up to three deep) from one.</summary>
    private static string? AliasKey(IOperation? op)
    {
        var fields = new List<string>();
        for (var depth = 0; op != null && depth < 4; depth++)
        {
            op = LockResolver.Strip(op);
            switch (op)
            {
                case IFieldReferenceOperation f when f.Instance != null:
                    fields.Insert(0, f.Field.Name);
                    op = f.Instance;
                    continue;
                case IPropertyReferenceOperation p when p.Instance != null && p.Arguments.Length == 0:
                    fields.Insert(0, p.Property.Name);
                    op = p.Instance;
                    continue;
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    var root = KeyOf(LockResolver.Variable(op)!);
                    return fields.Count == 0 ? root : root + "." + string.Join(".", fields);
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The parameter a field path starts from (path.mnt: path), if any.</summary>
    private static IParameterSymbol? RootParameter(IOperation? op)
    {
        for (var depth = 0; op != null && depth < 8; depth++)
        {
            switch (LockResolver.Strip(op))
            {
                case IFieldReferenceOperation f when f.Instance != null:
                    op = f.Instance;
                    continue;
                case IPropertyReferenceOperation p when p.Instance != null && p.Arguments.Length == 0:
                    op = p.Instance;
                    continue;
                case IParameterReferenceOperation pr:
                    return pr.Parameter;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The variable passed for the parameter a __consumes("keeper") names: its object now holds the reference.</summary>
    private static ISymbol? KeeperOf(IInvocationOperation inv, IParameterSymbol consuming)
    {
        var name = Vocabulary.Get(consuming, Vocabulary.Consumes).SelectMany(Vocabulary.Strings).FirstOrDefault();
        var arg = name == null ? null : inv.Arguments.FirstOrDefault(a => a.Parameter?.Name == name);
        if (arg == null)
        {
            return null;
        }

        var value = arg.Value is IDeclarationExpressionOperation d ? d.Expression : arg.Value;
        return LockResolver.Variable(value) ?? (ISymbol?)arg.Parameter;
    }

    private static ITypeSymbol? TypeOf(ISymbol v) => v switch
    {
        ILocalSymbol l => l.Type,
        IParameterSymbol p => p.Type,
        IFieldSymbol f => f.Type,
        _ => null,
    };

    private static bool HasAliases(FlowState s, ISymbol v) => s.Aliases.Values.Any(a => SymbolEqualityComparer.Default.Equals(a.Canon, v));

    /// <summary>Forgets a tracked reference and every other name of it.</summary>
    private static void Untrack(FlowState s, ISymbol v)
    {
        s.Refs.Remove(v);
        foreach (var key in s.Aliases.Where(kv => SymbolEqualityComparer.Default.Equals(kv.Value.Canon, v)).Select(kv => kv.Key).ToList())
        {
            s.Aliases.Remove(key);
        }
    }

    /// <summary>The variable gets a new value: it stops naming what it named; another name inherits its reference.</summary>
    private static void Detach(FlowState s, ISymbol v)
    {
        var own = KeyOf(v);
        foreach (var key in s.Aliases.Keys.Where(k => k == own || k.StartsWith(own + ".", System.StringComparison.Ordinal)).ToList())
        {
            s.Aliases.Remove(key);
        }

        if (!s.Refs.TryGetValue(v, out var state))
        {
            return;
        }

        s.Refs.Remove(v);
        var heir = s.Aliases.Where(kv => kv.Value.Var != null && SymbolEqualityComparer.Default.Equals(kv.Value.Canon, v)).Select(kv => kv.Value.Var).FirstOrDefault();
        if (heir == null)
        {
            Untrack(s, v);
            return;
        }

        s.Refs[heir] = state;
        s.Aliases.Remove(KeyOf(heir));
        foreach (var kv in s.Aliases.Where(kv => SymbolEqualityComparer.Default.Equals(kv.Value.Canon, v)).ToList())
        {
            s.Aliases[kv.Key] = (kv.Value.Var, heir);
        }
    }

    private bool ReturnsRef(IMethodSymbol callee)
    {
        callee = KernelModel.Normalise(callee);
        if (Vocabulary.ReturnsCountedRef(callee))
        {
            return true;
        }

        if (KernelModel.IsInferable(callee) && !Vocabulary.HasRefContract(callee) && callee.DeclaringSyntaxReferences.Any() &&
            !SymbolEqualityComparer.Default.Equals(callee, this.method))
        {
            return this.model.Analyze(callee, this.stack, this.cancellationToken).Summary.ReturnsRef;
        }

        return false;
    }

    private void HandleRefArguments(IMethodSymbol callee, IInvocationOperation inv, FlowState s, Location site)
    {
        foreach (var arg in inv.Arguments)
        {
            var p = arg.Parameter;
            if (p == null)
            {
                continue;
            }

            if (Vocabulary.IsRefOut(p))
            {
                this.ReceiveRefOut(callee, inv, arg, s, site);
                continue;
            }

            if (Vocabulary.IsPut(callee, p) || Vocabulary.IsConsume(callee, p))
            {
                this.CheckBorrowedHandOff(s, arg.Value, Vocabulary.IsPut(callee, p) ? "put" : "handed to consuming '" + callee.Name + "'");
            }

            var v = Vocabulary.IsPut(callee, p) || Vocabulary.IsConsume(callee, p) ? this.SplitPart(s, arg.Value) ?? this.Canon(s, arg.Value) : this.Canon(s, arg.Value);
            if (v == null && Vocabulary.IsConsume(callee, p) && LockResolver.Strip(arg.Value) is IMemberReferenceOperation { Instance: IOperation holder } member && member is IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.Length: 0 })
            {
                // call_rcu(pid.rcu, ...): the object travels with its embedded head (container_of; a field, or a
                // property naming the head when it needs no storage)
                v = this.Canon(s, holder);
            }

            if (v != null && !callee.DeclaringSyntaxReferences.Any() && !Vocabulary.HasRefContract(callee) &&
                !Vocabulary.IsPutter(callee) && !Vocabulary.IsErrCheck(callee) && !Vocabulary.Has(p, Vocabulary.Borrowed) && !Vocabulary.IsCleanup(callee) && !Vocabulary.IsCleanupTake(callee))
            {
                // handed to library code (Interlocked.Exchange, a collection): no longer tracked
                Untrack(s, v);
                continue;
            }

            if (Vocabulary.IsCleanup(callee) && p.Ordinal == 1)
            {
                if (v != null)
                {
                    Untrack(s, v);
                }

                continue;
            }

            if (Vocabulary.IsCleanupTake(callee) && v != null)
            {
                s.Taken.Add(v);
                continue;
            }

            if (v == null)
            {
                continue;
            }

            var named = LockResolver.Strip(arg.Value).Syntax.ToString().Replace("@", string.Empty);
            if (Vocabulary.IsPut(callee, p))
            {
                this.Put(s, v, named, callee.Name, site);
            }
            else if (Vocabulary.IsConsume(callee, p))
            {
                if (s.Refs.TryGetValue(v, out var rv))
                {
                    if (rv.DefinitelyGone)
                    {
                        this.Report(Descriptors.RefUseAfterPut, arg.Value.Syntax.GetLocation(), named, rv.EventText ?? "put", rv.EventLine);
                    }

                    s.Refs[v] = rv.With(RefFlags.Consumed, "passed to consuming '" + callee.Name + "'", FlowHelpers.LineOf(site)).Keeping(KeeperOf(inv, p));
                }
            }
            else if (Vocabulary.IsGet(p) && callee.ReturnsVoid && !this.StoredInCallersObject(arg.Value))
            {
                s.Refs[v] = new RefValue(RefFlags.Owned, site, callee.Name);
            }
        }
    }

    /// <summary>
    /// A reference handed out through an out or ref argument: the variable owns it, tied to the call's
    /// result when that tells failure (an int: nonzero; a bool: false).
    /// </summary>
    private void ReceiveRefOut(IMethodSymbol callee, IInvocationOperation inv, IArgumentOperation arg, FlowState s, Location site)
    {
        var value = arg.Value is IDeclarationExpressionOperation d ? d.Expression : arg.Value;
        var v = LockResolver.Variable(value);
        if (v == null && LockResolver.Strip(value) is IFieldReferenceOperation field && AliasKey(field) is string key)
        {
            // out ctx.root: the field of a local names the reference (the field stands for it, its path is the alias)
            v = field.Field;
            s.Aliases[key] = (null, v);
        }

        if (v == null)
        {
            return;
        }

        if (s.Refs.TryGetValue(v, out var old) && old.Flags == RefFlags.Owned && !HasAliases(s, v))
        {
            this.Report(Descriptors.RefLeak, old.Origin ?? site, old.OriginName, "when '" + callee.Name + "' overwrites it at line " + FlowHelpers.LineOf(site));
        }

        if (v is not IFieldSymbol)
        {
            Detach(s, v);
        }

        var type = callee.ReturnType.SpecialType;
        string? cond = type is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Boolean ? this.CondKeyOfCall(inv) : null;
        s.Refs[v] = new RefValue(RefFlags.Owned, site, callee.Name, cond: cond, errorWhen: type != SpecialType.System_Boolean);
    }

    /// <summary>
    /// Gets whether a get's object sits in a field of a parameter's object (old_ns = tsk->nsproxy =
    /// current->nsproxy; get_nsproxy(old_ns)): the new reference is that field's, as for mntget(path.mnt).
    /// </summary>
    private bool StoredInCallersObject(IOperation arg)
    {
        var op = LockResolver.Strip(arg);
        if (op is ILocalReferenceOperation l && this.Local(l.Local) is IOperation def)
        {
            op = LockResolver.Strip(def);
        }

        if (op is ISimpleAssignmentOperation a)
        {
            op = LockResolver.Strip(a.Target);
        }

        return op is IFieldReferenceOperation { Instance: not null } && RootParameter(op) != null;
    }

    /// <summary>
    /// KRN3004 for a value that carries no reference of this function's, handed on as if it did: the
    /// result of a __borrowed function (put_pid(pidfd_pid(f))), a borrowed local, or a parameter the function
    /// neither consumes nor got a reference on.
    /// </summary>
    private void CheckBorrowedHandOff(FlowState s, IOperation value, string what)
    {
        var stripped = LockResolver.Strip(value);
        if (stripped is IFlowCaptureReferenceOperation c && this.Capture(c.Id) is IOperation captured)
        {
            stripped = LockResolver.Strip(captured);
        }

        var named = stripped.Syntax.ToString().Replace("@", string.Empty);
        if (stripped is IInvocationOperation inv && Vocabulary.ReturnsBorrowed(KernelModel.Normalise(inv.TargetMethod)))
        {
            this.Report(Descriptors.RefPutBorrowed, value.Syntax.GetLocation(), named, inv.TargetMethod.Name, what);
            return;
        }

        if (what == "put")
        {
            // a put of a local or a parameter: Put() judges tracked borrowed locals
            return;
        }

        var v = this.Canon(s, stripped);
        if (v != null && s.Refs.TryGetValue(v, out var rv))
        {
            if ((rv.Flags & RefFlags.Borrowed) != 0 && (rv.Flags & RefFlags.Owned) == 0)
            {
                this.Report(Descriptors.RefPutBorrowed, value.Syntax.GetLocation(), named, rv.OriginName, what);
            }

            return;
        }

        if (stripped is IParameterReferenceOperation pr && pr.Parameter.RefKind == RefKind.None && this.model.IsCounted(pr.Parameter.Type) &&
            !Vocabulary.Has(pr.Parameter, Vocabulary.Consumes) && !Vocabulary.IsGet(pr.Parameter) && !this.gotParameters.Contains(pr.Parameter) &&
            s.Refs.Count(kv => SymbolEqualityComparer.Default.Equals(kv.Key, pr.Parameter)) == 0)
        {
            this.Report(Descriptors.RefPutBorrowed, value.Syntax.GetLocation(), named, "the caller (parameter '" + pr.Parameter.Name + "')", what);
        }
    }

    /// <summary>
    /// A counted field of a tracked struct reference handled on its own (mntput(path.mnt), return path.dentry):
    /// from here each counted field of the struct is tracked by itself, with the struct's state, under its
    /// field path (the same way as <c>out ctx.root</c>). Returns the field's tracked symbol.
    /// </summary>
    private ISymbol? SplitPart(FlowState s, IOperation op)
    {
        if (LockResolver.Strip(op) is not IFieldReferenceOperation { Instance: IOperation instance } field || !this.model.IsCounted(field.Field.Type) ||
            this.Canon(s, instance) is not ISymbol whole || !s.Refs.TryGetValue(whole, out var state) || TypeOf(whole) is not { IsValueType: true } wholeType ||
            AliasKey(instance) is not string key)
        {
            return null;
        }

        Untrack(s, whole);
        foreach (var part in this.model.CountedFields(wholeType))
        {
            s.Aliases[key + "." + part.Name] = (null, part);
            s.Refs[part] = state;
        }

        return field.Field;
    }

    /// <summary>The parts a struct reference was split into (see <see cref="SplitPart"/>), still tracked.</summary>
    private List<ISymbol> PartsOf(FlowState s, ISymbol whole)
    {
        var prefix = KeyOf(whole) + ".";
        return s.Aliases.Where(kv => kv.Value.Var == null && kv.Key.StartsWith(prefix, System.StringComparison.Ordinal) && kv.Key.IndexOf('.', prefix.Length) < 0 && s.Refs.ContainsKey(kv.Value.Canon))
            .Select(kv => kv.Value.Canon).ToList();
    }

    private void Put(FlowState s, ISymbol v, string named, string putName, Location site)
    {
        if (!s.Refs.TryGetValue(v, out var rv))
        {
            // path_put(path) after mntput(path.mnt): each part is put
            foreach (var part in this.PartsOf(s, v))
            {
                this.Put(s, part, named + "." + part.Name, putName, site);
            }

            return;
        }

        if ((rv.Flags & RefFlags.Borrowed) != 0 && (rv.Flags & RefFlags.Owned) == 0)
        {
            this.Report(Descriptors.RefPutBorrowed, site, named, rv.OriginName, "put");
            return;
        }

        if (rv.DefinitelyGone)
        {
            if ((rv.Flags & RefFlags.Consumed) != 0)
            {
                this.Report(Descriptors.RefUseAfterPut, site, named, rv.EventText ?? "consumed", rv.EventLine);
            }
            else
            {
                this.Report(Descriptors.RefDoublePut, site, named, rv.EventLine);
            }

            return;
        }

        s.Refs[v] = rv.With(RefFlags.Released, "put by '" + putName + "'", FlowHelpers.LineOf(site));
    }

    private void HandleRefResult(IMethodSymbol callee, IInvocationOperation inv, FlowState s, Location site)
    {
        var parent = inv.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        var discarded = (parent == null && !ReferenceEquals(LockResolver.Strip(this.branchValue ?? inv), inv)) || parent is IExpressionStatementOperation ||
            (parent is ISimpleAssignmentOperation a && a.Target is IDiscardOperation);
        if (!discarded || !this.ReturnsRef(callee))
        {
            return;
        }

        var first = inv.Arguments.FirstOrDefault(x => x.Parameter?.Ordinal == 0);
        if (first?.Parameter != null && Vocabulary.IsGet(first.Parameter) && LockResolver.Variable(first.Value) == null && RootParameter(first.Value) != null)
        {
            // mntget(path.mnt) for a parameter's object: the reference belongs to that object's owner (path_get)
            return;
        }

        if (first?.Parameter != null && Vocabulary.IsGet(first.Parameter) && LockResolver.Variable(first.Value) is ISymbol v)
        {
            if (v is IParameterSymbol)
            {
                // get_pid(p); return p: the function took the reference it hands out
                this.gotParameters.Add(v);
            }

            // get_pid(local) takes a reference the function must drop; get_pid(parameter) usually
            // takes one for a structure the caller's object is stored in, so it is not tracked
            if (v is ILocalSymbol)
            {
                s.Refs[v] = new RefValue(RefFlags.Owned, site, callee.Name);
            }

            return;
        }

        if (Vocabulary.IsCleanupTake(callee))
        {
            return;
        }

        this.Report(Descriptors.RefLeak, site, callee.Name, "because its result is discarded");
    }

    private void HandleAssign(ISimpleAssignmentOperation assign, FlowState s)
    {
        var target = LockResolver.Strip(assign.Target);
        var value = LockResolver.Strip(assign.Value);
        this.TrackValue(s, target, value);
        this.TrackFresh(s, target, value);
        if (value is IFlowCaptureReferenceOperation c && this.Capture(c.Id) is IOperation captured)
        {
            value = LockResolver.Strip(captured);
        }

        var source = this.Canon(s, value);
        var tracked = source != null && s.Refs.ContainsKey(source);
        var v = target is ILocalReferenceOperation or IParameterReferenceOperation ? LockResolver.Variable(target) : null;
        if (v == null)
        {
            if (tracked && AliasKey(target) is string key)
            {
                // copied into a field of a local: the same reference under another name, and it may
                // now belong to that structure (no leak), but putting both names is a double put
                s.Aliases[key] = (null, source!);
                var rv = s.Refs[source!];
                if ((rv.Flags & RefFlags.Owned) != 0)
                {
                    s.Refs[source!] = rv.With((rv.Flags & ~RefFlags.Owned) | RefFlags.None);
                }
            }
            else if (tracked)
            {
                // stored where the caller or another object can reach it: no longer ours
                Untrack(s, source!);
            }

            return;
        }

        if (s.Refs.TryGetValue(v, out var old) && old.Flags == RefFlags.Owned && !SymbolEqualityComparer.Default.Equals(source, v) && !HasAliases(s, v))
        {
            this.Report(Descriptors.RefLeak, old.Origin ?? assign.Syntax.GetLocation(), old.OriginName, "when it is overwritten at line " + FlowHelpers.LineOf(assign.Syntax.GetLocation()));
        }

        if (tracked && SymbolEqualityComparer.Default.Equals(source, v))
        {
            return;
        }

        Detach(s, v);
        if (value is IInvocationOperation inv)
        {
            if (this.ReturnsRef(inv.TargetMethod))
            {
                s.Refs[v] = new RefValue(RefFlags.Owned, inv.Syntax.GetLocation(), inv.TargetMethod.Name);
                return;
            }

            if (Vocabulary.ReturnsBorrowed(KernelModel.Normalise(inv.TargetMethod)))
            {
                s.Refs[v] = new RefValue(RefFlags.Borrowed, inv.Syntax.GetLocation(), inv.TargetMethod.Name);
                return;
            }
        }

        if (tracked)
        {
            // the new name carries the reference on; the old one stays an alias of it
            var state = s.Refs[source!];
            s.Refs.Remove(source!);
            s.Refs[v] = state;
            foreach (var kv in s.Aliases.Where(kv => SymbolEqualityComparer.Default.Equals(kv.Value.Canon, source)).ToList())
            {
                s.Aliases[kv.Key] = (kv.Value.Var, v);
            }

            s.Aliases[KeyOf(source!)] = (source, v);
        }
    }

    /// <summary>The tracked variable an operation stands for: itself, or what it is an alias of.</summary>
    private ISymbol? Canon(FlowState s, IOperation? op)
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

        var v = LockResolver.Variable(stripped);
        if (v != null && s.Refs.ContainsKey(v))
        {
            return v;
        }

        if (AliasKey(stripped) is string key && s.Aliases.TryGetValue(key, out var alias) && s.Refs.ContainsKey(alias.Canon))
        {
            return alias.Canon;
        }

        return v;
    }

    private void CheckUse(IOperation op, FlowState s)
    {
        if (!this.reporting || this.Canon(s, op) is not ISymbol v || !s.Refs.TryGetValue(v, out var rv) || !rv.DefinitelyGone)
        {
            return;
        }

        if ((rv.Flags & RefFlags.Consumed) != 0 && rv.KeptBy != null && !(s.Refs.TryGetValue(rv.KeptBy, out var keeper) && keeper.DefinitelyGone))
        {
            // handed to an object the function still holds (the dentry d_instantiate filled): still alive
            return;
        }

        var parent = op.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        if (parent is ISimpleAssignmentOperation a && LockResolver.Strip(a.Target) == op)
        {
            return;
        }

        if (parent is IArgumentOperation arg && arg.Parameter != null && arg.Parent is IInvocationOperation call)
        {
            var callee = KernelModel.Normalise(call.TargetMethod);
            if (Vocabulary.IsPut(callee, arg.Parameter) || Vocabulary.IsConsume(callee, arg.Parameter) || Vocabulary.IsErrCheck(callee))
            {
                return;
            }
        }

        if (parent is IIsNullOperation || parent is IFlowCaptureOperation)
        {
            return;
        }

        if (this.reportedUses.Add(v.Name + "|" + rv.EventLine.ToString(CultureInfo.InvariantCulture)))
        {
            this.Report(Descriptors.RefUseAfterPut, op.Syntax.GetLocation(), v.Name, rv.EventText ?? "put", rv.EventLine);
        }
    }

    private void CheckGuarded(IOperation op, ISymbol member, IOperation? instance, FlowState s)
    {
        if (!this.reporting)
        {
            return;
        }

        var attr = Vocabulary.Get(member, Vocabulary.GuardedBy).FirstOrDefault();
        if (attr == null || Vocabulary.Strings(attr).FirstOrDefault() is not string expr)
        {
            return;
        }

        if (this.method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor || this.IsFreshObject(s, instance) || FlowHelpers.IsMarkedRacy(op))
        {
            return;
        }

        var write = FlowHelpers.IsWrite(op);
        var alternatives = FlowHelpers.Alternatives(expr).Select(e => LockResolver.FromGuard(e.Expr, member, instance, this.method, this)).ToList();
        HeldLock? found = null;
        foreach (var lr in alternatives)
        {
            if (s.FindHeld(lr.Key) is HeldLock h && !h.Partial)
            {
                found = h;
                if (!write || h.Mode == LockMode.Write || lr.IsRcu)
                {
                    return;
                }
            }
        }

        var display = op.Syntax.ToString().Replace("@", string.Empty);
        if (found != null)
        {
            this.Report(Descriptors.ReadWriteMismatch, op.Syntax.GetLocation(), found.Ref.Display, "read", "writing '" + display + "'", "write");
            return;
        }

        this.Report(Descriptors.GuardedAccess, op.Syntax.GetLocation(), write ? "Writing" : "Reading", display, string.Join(" or ", alternatives.Select(a => a.Display)));
    }
}
