// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pidfs.Analyzers.Core;

namespace Pidfs.Analyzers;

/// <summary>
/// The whole analysis of a compilation without the analyzer driver: every method's findings, the
/// contract checks and the lock graph. <see cref="Reanalyze"/> analyses a variant of the compilation
/// (a few trees replaced) reusing the results of every method of the unchanged trees, which is how the
/// planted-bug suite checks dozens of edited kernels in seconds.
/// </summary>
public sealed class KernelAnalysis
{
    private readonly KernelModel model;
    private readonly KernelAnalysis? baseAnalysis;
    private readonly HashSet<SyntaxTree> analysed;

    private KernelAnalysis(KernelModel model, KernelAnalysis? baseAnalysis, IEnumerable<SyntaxTree> trees, CancellationToken cancellationToken)
    {
        this.model = model;
        this.baseAnalysis = baseAnalysis;
        this.analysed = new HashSet<SyntaxTree>(trees);
        var found = new List<Diagnostic>();
        foreach (var tree in this.analysed.OrderBy(t => t.FilePath, System.StringComparer.Ordinal))
        {
            found.AddRange(this.AnalyzeTree(tree, cancellationToken));
        }

        this.Diagnostics = found.ToImmutableArray();
    }

    /// <summary>Gets the findings in the analysed trees (all trees for <see cref="Run"/>).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Analyses every method of the compilation.</summary>
    /// <param name="compilation">The compilation.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The analysis.</returns>
    public static KernelAnalysis Run(Compilation compilation, CancellationToken cancellationToken = default) =>
        new KernelAnalysis(KernelModel.For(compilation), null, compilation.SyntaxTrees, cancellationToken);

    /// <summary>
    /// Analyses a variant of this analysis' compilation in which <paramref name="changed"/> replaced
    /// some trees: only the methods of the changed trees are analysed again.
    /// </summary>
    /// <param name="compilation">The variant.</param>
    /// <param name="changed">Its new trees.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The analysis; <see cref="Diagnostics"/> holds the findings in the changed trees.</returns>
    public KernelAnalysis Reanalyze(Compilation compilation, IReadOnlyCollection<SyntaxTree> changed, CancellationToken cancellationToken = default) =>
        new KernelAnalysis(KernelModel.Seeded(compilation, this.model, changed), this, changed, cancellationToken);

    /// <summary>Gets the lock graph: every method's edges (for a variant, the base's outside the changed trees).</summary>
    /// <returns>The graph.</returns>
    public LockGraph Graph()
    {
        var edges = this.model.Results.SelectMany(r => r.Value.Edges);
        if (this.baseAnalysis != null)
        {
            var paths = new HashSet<string>(this.analysed.Select(t => t.FilePath), System.StringComparer.Ordinal);
            edges = edges.Where(e => paths.Contains(e.FilePath)).Concat(this.baseAnalysis.Graph().Edges.Where(e => !paths.Contains(e.FilePath)));
        }

        return LockGraph.FromEdges(edges);
    }

    private IEnumerable<Diagnostic> AnalyzeTree(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var semantic = this.model.GetSemanticModel(tree);
        var root = tree.GetRoot(cancellationToken);
        foreach (var node in root.DescendantNodes())
        {
            ISymbol? symbol = node switch
            {
                BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BaseTypeDeclarationSyntax or VariableDeclaratorSyntax or PropertyDeclarationSyntax => semantic.GetDeclaredSymbol(node, cancellationToken),
                _ => null,
            };
            if (symbol == null)
            {
                continue;
            }

            foreach (var f in ContractCheck.Check(symbol, this.model, a => a.ApplicationSyntaxReference?.SyntaxTree == tree))
            {
                yield return f.ToDiagnostic();
            }

            if (symbol is IMethodSymbol method && KernelModel.IsAnalysable(method))
            {
                foreach (var f in this.model.Analyze(method, cancellationToken).Findings)
                {
                    yield return f.ToDiagnostic();
                }
            }
        }

        foreach (var f in ContractCheck.Check(this.model.Compilation.Assembly, this.model, a => a.ApplicationSyntaxReference?.SyntaxTree == tree))
        {
            yield return f.ToDiagnostic();
        }
    }
}
