// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// What an edit of one file changed, member by member (methods, constructors, properties), and which
/// members of a file mention a name. An incremental analysis needs both: an edited method is analysed
/// again, and so is every method that may call one whose summary changed.
/// </summary>
internal sealed class TreeDiff
{
    private static readonly ConditionalWeakTable<SyntaxTree, Dictionary<string, List<SyntaxNode>>> Mentions = new ConditionalWeakTable<SyntaxTree, Dictionary<string, List<SyntaxNode>>>();

    private static readonly ConditionalWeakTable<SyntaxTree, HashSet<string>> MethodNames = new ConditionalWeakTable<SyntaxTree, HashSet<string>>();

    private TreeDiff(bool structural, List<SyntaxNode> changed, List<SyntaxNode> removed, HashSet<string> forcedNames)
    {
        this.Structural = structural;
        this.Changed = changed;
        this.Removed = removed;
        this.ForcedNames = forcedNames;
    }

    /// <summary>
    /// Gets a value indicating whether something other than a method-like member changed (a field, a type's
    /// header, an attribute of the assembly, a using): every method of the file must be analysed again.
    /// </summary>
    public bool Structural { get; }

    /// <summary>Gets the method-like members of the new tree whose text changed or that are new.</summary>
    public List<SyntaxNode> Changed { get; }

    /// <summary>Gets the method-like members of the old tree that the new one no longer has.</summary>
    public List<SyntaxNode> Removed { get; }

    /// <summary>
    /// Gets the names of members whose callers must be analysed again whatever their new summary: their
    /// signature or attributes changed, or they were added or removed.
    /// </summary>
    public HashSet<string> ForcedNames { get; }

    /// <summary>Compares two versions of a file.</summary>
    /// <param name="before">The old tree.</param>
    /// <param name="after">The new tree.</param>
    /// <returns>The differences.</returns>
    public static TreeDiff Compare(SyntaxTree before, SyntaxTree after)
    {
        var oldMembers = MethodLike(before.GetRoot());
        var newMembers = MethodLike(after.GetRoot());
        var structural = !Skeleton(before.GetRoot(), oldMembers).IsEquivalentTo(Skeleton(after.GetRoot(), newMembers), topLevel: false);
        var oldByKey = ByKey(oldMembers);
        var newByKey = ByKey(newMembers);
        var changed = new List<SyntaxNode>();
        var forced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kv in newByKey)
        {
            if (!oldByKey.TryGetValue(kv.Key, out var olds) || olds.Count != kv.Value.Count)
            {
                changed.AddRange(kv.Value);
                forced.UnionWith(kv.Value.Select(NameOf));
                continue;
            }

            for (var i = 0; i < olds.Count; i++)
            {
                if (olds[i].IsEquivalentTo(kv.Value[i], topLevel: false))
                {
                    continue;
                }

                changed.Add(kv.Value[i]);

                // a constructor's body is read at its callers too (which fields a new object starts with)
                if (kv.Value[i] is ConstructorDeclarationSyntax || !Header(olds[i]).IsEquivalentTo(Header(kv.Value[i]), topLevel: false))
                {
                    forced.Add(NameOf(kv.Value[i]));
                }
            }
        }

        var removed = oldByKey.Where(kv => !newByKey.TryGetValue(kv.Key, out var news) || news.Count != kv.Value.Count).SelectMany(kv => kv.Value).ToList();
        forced.UnionWith(removed.Select(NameOf));
        return new TreeDiff(structural, changed, removed, forced);
    }

    /// <summary>Gets the method-like members of a tree (methods, constructors, properties other than indexers).</summary>
    /// <param name="root">The tree's root.</param>
    /// <returns>The members, in source order.</returns>
    public static List<SyntaxNode> MethodLike(SyntaxNode root) =>
        root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .Where(n => n is MethodDeclarationSyntax or ConstructorDeclarationSyntax or PropertyDeclarationSyntax)
            .ToList();

    /// <summary>Gets the method-like members of a tree that mention an identifier (calls, method groups, object creations).</summary>
    /// <param name="tree">The tree.</param>
    /// <param name="name">The identifier.</param>
    /// <returns>The members.</returns>
    public static IReadOnlyList<SyntaxNode> Mentioning(SyntaxTree tree, string name) =>
        Mentions.GetValue(tree, IndexMentions).TryGetValue(name, out var list) ? list : (IReadOnlyList<SyntaxNode>)Array.Empty<SyntaxNode>();

    /// <summary>Gets the names of the methods a tree declares.</summary>
    /// <param name="tree">The tree.</param>
    /// <returns>The names.</returns>
    public static HashSet<string> DeclaredMethods(SyntaxTree tree) =>
        MethodNames.GetValue(tree, t => new HashSet<string>(MethodLike(t.GetRoot()).OfType<MethodDeclarationSyntax>().Select(m => m.Identifier.ValueText), StringComparer.Ordinal));

    /// <summary>Gets the name a call of a method-like member uses: the method's, the type's for a constructor, the property's.</summary>
    /// <param name="member">The member.</param>
    /// <returns>The name.</returns>
    public static string NameOf(SyntaxNode member) => member switch
    {
        MethodDeclarationSyntax m => m.Identifier.ValueText,
        ConstructorDeclarationSyntax c => c.Identifier.ValueText,
        PropertyDeclarationSyntax p => p.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary>Gets the name a call of a method uses (see <see cref="NameOf(SyntaxNode)"/>).</summary>
    /// <param name="method">The method.</param>
    /// <returns>The name.</returns>
    public static string NameOf(IMethodSymbol method) => method.MethodKind switch
    {
        MethodKind.PropertyGet or MethodKind.PropertySet => method.AssociatedSymbol?.Name ?? method.Name,
        MethodKind.Constructor or MethodKind.StaticConstructor => method.ContainingType.Name,
        _ => method.Name.Substring(method.Name.LastIndexOf('.') + 1),
    };

    private static Dictionary<string, List<SyntaxNode>> IndexMentions(SyntaxTree tree)
    {
        var index = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
        foreach (var member in MethodLike(tree.GetRoot()))
        {
            foreach (var name in member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).Distinct(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(name, out var list))
                {
                    index[name] = list = new List<SyntaxNode>();
                }

                list.Add(member);
            }
        }

        return index;
    }

    private static SyntaxNode Skeleton(SyntaxNode root, List<SyntaxNode> members) =>
        root.RemoveNodes(members, SyntaxRemoveOptions.KeepNoTrivia) ?? root;

    private static SyntaxNode Header(SyntaxNode member) => member switch
    {
        MethodDeclarationSyntax m => m.WithBody(null).WithExpressionBody(null),
        ConstructorDeclarationSyntax c => c.WithBody(null).WithExpressionBody(null),
        _ => member,
    };

    private static Dictionary<string, List<SyntaxNode>> ByKey(List<SyntaxNode> members)
    {
        var byKey = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
        foreach (var m in members)
        {
            var key = KeyOf(m);
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = new List<SyntaxNode>();
            }

            list.Add(m);
        }

        return byKey;
    }

    private static string KeyOf(SyntaxNode member)
    {
        var types = string.Join(".", member.Ancestors().OfType<BaseTypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.ValueText));
        var parameters = member switch
        {
            MethodDeclarationSyntax m => "`" + (m.TypeParameterList?.Parameters.Count ?? 0) + Normalise(m.ParameterList),
            ConstructorDeclarationSyntax c => (c.Modifiers.Any(SyntaxKind.StaticKeyword) ? "static" : string.Empty) + Normalise(c.ParameterList),
            _ => string.Empty,
        };
        return member.Kind() + " " + types + "." + NameOf(member) + parameters;
    }

    private static string Normalise(ParameterListSyntax list) =>
        "(" + string.Join(",", list.Parameters.Select(p => string.Concat(p.Modifiers.Select(m => m.ValueText + " ")) + p.Type?.WithoutTrivia().ToString())) + ")";
}
