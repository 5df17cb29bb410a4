// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// The methods stored into each delegate-typed field or property (the port's ops tables:
/// <c>new xattr_handler { set = this.pidfs_xattr_set }</c>), so that a call through the field reaches
/// them, as a whole-program call graph follows a function pointer by the member it is stored in.
/// </summary>
internal sealed class DelegateTargets
{
    private readonly Dictionary<ISymbol, List<IMethodSymbol>> byMember;

    /// <summary>Each file's stores, by documentation ids (member, method), so a variant of the compilation can reuse them.</summary>
    private readonly Dictionary<string, List<(string Member, string Method)>> byTree;

    private DelegateTargets(Dictionary<ISymbol, List<IMethodSymbol>> byMember, Dictionary<string, List<(string Member, string Method)>> byTree)
    {
        this.byMember = byMember;
        this.byTree = byTree;
    }

    /// <summary>Finds every method group stored into a delegate-typed member (assignments, object initializers, field initializers).</summary>
    /// <param name="compilation">The compilation.</param>
    /// <param name="models">The semantic model of a tree.</param>
    /// <param name="reuse">The index of a compilation this one differs from in <paramref name="changedPaths"/> only: the other files' stores are taken from it.</param>
    /// <param name="changedPaths">The files that differ from <paramref name="reuse"/>'s compilation.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The index.</returns>
    public static DelegateTargets Build(Compilation compilation, Func<SyntaxTree, SemanticModel> models, DelegateTargets? reuse = null, ISet<string>? changedPaths = null, CancellationToken cancellationToken = default)
    {
        var byMember = new Dictionary<ISymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        var byTree = new Dictionary<string, List<(string Member, string Method)>>(StringComparer.Ordinal);
        var methods = new HashSet<string>(compilation.SyntaxTrees.SelectMany(TreeDiff.DeclaredMethods), StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (reuse != null && changedPaths != null && !changedPaths.Contains(tree.FilePath) && reuse.byTree.TryGetValue(tree.FilePath, out var known))
            {
                byTree[tree.FilePath] = known;
                foreach (var (memberId, methodId) in known)
                {
                    var member = DocumentationCommentId.GetFirstSymbolForDeclarationId(memberId, compilation);
                    if (member != null && DocumentationCommentId.GetFirstSymbolForDeclarationId(methodId, compilation) is IMethodSymbol target)
                    {
                        Add(byMember, member, target);
                    }
                }

                continue;
            }

            var stores = byTree[tree.FilePath] = new List<(string, string)>();
            var model = models(tree);
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                // only a method group is stored: a name, or a member access, naming a method of the port (binding every assignment would bind every body)
                var stored = node switch
                {
                    AssignmentExpressionSyntax a => a.Right,
                    VariableDeclaratorSyntax v => v.Initializer?.Value,
                    PropertyDeclarationSyntax p => p.Initializer?.Value,
                    _ => null,
                };
                var name = stored switch
                {
                    SimpleNameSyntax id => id.Identifier.ValueText,
                    MemberAccessExpressionSyntax ma => ma.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name == null || !methods.Contains(name))
                {
                    continue;
                }

                var (target, value) = node switch
                {
                    AssignmentExpressionSyntax a when a.IsKind(SyntaxKind.SimpleAssignmentExpression) => (model.GetSymbolInfo(a.Left, cancellationToken).Symbol, a.Right),
                    VariableDeclaratorSyntax { Initializer: { } init } v => (model.GetDeclaredSymbol(v, cancellationToken), init.Value),
                    PropertyDeclarationSyntax { Initializer: { } init } p => (model.GetDeclaredSymbol(p, cancellationToken), init.Value),
                    _ => (null, null),
                };
                if (target is not (IFieldSymbol or IPropertySymbol) || value == null || TypeOf(target)?.TypeKind != TypeKind.Delegate)
                {
                    continue;
                }

                if (model.GetSymbolInfo(value, cancellationToken).Symbol is IMethodSymbol method && method.MethodKind == MethodKind.Ordinary)
                {
                    Add(byMember, target, method);
                    var memberId = target.OriginalDefinition.GetDocumentationCommentId();
                    var methodId = method.OriginalDefinition.GetDocumentationCommentId();
                    if (memberId != null && methodId != null)
                    {
                        stores.Add((memberId, methodId));
                    }
                }
            }
        }

        return new DelegateTargets(byMember, byTree);
    }

    /// <summary>The methods ever stored into a member.</summary>
    /// <param name="member">The delegate-typed field or property.</param>
    /// <returns>The methods, in source order.</returns>
    public IReadOnlyList<IMethodSymbol> Of(ISymbol member) =>
        this.byMember.TryGetValue(member.OriginalDefinition, out var list) ? list : (IReadOnlyList<IMethodSymbol>)Array.Empty<IMethodSymbol>();

    /// <summary>Gets the members a method is stored into (the names its callers through an ops table use).</summary>
    /// <param name="method">The method.</param>
    /// <returns>The members.</returns>
    public IEnumerable<ISymbol> StoringInto(IMethodSymbol method) =>
        this.byMember.Where(kv => kv.Value.Contains(method.OriginalDefinition, SymbolEqualityComparer.Default)).Select(kv => kv.Key);

    /// <summary>Gets the names of members whose stores differ between this index and another one in some files.</summary>
    /// <param name="other">The other index.</param>
    /// <param name="paths">The files compared.</param>
    /// <returns>The member names (the text of a documentation id after its last dot).</returns>
    public IEnumerable<string> ChangedMembers(DelegateTargets other, IEnumerable<string> paths)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var mine = this.byTree.TryGetValue(path, out var a) ? a : new List<(string, string)>();
            var theirs = other.byTree.TryGetValue(path, out var b) ? b : new List<(string, string)>();
            foreach (var (member, _) in mine.Except(theirs).Concat(theirs.Except(mine)))
            {
                names.Add(member.Substring(member.LastIndexOf('.') + 1));
            }
        }

        return names;
    }

    private static void Add(Dictionary<ISymbol, List<IMethodSymbol>> byMember, ISymbol target, IMethodSymbol method)
    {
        var key = target.OriginalDefinition;
        if (!byMember.TryGetValue(key, out var list))
        {
            byMember[key] = list = new List<IMethodSymbol>();
        }

        if (!list.Contains(method.OriginalDefinition, SymbolEqualityComparer.Default))
        {
            list.Add(method.OriginalDefinition);
        }
    }

    private static ITypeSymbol? TypeOf(ISymbol s) => s switch
    {
        IFieldSymbol f => f.Type,
        IPropertySymbol p => p.Type,
        _ => null,
    };
}
