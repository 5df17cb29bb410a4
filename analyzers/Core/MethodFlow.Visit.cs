// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>Operation visitor: lock primitives, contracts, guarded fields and references.</summary>
internal sealed partial class MethodFlow
{
    private void Visit(IOperation op, FlowState s)
    {
        if (op is IFlowAnonymousFunctionOperation lambda)
        {
            this.EscapeCaptured(lambda, s);
            return;
        }

        if (op is ISimpleAssignmentOperation { Target: ILocalReferenceOperation assigned })
        {
            // a new value: locks tied to the old one are no longer told by testing this local
            ForgetCond(s, "v:" + KeyOf(assigned.Local));
        }

        foreach (var child in op.ChildOperations)
        {
            this.Visit(child, s);
        }

        switch (op)
        {
            case IInvocationOperation inv:
                this.HandleCall(inv, s);
                break;
            case ISimpleAssignmentOperation assign:
                this.HandleAssign(assign, s);
                break;
            case IFieldReferenceOperation field:
                this.CheckGuarded(field, field.Field, field.Instance, s);
                break;
            case IPropertyReferenceOperation prop:
                this.CheckGuarded(prop, prop.Property, prop.Instance, s);
                break;
            case ILocalReferenceOperation or IParameterReferenceOperation:
                this.CheckUse(op, s);
                if (op is IParameterReferenceOperation pr)
                {
                    this.NoteEscape(pr);
                }

                break;
        }
    }

    private void EscapeCaptured(IFlowAnonymousFunctionOperation lambda, FlowState s)
    {
        if (s.Refs.Count == 0 && s.Fresh.Count == 0)
        {
            return;
        }

        var names = new HashSet<string>(lambda.Symbol.DeclaringSyntaxReferences
            .SelectMany(r => r.GetSyntax(this.cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
            .Select(i => i.Identifier.ValueText));
        s.Fresh.RemoveWhere(k => names.Contains(k.Substring(0, k.IndexOf('@'))));
        if (!this.lambdaTakes.TryGetValue(lambda, out var taken))
        {
            this.lambdaTakes[lambda] = taken = CaptureUses.Taken(this.cfg.GetAnonymousFunctionControlFlowGraphInScope(lambda, this.cancellationToken), this.cancellationToken);
        }

        this.ReleaseTaken(s, taken);
    }

    /// <summary>Captured references a lambda or local function may take over are no longer the method's; those it only borrows stay tracked.</summary>
    private void ReleaseTaken(FlowState s, HashSet<ISymbol> taken)
    {
        foreach (var v in s.Refs.Keys.Where(taken.Contains).ToList())
        {
            Untrack(s, v);
        }

        foreach (var alias in s.Aliases.Where(kv => kv.Value.Var != null && taken.Contains(kv.Value.Var)).Select(kv => kv.Value.Canon).ToList())
        {
            Untrack(s, alias);
        }
    }

    private void HandleCall(IInvocationOperation inv, FlowState s)
    {
        var callee = KernelModel.Normalise(inv.TargetMethod);
        var name = callee.Name;
        var site = inv.Syntax.GetLocation();
        if (name == "Dispose" && inv.Arguments.Length == 0 && inv.Instance != null)
        {
            this.HandleDispose(inv, s);
            return;
        }

        if (Vocabulary.LockOpOf(callee) is LockOp op)
        {
            this.HandleLockOp(op, inv, s, site);
        }
        else
        {
            this.HandleContracts(callee, inv, s, site);
        }

        if (callee.MethodKind == MethodKind.DelegateInvoke && inv.Instance != null)
        {
            this.HandleDelegateCall(inv, s, site);
        }

        if (callee.MethodKind == MethodKind.LocalFunction)
        {
            this.ApplyLocalFunction(s, (IMethodSymbol)callee.OriginalDefinition, site);
        }

        this.CheckGfp(inv, s, site);
        this.FreshArguments(callee, inv, s);
        this.HandleRefArguments(callee, inv, s, site);
        this.HandleRefResult(callee, inv, s, site);
    }

    /// <summary>A call of a local function: the captured references it puts on every path are put here; those it may take over leave.</summary>
    private void ApplyLocalFunction(FlowState s, IMethodSymbol local, Location site)
    {
        if (!this.localEffects.TryGetValue(local, out var effects))
        {
            // declared in an enclosing graph (called from a lambda): only what it may take over is known
            this.ReleaseTaken(s, this.LocalFunctionTakes(local));
            return;
        }

        foreach (var kv in effects.Where(kv => s.Refs.ContainsKey(kv.Key)).OrderBy(kv => kv.Key.Name, System.StringComparer.Ordinal).ToList())
        {
            if (kv.Value)
            {
                this.Put(s, kv.Key, kv.Key.Name, local.Name, site);
            }
            else
            {
                Untrack(s, kv.Key);
            }
        }
    }

    /// <summary>The captured references a local function may take over (see <see cref="CaptureUses"/>), once per function.</summary>
    private HashSet<ISymbol> LocalFunctionTakes(IMethodSymbol local)
    {
        if (!this.localTakes.TryGetValue(local, out var taken))
        {
            taken = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            for (var graph = this.cfg; graph != null; graph = graph.Parent)
            {
                if (graph.LocalFunctions.Contains(local, SymbolEqualityComparer.Default))
                {
                    taken = CaptureUses.Taken(graph.GetLocalFunctionControlFlowGraph(local, this.cancellationToken), this.cancellationToken);
                    break;
                }
            }

            this.localTakes[local] = taken;
        }

        return taken;
    }

    /* the lock a primitive's attribute names, with this call's argument: a lock taken through an alias, a field of a local or a parameter is its source's */
    private LockRef ResolveOpLock(LockOp op, IInvocationOperation inv)
    {
        if (op.IsRcu)
        {
            return LockRef.Rcu;
        }

        var arg = op.Parameter is int ordinal ? inv.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal) : null;
        if (arg != null && (op.Field == null || op.Field.IndexOf('.') < 0))
        {
            return LockResolver.FromOperation(arg.Value, op.Field, this);
        }

        return this.ResolveAt(op.Expr, inv.TargetMethod, inv);
    }

    private LockRef ResolveAt(string expr, IMethodSymbol callee, IInvocationOperation? inv)
    {
        System.Func<IParameterSymbol, IOperation?>? argFor = null;
        if (inv != null)
        {
            argFor = p => inv.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, p.OriginalDefinition) || a.Parameter?.Ordinal == p.Ordinal)?.Value;
        }

        return LockResolver.FromExpression(expr, callee, argFor, this);
    }

    private void HandleLockOp(LockOp op, IInvocationOperation inv, FlowState s, Location site)
    {
        switch (op.Kind)
        {
            case LockOpKind.Acquire:
            case LockOpKind.Guard:
                if (op.MaySleep && !this.CheckSleep(s, op.Name, string.Empty, site))
                {
                    this.summary.MaySleep ??= new Witness(Witness.Frame(this.MethodName, site) + " -> " + op.Name, site, this.DroppedEntry(s));
                }

                var taken = this.ResolveOpLock(op, inv);
                this.Acquire(s, taken, op.Mode, op.KindOf(taken), site, true);
                break;
            case LockOpKind.Release:
                this.Release(s, this.ResolveOpLock(op, inv), op.Mode, site, "'" + op.Name + "'", true);
                break;
            case LockOpKind.TryAcquire:
                if (op.MaySleep && !this.CheckSleep(s, op.Name, string.Empty, site))
                {
                    this.summary.MaySleep ??= new Witness(Witness.Frame(this.MethodName, site) + " -> " + op.Name, site, this.DroppedEntry(s));
                }

                var tried = this.ResolveOpLock(op, inv);
                this.TryAcquire(s, tried, op.Mode, op.KindOf(tried), inv, op.HeldWhen);
                break;
            case LockOpKind.AssertHeld:
                var held = this.ResolveOpLock(op, inv);
                if (!s.Locks.TryGetValue(held.Key, out var h) || h.Partial)
                {
                    s.Locks[held.Key] = new HeldLock(held, op.Mode, held.Kind, site, assumed: true);
                }

                break;
            case LockOpKind.AssertNotHeld:
                var notHeld = this.ResolveOpLock(op, inv);
                if (s.Locks.TryGetValue(notHeld.Key, out var nh) && !nh.Partial)
                {
                    this.Report(Descriptors.MustNotHold, site, op.Name, notHeld.Display, string.Empty);
                }
                else
                {
                    this.InheritMustNotHold(s, notHeld, Witness.Frame(op.Name, site));
                }

                break;
        }
    }

    private void HandleDispose(IInvocationOperation inv, FlowState s)
    {
        var instance = LockResolver.Strip(inv.Instance!);
        IInvocationOperation? scope = null;
        ISymbol? local = null;
        if (instance is IFlowCaptureReferenceOperation c)
        {
            this.scopeCaptures.TryGetValue(c.Id, out scope);
        }
        else if (LockResolver.Variable(instance) is ISymbol v)
        {
            local = v;
            this.scopeLocals.TryGetValue(v, out scope);
        }

        if (scope == null)
        {
            return;
        }

        var site = inv.Syntax.GetLocation();
        if (Vocabulary.IsCleanup(scope.TargetMethod))
        {
            if (local != null && s.Taken.Contains(local))
            {
                return;
            }

            var put = FlowHelpers.PutOf(scope);
            if (put != null)
            {
                this.CheckPutContracts(put, s, site, null);

                // a DEFINE_FREE cleanup calls the put: its release path is the one the analysis found in it
                if (!SymbolEqualityComparer.Default.Equals(put, this.method) && put.DeclaringSyntaxReferences.Any())
                {
                    this.CheckSummaryMayTake(this.model.Analyze(put, this.stack, this.cancellationToken).Summary, put, null, s, site);
                }
            }

            return;
        }

        var op = Vocabulary.LockOpOf(scope.TargetMethod)!;
        this.Release(s, this.ResolveOpLock(op, scope), op.Mode, site, "the end of the guard's scope", false);
    }

    private void Acquire(FlowState s, LockRef lr, LockMode mode, LockKind kind, Location site, bool checkOrder)
    {
        if (s.Locks.TryGetValue(lr.Key, out var h) && !h.Partial)
        {
            if (lr.IsRcu || (mode == LockMode.Read && h.Mode == LockMode.Read))
            {
                s.Locks[lr.Key] = h.With(count: h.Count + 1);
                return;
            }

            this.Report(Descriptors.DoubleAcquire, site, lr.Display, h.Assumed ? "entry" : FlowHelpers.LineOf(h.AcquiredAt).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        if (checkOrder)
        {
            foreach (var held in s.Locks.Values.OrderBy(x => x.Ref.Key, System.StringComparer.Ordinal))
            {
                if (held.Ref.Class == lr.Class)
                {
                    continue;
                }

                if (this.Order.IsBefore(lr.Class, held.Ref.Class))
                {
                    this.Report(Descriptors.LockOrder, site, lr.Display, held.Ref.Display, lr.Class, held.Ref.Class, string.Empty);
                }

                this.CheckNesting(held, lr.Class, lr.Display, site, string.Empty);
                this.AddEdge(held.Ref.Class, lr.Class, site, string.Empty, false);
            }

            if (this.reporting)
            {
                this.RecordAcquired(lr.Class, lr, new Witness(Witness.Frame(this.MethodName, site), site, this.DroppedEntry(s)));
            }
        }

        s.Locks[lr.Key] = new HeldLock(lr, mode, kind, site);
    }

    /*
     * A call through a delegate-typed member (an ops table's function pointer) may run any method stored
     * into that member: the locks they take nest under the ones held here like a direct call's.
     */
    private void HandleDelegateCall(IInvocationOperation inv, FlowState s, Location site)
    {
        var member = LockResolver.Strip(inv.Instance!) switch
        {
            IFieldReferenceOperation f => (ISymbol)f.Field,
            IPropertyReferenceOperation p => p.Property,
            _ => null,
        };
        if (member == null)
        {
            return;
        }

        foreach (var target in this.model.DelegateTargets.Of(member))
        {
            if (!SymbolEqualityComparer.Default.Equals(target, this.method))
            {
                this.TakeThroughDelegate(s, this.model.Analyze(target, this.stack, this.cancellationToken).Summary, target, inv, site);
            }
        }
    }

    /* what a method a delegate may run takes nests under what is held at the call, as a direct call's does */
    private void TakeThroughDelegate(FlowState s, MethodSummary sum, IMethodSymbol target, IInvocationOperation inv, Location site)
    {
        foreach (var kv in this.TakenBy(sum, target, inv))
        {
            foreach (var held in s.Locks.Values.Where(x => !x.Partial && x.Ref.Class != kv.Key && !kv.Value.Released.Contains(x.Ref.Class)).OrderBy(x => x.Ref.Key, System.StringComparer.Ordinal))
            {
                if (this.Order.IsBefore(kv.Key, held.Ref.Class))
                {
                    this.Report(Descriptors.LockOrder, site, kv.Key, held.Ref.Display, kv.Key, held.Ref.Class, " via " + kv.Value.Text);
                }

                this.CheckNesting(held, kv.Key, kv.Key, site, " via " + kv.Value.Text);
                this.AddEdge(held.Ref.Class, kv.Key, site, kv.Value.Text, false);
            }

            if (this.reporting)
            {
                this.RecordAcquired(kv.Key, kv.Lock, new Witness(Witness.Frame(this.MethodName, site) + " -> " + kv.Value.Text, site, this.DroppedEntry(s).Concat(kv.Value.Released.Where(this.entryClasses.Contains))));
            }
        }
    }

    /* the lock classes a call takes: the callee's own, and those it takes through a parameter resolved with this call's argument */
    private IEnumerable<(string Key, LockRef? Lock, Witness Value)> TakenBy(MethodSummary sum, IMethodSymbol callee, IInvocationOperation inv)
    {
        var taken = sum.Acquired.Select(kv => (kv.Key, (LockRef?)null, kv.Value))
            .Concat(sum.AcquiredThroughParameter.Values.Select(p =>
            {
                // named with this call's argument when that names a lock class; a path the resolver cannot
                // walk (through an untyped pointer) keeps the class the callee gave it
                var at = this.ResolveAt(p.Lock.Display, callee, inv);
                if (!this.model.IsLockClass(at.Class))
                {
                    at = at.WithClass(p.Lock.Class);
                }

                return (at.Class, (LockRef?)at, p.Witness);
            }));
        return taken.OrderBy(t => t.Item1, System.StringComparer.Ordinal).ToList();
    }

    /* the summary keeps a lock reached through a parameter by its text, so that each caller names its class */
    private void RecordAcquired(string cls, LockRef? lr, Witness witness)
    {
        if (lr != null && lr.Root == RootKind.Parameter)
        {
            if (!this.summary.AcquiredThroughParameter.ContainsKey(lr.Display))
            {
                this.summary.AcquiredThroughParameter[lr.Display] = (lr, witness);
            }
        }
        else if (!this.summary.Acquired.ContainsKey(cls))
        {
            this.summary.Acquired[cls] = witness;
        }
    }

    private void Release(FlowState s, LockRef lr, LockMode mode, Location site, string releaser, bool checkMode)
    {
        // lockdep_assert_held(t.sighand.siglock) on a loop's local names an object the analysis cannot tell
        // apart from the one released here: the assumption ends with the release of its class
        foreach (var key in s.Locks.Where(kv => kv.Key != lr.Key && kv.Value.Assumed && kv.Value.Ref.Root == RootKind.Local && kv.Value.Ref.Class == lr.Class).Select(kv => kv.Key).ToList())
        {
            s.Locks.Remove(key);
        }

        var h = s.FindHeld(lr.Key);
        if (h != null && h.Ref.Key != lr.Key)
        {
            // released under another name of the same object (a local known equal to the contract's path)
            lr = h.Ref;
        }

        if (h == null)
        {
            if (this.inferable && lr.IsPortable && !this.reporting && !this.AcquiresItself(lr))
            {
                this.pendingEntry.Add((lr.Display, mode));
                return;
            }

            this.Report(Descriptors.ReleaseNotHeld, site, lr.Display, string.Empty);
            return;
        }

        if (h.Partial)
        {
            if (h.IsConditional)
            {
                // a trylock's or a conditional contract's result was never tested
                this.Report(Descriptors.ReleaseNotHeld, site, lr.Display, " on every path: it is held only depending on a result not tested yet (line " + FlowHelpers.LineOf(h.AcquiredAt) + ")");
            }

            s.Locks.Remove(lr.Key);
            return;
        }

        if (checkMode && !lr.IsRcu && h.Mode != mode)
        {
            this.Report(Descriptors.ReadWriteMismatch, site, lr.Display, FlowHelpers.ModeName(h.Mode), releaser, FlowHelpers.ModeName(mode));
        }

        if (h.Count > 1)
        {
            s.Locks[lr.Key] = h.With(count: h.Count - 1);
        }
        else
        {
            s.Locks.Remove(lr.Key);
        }
    }

    private void AddEdge(string from, string to, Location site, string via, bool releasePath)
    {
        if (!this.reporting || from == to)
        {
            return;
        }

        if (this.edgeKeys.Add(from + "\n" + to + "\n" + releasePath))
        {
            this.edges.Add(new LockEdgeInfo(from, to, this.MethodName, site, via, releasePath));
        }
    }

    /// <summary>The hierarchy: never-nest pairs (KRN2003) and nestings it does not declare (KRN2004).</summary>
    private void CheckNesting(HeldLock held, string takenClass, string takenDisplay, Location site, string via)
    {
        var from = held.Ref.Class;
        if (from == takenClass || from == "rcu" || takenClass == "rcu" || this.Order.IsEmpty)
        {
            return;
        }

        if (this.Order.NeverNest(from, takenClass))
        {
            var since = held.Assumed
                ? "the entry of '" + this.MethodName + "', by its contract"
                : System.IO.Path.GetFileName(held.AcquiredAt.GetLineSpan().Path) + ":" + FlowHelpers.LineOf(held.AcquiredAt);
            this.Report(Descriptors.NeverNest, site, takenDisplay, held.Ref.Display, since, via);
        }
        else if (!this.Order.Covers(from, takenClass))
        {
            this.Report(Descriptors.UndeclaredNesting, site, takenClass, from, via);
        }
    }

    private IEnumerable<string> DroppedEntry(FlowState s) =>
        this.entryClasses.Where(c => !s.Locks.Values.Any(h => h.Ref.Class == c && !h.Partial)).ToList();

    private bool AcquiresItself(LockRef lr)
    {
        if (this.ownAcquisitions == null)
        {
            this.ownAcquisitions = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var inv in this.cfg.Blocks.SelectMany(b => b.Operations.Concat(b.BranchValue != null ? new[] { b.BranchValue } : Enumerable.Empty<IOperation>()))
                .SelectMany(FlowHelpers.Descendants).OfType<IInvocationOperation>())
            {
                if (Vocabulary.LockOpOf(inv.TargetMethod) is { Kind: LockOpKind.Acquire or LockOpKind.Guard or LockOpKind.TryAcquire } op)
                {
                    this.ownAcquisitions.Add(this.ResolveOpLock(op, inv).Key);
                }
            }
        }

        return this.ownAcquisitions.Contains(lr.Key);
    }

    /// <summary>KRN1008 when an atomic lock is held; returns whether one is.</summary>
    private bool CheckSleep(FlowState s, string callee, string via, Location site, ICollection<string>? droppedByCallee = null)
    {
        var atomic = s.Locks.Values.Where(h => h.Kind != LockKind.Sleep && !h.Partial && (droppedByCallee == null || !droppedByCallee.Contains(h.Ref.Class))).OrderBy(h => h.Ref.Key, System.StringComparer.Ordinal).FirstOrDefault();
        if (atomic != null)
        {
            this.Report(Descriptors.SleepInAtomic, site, callee, atomic.Ref.Display, via);
            return true;
        }

        return false;
    }

    /// <summary>A callee's __must_not_hold on a global lock the method does not hold becomes the method's own, with the chain.</summary>
    private void InheritMustNotHold(FlowState s, LockRef lr, string frame)
    {
        if (!this.reporting || lr.Root != RootKind.Global || this.entryClasses.Contains(lr.Class) || this.summary.MustNotHold.ContainsKey(lr.Class))
        {
            return;
        }

        this.summary.MustNotHold[lr.Class] = new Witness(Witness.Frame(this.MethodName, this.method.Locations.FirstOrDefault() ?? Location.None) + " -> " + frame, Location.None);
    }

    /// <summary>
    /// Allocations (any call) with a gfp_t mask that allows direct reclaim (a flag of the mask's enum type
    /// that carries __might_sleep: __GFP_DIRECT_RECLAIM) may sleep. A mask that is this
    /// method's own gfp_t parameter (or made from it) makes the sleep its caller's choice: under an atomic
    /// lock of ours it becomes the contract <see cref="MethodSummary.GfpAtomic"/>, checked where a caller
    /// passes a sleeping mask (GFP_KERNEL into a helper that allocates with it under its spinlock).
    /// </summary>
    private void CheckGfp(IInvocationOperation inv, FlowState s, Location site)
    {
        var callee = KernelModel.Normalise(inv.TargetMethod);
        MethodSummary? sum = null;
        foreach (var arg in inv.Arguments)
        {
            if (arg.Parameter?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } mask || Vocabulary.SleepingBits(mask) is not ulong reclaim)
            {
                continue;
            }

            var (sleeps, param) = this.GfpOf(arg.Value, reclaim, 0);
            var what = inv.TargetMethod.Name + "(" + arg.Value.Syntax.ToString() + ")";
            if (sleeps == true)
            {
                if (!this.CheckSleep(s, what, " (the mask allows direct reclaim)", site))
                {
                    this.summary.MaySleep ??= new Witness(Witness.Frame(this.MethodName, site) + " -> " + what, site, this.DroppedEntry(s));
                }
            }
            else if (param != null)
            {
                this.NoteGfpParameter(s, param.Value, what, site);
            }

            // the callee allocates with this mask under a lock of its own
            if (sleeps == false || !callee.DeclaringSyntaxReferences.Any() || SymbolEqualityComparer.Default.Equals(callee, this.method))
            {
                continue;
            }

            sum ??= this.model.Analyze(callee, this.stack, this.cancellationToken).Summary;
            if (!sum.GfpAtomic.TryGetValue(arg.Parameter.Ordinal, out var inside))
            {
                continue;
            }

            if (sleeps == true)
            {
                this.Report(Descriptors.SleepInAtomic, site, what, inside.Lock, " (inside it, via " + inside.Witness.Text + ")");
            }
            else if (param != null && this.reporting && !this.summary.GfpAtomic.ContainsKey(param.Value))
            {
                this.summary.GfpAtomic[param.Value] = (inside.Lock, new Witness(Witness.Frame(this.MethodName, site) + " -> " + inside.Witness.Text, site));
            }
        }
    }

    /*
     * A callee that sleeps only when a mask it is given allows direct reclaim: a sleeping constant is
     * CheckGfp's (every call with such a mask may sleep), a mask that cannot sleep is nothing, our own gfp_t
     * parameter passed on makes the same contract ours, and a mask the analysis cannot read may sleep.
     */
    private void MaskConditionalSleep(IEnumerable<int> ordinals, string name, IInvocationOperation inv, FlowState atCall, Location site)
    {
        foreach (var ordinal in ordinals)
        {
            var arg = inv.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal);
            if (arg?.Parameter?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } mask || Vocabulary.SleepingBits(mask) is not ulong reclaim)
            {
                continue;
            }

            var (sleeps, param) = this.GfpOf(arg.Value, reclaim, 0);
            if (sleeps != null)
            {
                continue;
            }

            if (param != null)
            {
                this.summary.SleepsWithMask.Add(param.Value);
            }
            else if (!this.CheckSleep(atCall, name, string.Empty, site))
            {
                this.summary.MaySleep ??= new Witness(Witness.Frame(this.MethodName, site) + " -> " + name, site, this.DroppedEntry(atCall));
            }
        }
    }

    /// <summary>An allocation with our own gfp_t parameter's mask under an atomic lock: the caller's mask decides.</summary>
    private void NoteGfpParameter(FlowState s, int ordinal, string what, Location site)
    {
        var atomic = s.Locks.Values.Where(h => h.Kind != LockKind.Sleep && !h.Partial && !h.Assumed).OrderBy(h => h.Ref.Key, System.StringComparer.Ordinal).FirstOrDefault();
        if (atomic != null && this.reporting && !this.summary.GfpAtomic.ContainsKey(ordinal))
        {
            this.summary.GfpAtomic[ordinal] = (atomic.Ref.Display, new Witness(Witness.Frame(this.MethodName, site) + " -> " + what, site));
        }
    }

    /// <summary>
    /// What a gfp_t mask is: a constant that allows direct reclaim or not, or (made from) this method's own
    /// gfp_t parameter (ORing constants in keeps it; ANDing a constant without the reclaim bit clears it).
    /// </summary>
    private (bool? Sleeps, int? Param) GfpOf(IOperation op, ulong reclaim, int depth)
    {
        op = LockResolver.Strip(op);
        if (depth > 8)
        {
            return (null, null);
        }

        if (op.ConstantValue.HasValue && op.ConstantValue.Value != null)
        {
            return ((System.Convert.ToUInt64(op.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture) & reclaim) != 0, null);
        }

        switch (op)
        {
            case IFlowCaptureReferenceOperation c when this.Capture(c.Id) is IOperation captured:
                return this.GfpOf(captured, reclaim, depth + 1);
            case ILocalReferenceOperation l when this.Local(l.Local) is IOperation def:
                return this.GfpOf(def, reclaim, depth + 1);
            case IParameterReferenceOperation p when SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, this.method):
                return (null, p.Parameter.Ordinal);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Or } or:
                var (ls, lp) = this.GfpOf(or.LeftOperand, reclaim, depth + 1);
                var (rs, rp) = this.GfpOf(or.RightOperand, reclaim, depth + 1);
                return ls == true || rs == true ? (true, null) : (ls == false && rs == false ? (false, null) : (null, lp ?? rp));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.And } and:
                var (als, alp) = this.GfpOf(and.LeftOperand, reclaim, depth + 1);
                var (ars, arp) = this.GfpOf(and.RightOperand, reclaim, depth + 1);
                return als == false || ars == false ? (false, null) : (als == true && ars == true ? (true, null) : (null, alp ?? arp));
            default:
                return (null, null);
        }
    }

    private bool IsHeld(FlowState s, LockRef lr, LockMode need, out HeldLock? held)
    {
        held = s.FindHeld(lr.Key);
        if (held != null && !held.Partial)
        {
            return true;
        }

        held = null;
        return false;
    }

    private void HandleContracts(IMethodSymbol callee, IInvocationOperation inv, FlowState s, Location site)
    {
        var name = callee.Name;
        var atCall = s.Clone();
        foreach (var expr in Vocabulary.LockStrings(callee, Vocabulary.MustHold))
        {
            this.CheckRequirement(s, callee, inv, site, expr, string.Empty);
        }

        foreach (var expr in Vocabulary.LockStrings(callee, Vocabulary.MustNotHold))
        {
            var lr = this.ResolveAt(FlowHelpers.Split(expr).Expr, callee, inv);
            var reported = false;
            if (s.FindHeld(lr.Key) is HeldLock h && !h.Partial)
            {
                this.Report(Descriptors.MustNotHold, site, name, lr.Display, string.Empty);
                reported = true;
            }
            else if (!lr.IsPortable || lr.Root == RootKind.Global)
            {
                foreach (var other in s.Locks.Values)
                {
                    if (other.Ref.Class == lr.Class && !other.Partial && other.Ref.Key != lr.Key)
                    {
                        this.Report(Descriptors.MustNotHold, site, name, other.Ref.Display, string.Empty);
                        reported = true;
                    }
                }
            }

            if (!reported)
            {
                this.InheritMustNotHold(s, lr, Witness.Frame(name, site));
            }
        }

        if (Vocabulary.Has(callee, Vocabulary.MightSleep) && !this.CheckSleep(s, name, string.Empty, site))
        {
            this.summary.MaySleep ??= new Witness(Witness.Frame(this.MethodName, site) + " -> " + name, site, this.DroppedEntry(s));
        }

        this.CheckPutContracts(callee, s, site, inv);

        var declaredAcquires = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var expr in Vocabulary.LockStrings(callee, Vocabulary.Acquires))
        {
            var (e, mode) = FlowHelpers.Split(expr);
            var lr = this.ResolveAt(e, callee, inv);
            declaredAcquires.Add(lr.Class);
            this.Acquire(s, lr, mode, lr.Kind, site, true);
        }

        foreach (var expr in Vocabulary.LockStrings(callee, Vocabulary.Releases))
        {
            var (e, mode) = FlowHelpers.Split(expr);
            this.Release(s, this.ResolveAt(e, callee, inv), mode, site, "'" + name + "'", true);
        }

        foreach (var attr in Vocabulary.Get(callee, Vocabulary.CondAcquires))
        {
            foreach (var expr in Vocabulary.Strings(attr))
            {
                declaredAcquires.Add(this.ResolveAt(FlowHelpers.Split(expr).Expr, callee, inv).Class);
            }
        }

        this.ApplyCondContracts(callee, inv, s, site);

        if (SymbolEqualityComparer.Default.Equals(callee, this.method) || !callee.DeclaringSyntaxReferences.Any())
        {
            return;
        }

        var sum = this.model.Analyze(callee, this.stack, this.cancellationToken).Summary;
        foreach (var kv in this.TakenBy(sum, callee, inv))
        {
            if (declaredAcquires.Contains(kv.Key))
            {
                continue;
            }

            // what the call was made holding (not what its own contracts just took)
            foreach (var held in atCall.Locks.Values.Where(x => !x.Partial).OrderBy(x => x.Ref.Key, System.StringComparer.Ordinal))
            {
                if (held.Ref.Class == kv.Key || kv.Value.Released.Contains(held.Ref.Class))
                {
                    continue;
                }

                if (this.Order.IsBefore(kv.Key, held.Ref.Class))
                {
                    this.Report(Descriptors.LockOrder, site, kv.Key, held.Ref.Display, kv.Key, held.Ref.Class, " via " + kv.Value.Text);
                }

                this.CheckNesting(held, kv.Key, kv.Key, site, " via " + kv.Value.Text);
                this.AddEdge(held.Ref.Class, kv.Key, site, kv.Value.Text, false);
            }

            if (this.reporting)
            {
                this.RecordAcquired(kv.Key, kv.Lock, new Witness(Witness.Frame(this.MethodName, site) + " -> " + kv.Value.Text, site, this.DroppedEntry(s).Concat(kv.Value.Released.Where(this.entryClasses.Contains))));
            }
        }

        this.CheckSummaryMayTake(sum, callee, inv, s, site);

        foreach (var kv in sum.MustNotHold.OrderBy(k => k.Key, System.StringComparer.Ordinal))
        {
            var held = atCall.Locks.Values.Where(h => h.Ref.Class == kv.Key && !h.Partial).OrderBy(h => h.Ref.Key, System.StringComparer.Ordinal).FirstOrDefault();
            if (held != null)
            {
                this.Report(Descriptors.MustNotHold, site, name, held.Ref.Display, " (via " + kv.Value.Text + ")");
            }
            else if (this.reporting && !this.entryClasses.Contains(kv.Key) && !this.summary.MustNotHold.ContainsKey(kv.Key))
            {
                this.summary.MustNotHold[kv.Key] = new Witness(Witness.Frame(this.MethodName, site) + " -> " + kv.Value.Text, site);
            }
        }

        // a callee whose gfp_t parameter is __might_sleep (might_alloc) sleeps only as its mask says
        var masks = callee.Parameters.Where(p => Vocabulary.Has(p, Vocabulary.MightSleep)).Select(p => p.Ordinal).ToList();
        var unconditional = masks.Count > 0 ? null : sum.MaySleep;
        if (unconditional != null)
        {
            // the whole chain: reported at the first caller that holds an atomic lock
            if (!this.CheckSleep(atCall, name, " via " + unconditional.Text, site, unconditional.Released))
            {
                this.summary.MaySleep ??= new Witness(Witness.Frame(this.MethodName, site) + " -> " + unconditional.Text, site, this.DroppedEntry(atCall).Concat(unconditional.Released.Where(this.entryClasses.Contains)));
            }
        }

        this.MaskConditionalSleep(masks.Concat(sum.SleepsWithMask).Distinct(), name, inv, atCall, site);

        if (KernelModel.IsInferable(callee))
        {
            foreach (var expr in sum.InferredRequires)
            {
                this.CheckRequirement(s, callee, inv, site, expr, " (inferred from its body)");
            }

            foreach (var expr in sum.NetReleased)
            {
                var (e, mode) = FlowHelpers.Split(expr);
                this.Release(s, this.ResolveAt(e, callee, inv), mode, site, "'" + name + "'", true);
            }

            foreach (var expr in sum.NetAcquired)
            {
                var (e, mode) = FlowHelpers.Split(expr);
                var lr = this.ResolveAt(e, callee, inv);
                this.Acquire(s, lr, mode, lr.Kind, site, false);
            }
        }
    }

    private void CheckRequirement(FlowState s, IMethodSymbol callee, IInvocationOperation inv, Location site, string expr, string suffix)
    {
        var alternatives = FlowHelpers.Alternatives(expr).Select(a => (Lock: this.ResolveAt(a.Expr, callee, inv), a.Mode)).ToList();
        HeldLock? found = null;
        foreach (var (lr, mode) in alternatives)
        {
            if (this.IsHeld(s, lr, mode, out var h))
            {
                found = h;
                if (mode == LockMode.Read || h!.Mode == LockMode.Write || lr.IsRcu)
                {
                    return;
                }
            }
        }

        if (found != null)
        {
            this.Report(Descriptors.ReadWriteMismatch, site, found.Ref.Display, "read", "'" + callee.Name + "'", "write");
            return;
        }

        if (this.inferable && alternatives.Count == 1 && alternatives[0].Lock.IsPortable && !this.reporting && !this.AcquiresItself(alternatives[0].Lock))
        {
            this.pendingEntry.Add((alternatives[0].Lock.Display, alternatives[0].Mode));
            return;
        }

        this.Report(Descriptors.MustHold, site, callee.Name, string.Join(" or ", alternatives.Select(a => a.Lock.Display)), suffix);
    }

    private void CheckPutContracts(IMethodSymbol put, FlowState s, Location site, IInvocationOperation? inv)
    {
        foreach (var expr in Vocabulary.LockStrings(put, Vocabulary.MayTake))
        {
            var lr = this.ResolveAt(FlowHelpers.Split(expr).Expr, put, inv);
            this.CheckMayTake(s, put.Name, lr, string.Empty, site, Witness.Frame(put.Name, site));
        }
    }

    /* what the callee's summary says its release path may take, checked against the locks held at the call */
    private void CheckSummaryMayTake(MethodSummary sum, IMethodSymbol callee, IInvocationOperation? inv, FlowState s, Location site)
    {
        foreach (var kv in sum.MayTake.OrderBy(k => k.Key, System.StringComparer.Ordinal))
        {
            var taken = kv.Value.Lock.Root == RootKind.Parameter ? this.ResolveAt(kv.Value.Lock.Display, callee, inv) : kv.Value.Lock;
            this.CheckMayTake(s, callee.Name, taken, " via " + kv.Value.Witness.Text, site, kv.Value.Witness.Text);
        }
    }

    private void CheckMayTake(FlowState s, string putName, LockRef lr, string via, Location site, string witness)
    {
        foreach (var held in s.Locks.Values.OrderBy(x => x.Ref.Key, System.StringComparer.Ordinal))
        {
            if (held.Assumed && held.Ref.Class != lr.Class && !this.Order.IsBefore(lr.Class, held.Ref.Class))
            {
                continue;
            }

            if (held.Ref.Class == lr.Class)
            {
                this.Report(Descriptors.ReleasePathLock, site, putName, lr.Display, held.Ref.Display, " (it would take the held lock again)" + via);
            }
            else if (this.Order.IsBefore(lr.Class, held.Ref.Class))
            {
                this.Report(Descriptors.ReleasePathLock, site, putName, lr.Display, held.Ref.Display, " ('" + lr.Class + "' is ordered before '" + held.Ref.Class + "')" + via);
            }
            else
            {
                this.CheckNesting(held, lr.Class, lr.Display, site, " on the release path of '" + putName + "'" + via);
            }

            this.AddEdge(held.Ref.Class, lr.Class, site, witness, true);
        }

        if (this.reporting && !this.summary.MayTake.ContainsKey(lr.Class) && lr.IsPortable)
        {
            this.summary.MayTake[lr.Class] = (lr, new Witness(Witness.Frame(this.MethodName, site) + (via.Length > 0 ? " -> " + witness : string.Empty), site));
        }
    }
}
