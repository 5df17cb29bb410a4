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
/// (a few trees replaced) incrementally: the edited methods, then every method that may call one
/// whose summary changed, until no summary changes; every other result is the base's. That is how
/// the planted-bug suite checks dozens of edited kernels in seconds.
/// </summary>
public sealed class KernelAnalysis
{
    /// <summary>How often one method is analysed again in a variant before its summary is taken as it stands (mutual recursion).</summary>
    private const int MaxRounds = 4;

    private readonly KernelModel model;
    private readonly KernelAnalysis? baseAnalysis;
    private readonly HashSet<SyntaxTree> analysed;

    /// <summary>For a variant: the methods analysed again, by documentation id, and the base's methods that no longer exist.</summary>
    private readonly Dictionary<string, IMethodSymbol> redone = new Dictionary<string, IMethodSymbol>(System.StringComparer.Ordinal);
    private readonly HashSet<string> removed = new HashSet<string>(System.StringComparer.Ordinal);

    private KernelAnalysis(KernelModel model, KernelAnalysis? baseAnalysis, IEnumerable<SyntaxTree> trees, IReadOnlyDictionary<SyntaxTree, TreeDiff?>? diffs, CancellationToken cancellationToken)
    {
        this.model = model;
        this.baseAnalysis = baseAnalysis;
        this.analysed = new HashSet<SyntaxTree>(trees);
        var found = new List<Diagnostic>();
        if (baseAnalysis != null)
        {
            found.AddRange(this.AnalyzeChanges(baseAnalysis, diffs!, cancellationToken));
        }

        foreach (var tree in this.analysed.OrderBy(t => t.FilePath, System.StringComparer.Ordinal))
        {
            // a variant whose edit stayed inside some members checks the contracts of those members only
            var diff = diffs != null && diffs.TryGetValue(tree, out var d) ? d : null;
            found.AddRange(diff != null && !diff.Structural
                ? diff.Changed.SelectMany(m => this.CheckContracts(m, tree, cancellationToken))
                : this.AnalyzeTree(tree, baseAnalysis == null, cancellationToken));
        }

        this.Diagnostics = found.ToImmutableArray();
    }

    /// <summary>Gets the findings: for <see cref="Run"/> all of them; for a variant those of the methods analysed again and the contract checks of the changed trees.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Gets the number of methods a variant analysed again (0 for <see cref="Run"/>).</summary>
    public int Reanalysed => this.redone.Count;

    /// <summary>Analyses every method of the compilation.</summary>
    /// <param name="compilation">The compilation.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The analysis.</returns>
    public static KernelAnalysis Run(Compilation compilation, CancellationToken cancellationToken = default) =>
        new KernelAnalysis(KernelModel.For(compilation), null, compilation.SyntaxTrees, null, cancellationToken);

    /// <summary>
    /// Analyses a variant of this analysis' compilation in which <paramref name="changed"/> replaced
    /// some trees: only the edited methods and, transitively, the callers of methods whose summary
    /// changed are analysed again (a change outside method bodies analyses the whole tree again).
    /// </summary>
    /// <param name="compilation">The variant.</param>
    /// <param name="changed">Its new trees.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The analysis; <see cref="Diagnostics"/> holds the findings in the changed trees.</returns>
    public KernelAnalysis Reanalyze(Compilation compilation, IReadOnlyCollection<SyntaxTree> changed, CancellationToken cancellationToken = default)
    {
        var baseTrees = this.model.Compilation.SyntaxTrees.ToDictionary(t => t.FilePath, System.StringComparer.Ordinal);
        var diffs = changed.ToDictionary(t => t, t => baseTrees.TryGetValue(t.FilePath, out var before) ? TreeDiff.Compare(before, t) : null);
        var same = diffs.Values.All(d => d != null && !d.Structural && d.ForcedNames.Count == 0);
        return new KernelAnalysis(KernelModel.Seeded(compilation, this.model, changed, same), this, changed, diffs, cancellationToken);
    }

    /// <summary>Gets the lock graph: every method's edges (for a variant, the base's outside the changed trees).</summary>
    /// <returns>The graph.</returns>
    public LockGraph Graph() => LockGraph.FromEdges(this.baseAnalysis == null ? this.model.Results.SelectMany(r => r.Value.Edges) : this.ResultsById().Values.SelectMany(r => r.Edges));

    private static IEnumerable<IMethodSymbol> MethodsOf(ISymbol? symbol) => symbol switch
    {
        IMethodSymbol m => new[] { m },
        IPropertySymbol p => new[] { p.GetMethod, p.SetMethod }.Where(a => a != null).Select(a => a!),
        _ => Enumerable.Empty<IMethodSymbol>(),
    };

    /// <summary>Every method's result by documentation id (a variant's: the base's, with the methods analysed again replaced).</summary>
    private Dictionary<string, MethodResult> ResultsById()
    {
        Dictionary<string, MethodResult> byId;
        if (this.baseAnalysis == null)
        {
            byId = new Dictionary<string, MethodResult>(System.StringComparer.Ordinal);
            foreach (var kv in this.model.Results)
            {
                var id = kv.Key.GetDocumentationCommentId();
                if (id != null)
                {
                    byId[id] = kv.Value;
                }
            }

            return byId;
        }

        byId = this.baseAnalysis.ResultsById();
        foreach (var id in this.removed)
        {
            byId.Remove(id);
        }

        foreach (var kv in this.redone)
        {
            byId[kv.Key] = this.model.Analyze(kv.Value, CancellationToken.None);
        }

        return byId;
    }

    /// <summary>
    /// A variant: the changed methods are analysed again, then the callers (by name, in every tree) of
    /// each method whose summary now differs, until every summary is stable.
    /// </summary>
    private List<Diagnostic> AnalyzeChanges(KernelAnalysis baseAnalysis, IReadOnlyDictionary<SyntaxTree, TreeDiff?> diffs, CancellationToken cancellationToken)
    {
        var baseTrees = baseAnalysis.model.Compilation.SyntaxTrees.ToDictionary(t => t.FilePath, System.StringComparer.Ordinal);
        var work = new Queue<IMethodSymbol>();
        var queued = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var forced = new HashSet<string>(System.StringComparer.Ordinal);

        void Redo(IMethodSymbol m)
        {
            m = KernelModel.Normalise(m);
            if (!KernelModel.IsAnalysable(m))
            {
                return;
            }

            this.model.MarkDirty(m);
            var id = m.GetDocumentationCommentId();
            if (id != null)
            {
                this.redone[id] = m;
            }

            if (queued.Add(m))
            {
                work.Enqueue(m);
            }
        }

        foreach (var tree in this.analysed)
        {
            var semantic = this.model.GetSemanticModel(tree);
            IEnumerable<SyntaxNode> changed;
            if (diffs[tree] is { } diff)
            {
                var before = baseTrees[tree.FilePath];
                changed = diff.Structural ? TreeDiff.MethodLike(tree.GetRoot(cancellationToken)) : diff.Changed;
                forced.UnionWith(diff.ForcedNames);
                foreach (var node in diff.Removed)
                {
                    foreach (var m in MethodsOf(baseAnalysis.model.GetSemanticModel(before).GetDeclaredSymbol(node, cancellationToken)))
                    {
                        var id = m.GetDocumentationCommentId();
                        if (id != null)
                        {
                            this.removed.Add(id);
                        }
                    }
                }
            }
            else
            {
                changed = TreeDiff.MethodLike(tree.GetRoot(cancellationToken));
                forced.UnionWith(changed.Select(TreeDiff.NameOf));
            }

            foreach (var node in changed)
            {
                foreach (var m in MethodsOf(semantic.GetDeclaredSymbol(node, cancellationToken)))
                {
                    Redo(m);
                }
            }
        }

        // a changed ops-table store changes what a call through the member may run
        forced.UnionWith(this.model.DelegateTargets.ChangedMembers(baseAnalysis.model.DelegateTargets, this.analysed.Select(t => t.FilePath)));
        foreach (var name in forced)
        {
            foreach (var caller in this.Callers(name, cancellationToken))
            {
                Redo(caller);
            }
        }

        var shapes = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        var rounds = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        while (work.Count > 0)
        {
            var m = work.Dequeue();
            queued.Remove(m);
            rounds[m] = rounds.TryGetValue(m, out var n) ? n + 1 : 1;
            var shape = this.model.Analyze(m, cancellationToken).Summary.Shape();
            var before = shapes.TryGetValue(m, out var s) ? s : this.model.BaseResult(m)?.Summary.Shape();
            shapes[m] = shape;
            if (shape == before)
            {
                continue;
            }

            var names = new HashSet<string>(System.StringComparer.Ordinal) { TreeDiff.NameOf(m) };
            names.UnionWith(this.model.DelegateTargets.StoringInto(m).Select(x => x.Name));
            foreach (var caller in names.SelectMany(x => this.Callers(x, cancellationToken)))
            {
                if (!SymbolEqualityComparer.Default.Equals(caller, m) && (!rounds.TryGetValue(caller, out var r) || r < MaxRounds))
                {
                    Redo(caller);
                }
            }
        }

        this.removed.ExceptWith(this.redone.Keys);
        var found = new List<Diagnostic>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var m in this.redone.Values)
        {
            foreach (var f in this.model.Analyze(m, cancellationToken).Findings)
            {
                var d = f.ToDiagnostic();
                if (seen.Add(d.Id + d.Location + d.GetMessage()))
                {
                    found.Add(d);
                }
            }
        }

        return found.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ToList();
    }

    /// <summary>The methods of every tree whose body mentions a name.</summary>
    private IEnumerable<IMethodSymbol> Callers(string name, CancellationToken cancellationToken)
    {
        foreach (var tree in this.model.Compilation.SyntaxTrees)
        {
            var members = TreeDiff.Mentioning(tree, name);
            if (members.Count == 0)
            {
                continue;
            }

            var semantic = this.model.GetSemanticModel(tree);
            foreach (var node in members)
            {
                foreach (var m in MethodsOf(semantic.GetDeclaredSymbol(node, cancellationToken)))
                {
                    yield return m;
                }
            }
        }
    }

    private IEnumerable<Diagnostic> CheckContracts(SyntaxNode member, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var semantic = this.model.GetSemanticModel(tree);
        foreach (var node in member.DescendantNodesAndSelf(n => n == member || n is AccessorListSyntax).Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax))
        {
            var symbol = semantic.GetDeclaredSymbol(node, cancellationToken);
            if (symbol != null)
            {
                foreach (var f in ContractCheck.Check(symbol, this.model, a => a.ApplicationSyntaxReference?.SyntaxTree == tree))
                {
                    yield return f.ToDiagnostic();
                }
            }
        }
    }

    private IEnumerable<Diagnostic> AnalyzeTree(SyntaxTree tree, bool methods, CancellationToken cancellationToken)
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

            if (methods && symbol is IMethodSymbol method && KernelModel.IsAnalysable(method))
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
