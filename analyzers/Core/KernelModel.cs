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
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> semanticModels = new ConcurrentDictionary<SyntaxTree, SemanticModel>();
    private readonly Lazy<DeclaredOrder> order;

    private KernelModel(Compilation compilation)
    {
        this.Compilation = compilation;
        this.order = new Lazy<DeclaredOrder>(() => DeclaredOrder.Build(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Compilation Compilation { get; }

    public DeclaredOrder Order => this.order.Value;

    public IEnumerable<KeyValuePair<IMethodSymbol, MethodResult>> Results => this.results;

    public static KernelModel For(Compilation compilation) => Models.GetValue(compilation, c => new KernelModel(c));

    /// <summary>Gets whether a method is worth analysing (it has a body in source).</summary>
    /// <param name="method">The method.</param>
    /// <returns>True for analysable methods.</returns>
    public static bool IsAnalysable(IMethodSymbol method) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.ExplicitInterfaceImplementation;

    /// <summary>Gets whether the analysis infers a contract for the method (non-public, no lock or ref annotations).</summary>
    /// <param name="method">The method.</param>
    /// <returns>True when summaries stand in for annotations.</returns>
    public static bool IsInferable(IMethodSymbol method) =>
        method.DeclaredAccessibility != Accessibility.Public && !Vocabulary.HasLockContract(method);

    public MethodResult Analyze(IMethodSymbol method, CancellationToken cancellationToken) =>
        this.Analyze(method, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);

    public MethodResult Analyze(IMethodSymbol method, HashSet<IMethodSymbol> stack, CancellationToken cancellationToken)
    {
        method = Normalise(method);
        if (this.results.TryGetValue(method, out var cached))
        {
            return cached;
        }

        if (!stack.Add(method))
        {
            return MethodResult.Empty;
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
        catch (Exception)
        {
            // an unexpected shape: skip the method rather than crash the build (AD0001)
            result = MethodResult.Empty;
        }
        finally
        {
            stack.Remove(method);
        }

        return this.results.GetOrAdd(method, result);
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

    private MethodResult? Compute(IMethodSymbol method, HashSet<IMethodSymbol> stack, CancellationToken cancellationToken)
    {
        // the lock primitives and the guard/free types' Dispose are the other half of what we model
        if (Vocabulary.LockOps.ContainsKey(method.Name) || method.Name == "Dispose" || Vocabulary.Has(method, Vocabulary.ContextUnsafe) ||
            (method.AssociatedSymbol != null && Vocabulary.Has(method.AssociatedSymbol, Vocabulary.ContextUnsafe)))
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

        return new MethodFlow(this, method, cfg, body, stack, cancellationToken).Run();
    }
}
