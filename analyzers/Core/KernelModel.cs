// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// Per-compilation state shared by the kernel analyzers: method results (findings, summaries,
/// lock graph edges) computed on demand and cached, with a recursion guard.
/// </summary>
internal sealed class KernelModel
{
    private static readonly ConditionalWeakTable<Compilation, KernelModel> Models = new ConditionalWeakTable<Compilation, KernelModel>();

    private readonly ConcurrentDictionary<IMethodSymbol, MethodResult> results = new ConcurrentDictionary<IMethodSymbol, MethodResult>(SymbolEqualityComparer.Default);
    private readonly AnalysisClaims claims = new AnalysisClaims();
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> semanticModels = new ConcurrentDictionary<SyntaxTree, SemanticModel>();
    private readonly Lazy<DeclaredOrder> order;

    private readonly Lazy<List<INamedTypeSymbol>> holders;
    private readonly Lazy<HashSet<string>> lockClasses;
    private readonly Lazy<DelegateTargets> delegateTargets;
    private readonly Lazy<HashSet<ITypeSymbol>> countedTypes;
    private Seed? seed;

    private KernelModel(Compilation compilation, KernelModel? baseModel = null, ISet<string>? changedPaths = null, bool sameDeclarations = false)
    {
        this.Compilation = compilation;

        // a variant whose edits stay inside method bodies declares what its base declares: the
        // hierarchy, the lock classes, the global holders and the counted types are the base's
        var same = sameDeclarations ? baseModel : null;
        this.order = new Lazy<DeclaredOrder>(() => same?.Order ?? DeclaredOrder.Build(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        this.holders = new Lazy<List<INamedTypeSymbol>>(
            () => same != null ? Resolve(same.holders.Value, compilation).OfType<INamedTypeSymbol>().ToList() : SourceTypes(compilation).Where(t => t.GetMembers().OfType<IMethodSymbol>().Any(Vocabulary.HasLockContract)).ToList(),
            LazyThreadSafetyMode.ExecutionAndPublication);
        this.lockClasses = new Lazy<HashSet<string>>(
            () => same?.lockClasses.Value ?? new HashSet<string>(
                SourceTypes(compilation).SelectMany(t => t.GetMembers()).SelectMany(m => Vocabulary.Get(m, Vocabulary.LockClass)).SelectMany(Vocabulary.Strings),
                StringComparer.Ordinal),
            LazyThreadSafetyMode.ExecutionAndPublication);
        this.delegateTargets = new Lazy<DelegateTargets>(
            () => DelegateTargets.Build(compilation, this.GetSemanticModel, baseModel?.DelegateTargets, changedPaths),
            LazyThreadSafetyMode.ExecutionAndPublication);
        this.countedTypes = new Lazy<HashSet<ITypeSymbol>>(
            () => new HashSet<ITypeSymbol>(
                same != null ? Resolve(same.countedTypes.Value, compilation).OfType<ITypeSymbol>() :
                SourceTypes(compilation).SelectMany(t => t.GetMembers()).OfType<IMethodSymbol>().SelectMany(m => m.Parameters)
                    .Where(p => Vocabulary.Has(p, Vocabulary.ReleasesRef)).Select(p => p.Type.OriginalDefinition.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
                SymbolEqualityComparer.Default),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets the types holding the port's globals (those declaring methods with lock contracts).</summary>
    public IReadOnlyList<INamedTypeSymbol> GlobalHolders => this.holders.Value;

    public Compilation Compilation { get; }

    public DeclaredOrder Order => this.order.Value;

    /// <summary>Gets the methods stored into each delegate-typed member (what a call through it may run).</summary>
    public DelegateTargets DelegateTargets => this.delegateTargets.Value;

    public IEnumerable<KeyValuePair<IMethodSymbol, MethodResult>> Results => this.results;

    public static KernelModel For(Compilation compilation) => Models.GetValue(compilation, c => new KernelModel(c));

    /// <summary>
    /// A model for a compilation that differs from <paramref name="baseModel"/>'s in a few trees: the
    /// result of a method is taken from the base (by documentation id) until <see cref="MarkDirty"/>
    /// says it must be analysed again.
    /// </summary>
    /// <param name="compilation">The changed compilation.</param>
    /// <param name="baseModel">A model whose methods were all analysed.</param>
    /// <param name="changed">The trees of <paramref name="compilation"/> that differ.</param>
    /// <returns>The model (not registered for the analyzers).</returns>
    /// <param name="sameDeclarations">True when the edits changed method bodies only (no declaration, signature or attribute).</param>
    public static KernelModel Seeded(Compilation compilation, KernelModel baseModel, IEnumerable<SyntaxTree> changed, bool sameDeclarations) =>
        new KernelModel(compilation, baseModel, new HashSet<string>(changed.Select(t => t.FilePath), StringComparer.Ordinal), sameDeclarations) { seed = new Seed(baseModel) };

    /// <summary>Every type declared in source, nested ones included.</summary>
    /// <param name="compilation">The compilation.</param>
    /// <returns>The types.</returns>
    public static IEnumerable<INamedTypeSymbol> SourceTypes(Compilation compilation)
    {
        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(compilation.Assembly.GlobalNamespace);
        while (stack.Count > 0)
        {
            foreach (var member in stack.Pop().GetMembers())
            {
                if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
                {
                    yield return type;
                    stack.Push(type);
                }
                else if (member is INamespaceSymbol child)
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>Gets whether a method is worth analysing (it has a body in source).</summary>
    /// <param name="method">The method.</param>
    /// <returns>True for analysable methods.</returns>
    public static bool IsAnalysable(IMethodSymbol method) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.ExplicitInterfaceImplementation;

    /// <summary>Gets whether the analysis infers a contract for the method (non-public, no lock or ref annotations).</summary>
    /// <param name="method">The method.</param>
    /// <returns>True when summaries stand in for annotations.</returns>
    public static bool IsInferable(IMethodSymbol method) =>
        method.DeclaredAccessibility != Accessibility.Public && method.MethodKind != MethodKind.AnonymousFunction && !Vocabulary.HasLockContract(method);

    /// <summary>Gets whether a hierarchy entry names a lock class.</summary>
    /// <param name="name">"pidmap_lock", "sighand_struct.siglock", a __lock_class name, or "rcu".</param>
    /// <returns>True when it does.</returns>
    public bool IsLockClass(string name)
    {
        name = name.Trim();
        if (name == "rcu" || this.lockClasses.Value.Contains(name))
        {
            return true;
        }

        var segs = name.Split('.').Select(x => x.Trim().TrimStart('@')).ToArray();
        if (this.GlobalHolders.Any(t => LockResolver.Walks(t, segs, 0)))
        {
            return true;
        }

        return segs.Length >= 2 && this.Compilation.GetSymbolsWithName(segs[0], SymbolFilter.Type).OfType<INamedTypeSymbol>().Any(t => LockResolver.Walks(t, segs, 1));
    }

    /// <summary>Gets whether objects of a type carry a reference count (some put function takes one).</summary>
    /// <param name="type">The type.</param>
    /// <returns>True for pid, dentry, file, cred, ...</returns>
    public bool IsCounted(ITypeSymbol type) => this.countedTypes.Value.Contains(type.OriginalDefinition.WithNullableAnnotation(NullableAnnotation.NotAnnotated));

    /// <summary>Gets the counted instance fields of a struct (a struct path's mnt and dentry); none for a class.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The fields whose type carries a reference count.</returns>
    public IEnumerable<IFieldSymbol> CountedFields(ITypeSymbol type) =>
        type.IsValueType ? type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && this.IsCounted(f.Type)) : Enumerable.Empty<IFieldSymbol>();

    public MethodResult Analyze(IMethodSymbol method, CancellationToken cancellationToken) =>
        this.Analyze(method, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);

    public MethodResult Analyze(IMethodSymbol method, HashSet<IMethodSymbol> stack, CancellationToken cancellationToken)
    {
        method = Normalise(method);
        if (this.results.TryGetValue(method, out var cached))
        {
            return cached;
        }

        if (this.seed != null && this.seed.TryGet(method, out var seeded))
        {
            return this.results.GetOrAdd(method, seeded);
        }

        if (!stack.Add(method))
        {
            return MethodResult.Empty;
        }

        var claim = AnalysisClaims.Outcome.Unowned;
        try
        {
            claim = this.claims.Claim(method, stack, () => this.results.ContainsKey(method), cancellationToken);
            if (claim == AnalysisClaims.Outcome.Ready && this.results.TryGetValue(method, out var ready))
            {
                return ready;
            }

            MethodResult result;
            try
            {
                result = this.Compute(method, stack, cancellationToken) ?? MethodResult.Empty;
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                // an unexpected shape: no rule was checked, so say so instead of staying silent
                result = GaveUp(method, e.GetType().Name + " (" + e.Message + ") at " + FirstFrame(e));
            }

            return this.results.GetOrAdd(method, result);
        }
        finally
        {
            stack.Remove(method);
            if (claim == AnalysisClaims.Outcome.Owned)
            {
                this.claims.Release(method);
            }
        }
    }

    /// <summary>Records the result of a method analysed by its container (a local function).</summary>
    /// <param name="method">The method.</param>
    /// <param name="result">Its result.</param>
    public void Store(IMethodSymbol method, MethodResult result) => this.results[Normalise(method)] = result;

    /// <summary>Makes a seeded model analyse a method again (its body, or a callee's summary, changed).</summary>
    /// <param name="method">The method.</param>
    public void MarkDirty(IMethodSymbol method)
    {
        method = Normalise(method);
        var id = method.GetDocumentationCommentId();
        if (id != null)
        {
            this.seed?.Dirty.Add(id);
        }

        this.results.TryRemove(method, out _);
    }

    /// <summary>Gets the result a seeded model's base has for a method.</summary>
    /// <param name="method">The method.</param>
    /// <returns>The base's result, or null for a method the base does not have.</returns>
    public MethodResult? BaseResult(IMethodSymbol method)
    {
        var id = Normalise(method).GetDocumentationCommentId();
        return id != null && this.seed != null && this.seed.ById.TryGetValue(id, out var r) ? r : null;
    }

    /// <summary>Analyses every method with a body in the compilation (for the lock graph tool).</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    public void AnalyzeAll(CancellationToken cancellationToken)
    {
        foreach (var tree in this.Compilation.SyntaxTrees)
        {
            var model = this.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(node, cancellationToken) is IMethodSymbol m)
                {
                    this.Analyze(m, cancellationToken);
                }
            }
        }
    }

    /// <summary>The result of a method the analysis could not finish: one KRN9001 and an empty summary.</summary>
    /// <param name="method">The method.</param>
    /// <param name="why">Why.</param>
    /// <returns>The result.</returns>
    internal static MethodResult GaveUp(IMethodSymbol method, string why)
    {
        var at = method.Locations.FirstOrDefault() ?? Location.None;
        var finding = new Finding(Descriptors.NotAnalysed, at, null, new object[] { method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), why });
        return new MethodResult(new List<Finding> { finding }, MethodSummary.Empty, new List<LockEdgeInfo>());
    }

    internal static IMethodSymbol Normalise(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        method = method.OriginalDefinition;
        return method.PartialImplementationPart ?? method;
    }

    internal SemanticModel GetSemanticModel(SyntaxTree tree) =>
#pragma warning disable RS1030 // the driver's SemanticModelProvider makes this the cached model; callee bodies live in other trees
        this.semanticModels.GetOrAdd(tree, t => this.Compilation.GetSemanticModel(t));
#pragma warning restore RS1030

    /// <summary>The symbols of another compilation, found again in this one by documentation id.</summary>
    private static IEnumerable<ISymbol> Resolve(IEnumerable<ISymbol> symbols, Compilation compilation)
    {
        foreach (var symbol in symbols)
        {
            var id = symbol.GetDocumentationCommentId();
            var found = id == null ? null : DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation);
            if (found != null)
            {
                yield return found;
            }
        }
    }

    private static string FirstFrame(Exception e)
    {
        var trace = e.StackTrace ?? string.Empty;
        var line = trace.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "?";
        return line.StartsWith("at ", StringComparison.Ordinal) ? line.Substring(3) : line;
    }

    private static SyntaxNode? BodyOf(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax();
            switch (node)
            {
                case BaseMethodDeclarationSyntax m when m.Body != null || m.ExpressionBody != null:
                    return m;
                case AccessorDeclarationSyntax a when a.Body != null || a.ExpressionBody != null:
                    return a;
            }
        }

        return null;
    }

    /*
     * A __context_unsafe member: no rule is checked in it and its callers learn nothing from it that could
     * raise a finding about its own contract (sleeping, references, required locks), but the locks it takes
     * are still the lock graph's (its own nestings, and those it adds under its callers' locks), so the
     * static graph the runtime's lockdep edges are compared with has no hole where it is. A method the
     * analysis could not finish is still reported.
     */
    private static MethodResult LockGraphOnly(MethodResult result)
    {
        var summary = new MethodSummary();
        foreach (var kv in result.Summary.Acquired)
        {
            summary.Acquired[kv.Key] = kv.Value;
        }

        foreach (var kv in result.Summary.AcquiredThroughParameter)
        {
            summary.AcquiredThroughParameter[kv.Key] = kv.Value;
        }

        return new MethodResult(result.Findings.Where(f => f.Descriptor.Id == Descriptors.NotAnalysed.Id).ToList(), summary, result.Edges);
    }

    /// <summary>Results of a base model, looked up by documentation id, for the methods not marked dirty.</summary>
    private MethodResult? Compute(IMethodSymbol method, HashSet<IMethodSymbol> stack, CancellationToken cancellationToken)
    {
        TestSeams.BeforeMethod?.Invoke(method);

        // the lock primitives and the guard/free types' Dispose are the other half of what we model
        if (Vocabulary.LockOpOf(method) != null || method.Name == "Dispose")
        {
            return null;
        }

        var tree = method.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree;
        if (!IsAnalysable(method) || tree == null || !this.Compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

        var body = BodyOf(method);
        if (body == null)
        {
            return null;
        }

        var model = this.GetSemanticModel(body.SyntaxTree);
        var operation = model.GetOperation(body, cancellationToken);
        ControlFlowGraph? cfg = operation switch
        {
            IMethodBodyOperation mb => ControlFlowGraph.Create(mb, cancellationToken),
            IConstructorBodyOperation cb => ControlFlowGraph.Create(cb, cancellationToken),
            _ => null,
        };
        if (cfg == null)
        {
            return null;
        }

        var result = new MethodFlow(this, method, cfg, body, stack, cancellationToken).Run();
        var unsafeMember = Vocabulary.Has(method, Vocabulary.ContextUnsafe) || (method.AssociatedSymbol != null && Vocabulary.Has(method.AssociatedSymbol, Vocabulary.ContextUnsafe));
        return unsafeMember && result != null ? LockGraphOnly(result) : result;
    }

    private sealed class Seed
    {
        public Seed(KernelModel baseModel)
        {
            foreach (var kv in baseModel.results)
            {
                var id = kv.Key.GetDocumentationCommentId();
                if (id != null)
                {
                    this.ById[id] = kv.Value;
                }
            }
        }

        /// <summary>Gets the base's results by documentation id.</summary>
        public Dictionary<string, MethodResult> ById { get; } = new Dictionary<string, MethodResult>(StringComparer.Ordinal);

        /// <summary>Gets the documentation ids of the methods analysed again.</summary>
        public HashSet<string> Dirty { get; } = new HashSet<string>(StringComparer.Ordinal);

        public bool TryGet(IMethodSymbol method, out MethodResult result)
        {
            result = MethodResult.Empty;
            var id = method.GetDocumentationCommentId();
            if (id == null || this.Dirty.Contains(id) || !this.ById.TryGetValue(id, out var found))
            {
                return false;
            }

            result = found;
            return true;
        }
    }
}
