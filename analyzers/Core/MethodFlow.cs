// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// The flow-sensitive analysis of one method: a worklist fixpoint over its control-flow graph
/// with held-lock sets and reference states, then one reporting pass over the stable states.
/// </summary>
internal sealed partial class MethodFlow : IDefinitions
{
    private const int MaxSteps = 20000;

    private readonly KernelModel model;
    private readonly IMethodSymbol method;
    private readonly ControlFlowGraph cfg;
    private readonly SyntaxNode body;
    private readonly HashSet<IMethodSymbol> stack;
    private readonly CancellationToken cancellationToken;
    private readonly Dictionary<CaptureId, IOperation> captures = new Dictionary<CaptureId, IOperation>();
    private readonly Dictionary<ILocalSymbol, IOperation?> localDefs = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, IInvocationOperation> scopeLocals = new Dictionary<ISymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
    private readonly Dictionary<CaptureId, IInvocationOperation> scopeCaptures = new Dictionary<CaptureId, IInvocationOperation>();
    private readonly bool inferable;
    private readonly int maxSteps;
    private readonly bool hasVoidReturns;
    private readonly HashSet<ISymbol> gotParameters = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

    private readonly List<Finding> findings = new List<Finding>();
    private readonly List<MethodResult> nested = new List<MethodResult>();
    private readonly List<IFlowAnonymousFunctionOperation> lambdas = new List<IFlowAnonymousFunctionOperation>();
    private readonly Dictionary<IFlowAnonymousFunctionOperation, HashSet<ISymbol>> lambdaTakes = new Dictionary<IFlowAnonymousFunctionOperation, HashSet<ISymbol>>();
    private readonly Dictionary<IMethodSymbol, HashSet<ISymbol>> localTakes = new Dictionary<IMethodSymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, Dictionary<ISymbol, bool>> localEffects = new Dictionary<IMethodSymbol, Dictionary<ISymbol, bool>>(SymbolEqualityComparer.Default);
    private readonly HashSet<string> findingKeys = new HashSet<string>(StringComparer.Ordinal);
    private readonly List<LockEdgeInfo> edges = new List<LockEdgeInfo>();
    private readonly HashSet<string> edgeKeys = new HashSet<string>(StringComparer.Ordinal);
    private readonly List<ExitRecord> exits = new List<ExitRecord>();
    private readonly List<(string Expr, LockMode Mode)> pendingEntry = new List<(string, LockMode)>();
    private readonly HashSet<string> reportedUses = new HashSet<string>(StringComparer.Ordinal);
    private MethodSummary summary = new MethodSummary();
    private List<(string Expr, LockMode Mode)> inferredEntry = new List<(string, LockMode)>();
    private bool reporting;
    private bool exitPhase;
    private IOperation? branchValue;
    private HashSet<string>? ownAcquisitions;
    private HashSet<string> entryClasses = new HashSet<string>(StringComparer.Ordinal);
    private bool returnsRef;
    private HashSet<ISymbol>? seeded;
    private int steps;

    public MethodFlow(KernelModel model, IMethodSymbol method, ControlFlowGraph cfg, SyntaxNode body, HashSet<IMethodSymbol> stack, CancellationToken cancellationToken)
    {
        this.model = model;
        this.method = method;
        this.cfg = cfg;
        this.body = body;
        this.stack = stack;
        this.cancellationToken = cancellationToken;
        this.inferable = KernelModel.IsInferable(method);
        this.maxSteps = TestSeams.StepLimit?.Invoke(method) ?? MaxSteps;
        this.hasVoidReturns = body.DescendantNodes().OfType<ReturnStatementSyntax>().Any(r => r.Expression == null);
        this.IndexGraph();
    }

    private DeclaredOrder Order => this.model.Order;

    private string MethodName => this.method.MethodKind == MethodKind.AnonymousFunction ? "(lambda in " + this.method.ContainingSymbol.Name + ")" : this.method.Name;

    public IOperation? Capture(CaptureId id) => this.captures.TryGetValue(id, out var v) ? v : null;

    public IOperation? Local(ILocalSymbol local) =>
        this.localDefs.TryGetValue(local, out var v) && v != null && !this.scopeLocals.ContainsKey(local) ? v : null;

    public MethodResult? Run()
    {
        this.AnalyzeLocalFunctions();
        if (!this.RunOnce())
        {
            return this.StepLimit();
        }

        if (this.inferable && this.pendingEntry.Count > 0)
        {
            this.inferredEntry = this.pendingEntry.Distinct().ToList();
            this.pendingEntry.Clear();
            this.findings.Clear();
            this.findingKeys.Clear();
            this.edges.Clear();
            this.edgeKeys.Clear();
            this.exits.Clear();
            this.reportedUses.Clear();
            this.summary = new MethodSummary();
            this.returnsRef = false;
            if (!this.RunOnce())
            {
                return this.StepLimit();
            }
        }

        this.CheckExits();
        this.summary.ReturnsRef = this.inferable && this.returnsRef && !Vocabulary.HasRefContract(this.method);
        this.AnalyzeLambdas();
        return new MethodResult(this.findings, this.summary, this.edges);
    }

    private static bool IsInside(ISymbol symbol, IMethodSymbol function)
    {
        for (var at = symbol.ContainingSymbol; at != null; at = at.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(at, function))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Local functions first: their summaries serve their call sites, their findings are this method's.</summary>
    private void AnalyzeLocalFunctions()
    {
        foreach (var local in this.cfg.LocalFunctions)
        {
            var graph = this.cfg.GetLocalFunctionControlFlowGraph(local, this.cancellationToken);
            var syntax = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(this.cancellationToken) ?? this.body;
            var flow = new MethodFlow(this.model, local, graph, syntax, this.stack, this.cancellationToken) { seeded = this.CapturedLocals(local, graph) };
            var result = flow.Run() ?? MethodResult.Empty;
            this.model.Store(local, result);
            this.nested.Add(result);
            this.localEffects[local] = flow.SeededEffects();
        }
    }

    /// <summary>The enclosing method's locals a local function uses that may hold a reference (a counted type, or a struct with counted fields).</summary>
    private HashSet<ISymbol> CapturedLocals(IMethodSymbol local, ControlFlowGraph graph)
    {
        var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var op in graph.Blocks.SelectMany(b => b.Operations.Concat(b.BranchValue != null ? new[] { b.BranchValue } : Enumerable.Empty<IOperation>())).SelectMany(FlowHelpers.Descendants))
        {
            if (op is ILocalReferenceOperation { Local: var l } && !IsInside(l, local) &&
                (this.model.IsCounted(l.Type) || this.model.CountedFields(l.Type).Any()))
            {
                result.Add(l);
            }
        }

        return result;
    }

    /// <summary>
    /// What a local function did, on every way out, with the references of its enclosing method it was
    /// analysed as owning: put on every path (a put at its call sites), untouched on every path (a borrow),
    /// or anything else (taken over: no longer tracked by the caller).
    /// </summary>
    private Dictionary<ISymbol, bool> SeededEffects()
    {
        var effects = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        foreach (var v in this.seeded ?? Enumerable.Empty<ISymbol>())
        {
            var states = this.exits.Select(e => e.State.Refs.TryGetValue(v, out var rv) ? rv.Flags : (RefFlags?)null).ToList();
            if (states.Count > 0 && states.All(f => f == RefFlags.Released))
            {
                effects[v] = true;
            }
            else if (states.Count == 0 || !states.All(f => f == RefFlags.Owned))
            {
                effects[v] = false;
            }
        }

        return effects;
    }

    /// <summary>Lambdas and anonymous methods run later, at a time the analysis does not know: analysed from an empty context.</summary>
    private void AnalyzeLambdas()
    {
        foreach (var result in this.nested)
        {
            this.findings.AddRange(result.Findings);
            this.edges.AddRange(result.Edges);
        }

        foreach (var lambda in this.lambdas)
        {
            var graph = this.cfg.GetAnonymousFunctionControlFlowGraphInScope(lambda, this.cancellationToken);
            var result = new MethodFlow(this.model, lambda.Symbol, graph, lambda.Syntax, this.stack, this.cancellationToken).Run() ?? MethodResult.Empty;
            this.findings.AddRange(result.Findings);
            this.edges.AddRange(result.Edges);
        }
    }

    private MethodResult StepLimit() =>
        KernelModel.GaveUp(this.method, "the step limit (" + this.maxSteps + " block visits) was reached in a graph of " + this.cfg.Blocks.Length + " blocks");

    private bool RunOnce()
    {
        var entry = this.EntryState();
        var blocks = this.cfg.Blocks;
        var states = new FlowState?[blocks.Length];
        states[0] = entry;
        var work = new SortedSet<int> { 0 };
        this.reporting = false;
        var catches = this.CatchEntries();
        while (work.Count > 0 || this.SeedCatches(catches, states, work))
        {
            this.cancellationToken.ThrowIfCancellationRequested();
            if (++this.steps > this.maxSteps)
            {
                return false;
            }

            var b = work.Min;
            work.Remove(b);
            foreach (var (dest, state, _) in this.Transfer(blocks[b], states[b]!))
            {
                if (dest < 0)
                {
                    continue;
                }

                var old = states[dest];
                var merged = old == null ? state : FlowState.Join(old, state);
                if (old == null || !merged.SameAs(old))
                {
                    states[dest] = merged;
                    work.Add(dest);
                }
            }
        }

        this.reporting = true;
        var incoming = new Dictionary<int, List<FlowState>>();
        for (var i = 0; i < blocks.Length; i++)
        {
            if (states[i] != null && blocks[i].Kind != BasicBlockKind.Exit)
            {
                foreach (var (dest, state, exit) in this.Transfer(blocks[i], states[i]!))
                {
                    if (dest == ExitDest && exit != null)
                    {
                        this.exits.Add(exit);
                    }
                    else if (dest >= 0)
                    {
                        if (!incoming.TryGetValue(dest, out var list))
                        {
                            incoming[dest] = list = new List<FlowState>();
                        }

                        list.Add(state);
                    }
                }
            }
        }

        this.CheckJoins(incoming);
        this.reporting = false;
        return this.steps <= this.maxSteps;
    }

    /// <summary>KRN1011: a lock held on some paths into a join and on others not at all.</summary>
    private void CheckJoins(Dictionary<int, List<FlowState>> incoming)
    {
        foreach (var kv in incoming.OrderBy(k => k.Key))
        {
            if (kv.Value.Count < 2)
            {
                continue;
            }

            var block = this.cfg.Blocks[kv.Key];
            var at = block.Operations.FirstOrDefault()?.Syntax ?? block.BranchValue?.Syntax;
            if (at == null)
            {
                continue;
            }

            if (at is ExpressionStatementSyntax statement)
            {
                at = statement.Expression;
            }

            var held = kv.Value.SelectMany(st => st.Locks.Values).Where(h => !h.Partial && !h.Assumed).GroupBy(h => h.Ref.Key).Select(g => g.First());
            foreach (var h in held.OrderBy(h => h.Ref.Key, StringComparer.Ordinal))
            {
                if (kv.Value.Any(st => !st.Locks.ContainsKey(h.Ref.Key) && !st.IsNullPath(h.Ref.Key) && !(h.Cond != null && st.Ghosts.TryGetValue(h.Ref.Key, out var g) && g.Cond == h.Cond)))
                {
                    this.Report(Descriptors.PartialAtJoin, at.GetLocation(), h.Ref.Display, FlowHelpers.LineOf(h.AcquiredAt), string.Empty);
                }
            }
        }
    }

    /// <summary>Each catch handler's first block with the first block of its try (what the handler may see).</summary>
    private List<(int Try, int Catch)> CatchEntries()
    {
        var result = new List<(int, int)>();
        var stack = new Stack<ControlFlowRegion>();
        stack.Push(this.cfg.Root);
        while (stack.Count > 0)
        {
            var region = stack.Pop();
            if (region.Kind == ControlFlowRegionKind.TryAndCatch && region.NestedRegions.Length > 1)
            {
                var tryRegion = region.NestedRegions[0];
                foreach (var handler in region.NestedRegions.Skip(1))
                {
                    result.Add((tryRegion.FirstBlockOrdinal, handler.FirstBlockOrdinal));
                }
            }

            foreach (var nested in region.NestedRegions)
            {
                stack.Push(nested);
            }
        }

        return result;
    }

    private bool SeedCatches(List<(int Try, int Catch)> catches, FlowState?[] states, SortedSet<int> work)
    {
        foreach (var (t, c) in catches)
        {
            if (states[t] != null && states[c] == null)
            {
                states[c] = states[t]!.Clone();
                work.Add(c);
            }
        }

        return work.Count > 0;
    }

    private FlowState EntryState()
    {
        var s = new FlowState();
        var at = this.method.Locations.FirstOrDefault() ?? Location.None;
        foreach (var (expr, entryMode) in this.DeclaredEntry().Concat(this.inferredEntry))
        {
            foreach (var (alternative, mode) in FlowHelpers.Alternatives(expr))
            {
                var lr = LockResolver.FromExpression(alternative, this.method, null, this);
                var held = mode == LockMode.Read || entryMode == LockMode.Read ? LockMode.Read : LockMode.Write;
                s.Locks[lr.Key] = new HeldLock(lr, held, lr.Kind, at, assumed: true);
                this.entryClasses.Add(lr.Class);
            }
        }

        foreach (var v in this.seeded ?? Enumerable.Empty<ISymbol>())
        {
            // a local function of the method, analysed as if it owned what it captures (see SeededEffects)
            s.Refs[v] = new RefValue(RefFlags.Owned, null, "the enclosing function");
        }

        foreach (var p in this.method.Parameters)
        {
            if (Vocabulary.Has(p, Vocabulary.Unpublished))
            {
                s.Fresh.Add(KeyOf(p));
            }

            if (Vocabulary.Has(p, Vocabulary.Consumes))
            {
                s.Refs[p] = new RefValue(RefFlags.Owned, p.Locations.FirstOrDefault(), "__consumes parameter " + p.Name);
            }
        }

        return s;
    }

    private IEnumerable<(string Expr, LockMode Mode)> DeclaredEntry() =>
        Vocabulary.LockStrings(this.method, Vocabulary.MustHold).Concat(Vocabulary.LockStrings(this.method, Vocabulary.Releases))
            .Concat(Vocabulary.LockStrings(this.method, Vocabulary.CondReleases)).Select(e => (e, LockMode.Write));

    private void IndexGraph()
    {
        foreach (var block in this.cfg.Blocks)
        {
            var ops = block.Operations.AsEnumerable();
            if (block.BranchValue != null)
            {
                ops = ops.Concat(new[] { block.BranchValue });
            }

            foreach (var root in ops)
            {
                foreach (var op in FlowHelpers.Descendants(root))
                {
                    if (op is IFlowAnonymousFunctionOperation lambda)
                    {
                        this.lambdas.Add(lambda);
                    }
                    else if (op is IFlowCaptureOperation fc)
                    {
                        this.captures[fc.Id] = fc.Value;
                        if (FlowHelpers.ScopeCall(fc.Value) is IInvocationOperation inv)
                        {
                            this.scopeCaptures[fc.Id] = inv;
                        }
                    }
                    else if (op is ISimpleAssignmentOperation a && LockResolver.Strip(a.Target) is ILocalReferenceOperation l)
                    {
                        if (FlowHelpers.ScopeCall(a.Value) is IInvocationOperation inv2)
                        {
                            this.scopeLocals[l.Local] = inv2;
                        }

                        this.localDefs[l.Local] = this.localDefs.ContainsKey(l.Local) ? null : a.Value;
                    }
                    else if (op is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } arg && LockResolver.Strip(arg.Value) is ILocalReferenceOperation rl)
                    {
                        this.localDefs[rl.Local] = null;
                    }
                    else if (op is ICompoundAssignmentOperation { Target: var ct } && LockResolver.Strip(ct) is ILocalReferenceOperation cl)
                    {
                        // x += 1 redefines x; p.count += 1 does not redefine p
                        this.localDefs[cl.Local] = null;
                    }
                    else if (op is IIncrementOrDecrementOperation { Target: var it } && LockResolver.Strip(it) is ILocalReferenceOperation il)
                    {
                        this.localDefs[il.Local] = null;
                    }
                    else if (op is IDeconstructionAssignmentOperation d)
                    {
                        foreach (var target in FlowHelpers.Descendants(d.Target).OfType<ILocalReferenceOperation>())
                        {
                            this.localDefs[target.Local] = null;
                        }
                    }
                }
            }
        }
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, params object[] args) =>
        this.ReportWith(descriptor, location, null, args);

    private void ReportWith(DiagnosticDescriptor descriptor, Location location, Location[]? additional, params object[] args)
    {
        if (!this.reporting && !this.exitPhase)
        {
            return;
        }

        if (descriptor.Id.StartsWith("KRN3", StringComparison.Ordinal) && Vocabulary.Has(this.method, Vocabulary.RefsUnsafe))
        {
            return;
        }

        var key = descriptor.Id + "|" + location.SourceSpan + "|" + string.Join("|", args);
        if (this.findingKeys.Add(key))
        {
            this.findings.Add(new Finding(descriptor, location, additional, args));
        }
    }
}
