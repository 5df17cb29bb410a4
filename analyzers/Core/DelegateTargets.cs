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

    private DelegateTargets(Dictionary<ISymbol, List<IMethodSymbol>> byMember)
    {
        this.byMember = byMember;
    }

    /// <summary>Finds every method group stored into a delegate-typed member (assignments, object initializers, field initializers).</summary>
    /// <param name="compilation">The compilation.</param>
    /// <param name="models">The semantic model of a tree.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The index.</returns>
    public static DelegateTargets Build(Compilation compilation, Func<SyntaxTree, SemanticModel> models, CancellationToken cancellationToken = default)
    {
        var byMember = new Dictionary<ISymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = models(tree);
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
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
            }
        }

        return new DelegateTargets(byMember);
    }

    /// <summary>The methods ever stored into a member.</summary>
    /// <param name="member">The delegate-typed field or property.</param>
    /// <returns>The methods, in source order.</returns>
    public IReadOnlyList<IMethodSymbol> Of(ISymbol member) =>
        this.byMember.TryGetValue(member.OriginalDefinition, out var list) ? list : (IReadOnlyList<IMethodSymbol>)Array.Empty<IMethodSymbol>();

    private static ITypeSymbol? TypeOf(ISymbol s) => s switch
    {
        IFieldSymbol f => f.Type,
        IPropertySymbol p => p.Type,
        _ => null,
    };
}
