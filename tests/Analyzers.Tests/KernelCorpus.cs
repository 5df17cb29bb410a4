// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// kernel/ compiled and analysed once per test run; a variant with one file edited reuses the parsed
/// trees and the result of every method its edit cannot change (<see cref="KernelAnalysis.Reanalyze"/>).
/// </summary>
internal static class KernelCorpus
{
    private static readonly Lazy<(CSharpCompilation Compilation, KernelAnalysis Analysis)> Base = new(
        () =>
        {
            var compilation = Repo.Kernel();
            return (compilation, KernelAnalysis.Run(compilation));
        },
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the kernel compilation.</summary>
    public static CSharpCompilation Compilation => Base.Value.Compilation;

    /// <summary>Gets the analysis of the unchanged kernel.</summary>
    public static KernelAnalysis Analysis => Base.Value.Analysis;

    /// <summary>Gets the text of a kernel file as the corpus compiled it.</summary>
    /// <param name="relative">"kernel/kernel/pid.cs".</param>
    /// <returns>The text.</returns>
    public static string Text(string relative) => TreeOf(relative).GetText().ToString();

    /// <summary>Analyses the kernel with one file's text replaced; fails on compile errors in that file.</summary>
    /// <param name="relative">The file, relative to the repository root.</param>
    /// <param name="text">Its new text.</param>
    /// <returns>The findings in that file and the variant's analysis.</returns>
    public static (List<Diagnostic> Found, KernelAnalysis Analysis) Variant(string relative, string text)
    {
        var old = TreeOf(relative);
        var tree = CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)old.Options, old.FilePath);
        var compilation = Compilation.ReplaceSyntaxTree(old, tree);
        var analysis = Analysis.Reanalyze(compilation, new[] { tree });

        // the edited members must compile (binding the whole file again per variant would double its cost)
        var errors = compilation.GetSemanticModel(tree).GetMethodBodyDiagnostics(Edited(old.GetText().ToString(), tree)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, relative + " does not compile after the edit:\n" + string.Join("\n", errors.Take(10)));
        return (analysis.Diagnostics.ToList(), analysis);
    }

    /// <summary>The members of the new text that differ from the old.</summary>
    private static TextSpan Edited(string before, SyntaxTree tree)
    {
        var after = tree.GetText().ToString();
        var prefix = 0;
        while (prefix < before.Length && prefix < after.Length && before[prefix] == after[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < before.Length - prefix && suffix < after.Length - prefix && before[before.Length - 1 - suffix] == after[after.Length - 1 - suffix])
        {
            suffix++;
        }

        // whole members: a deletion must still leave its method compiling (definite assignment, labels)
        var root = tree.GetRoot();
        int Member(int position, bool end)
        {
            var token = root.FindToken(Math.Min(position, Math.Max(0, after.Length - 1)));
            var member = token.Parent?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax);
            return member == null ? position : end ? Math.Max(position, member.Span.End) : Math.Min(position, member.Span.Start);
        }

        return TextSpan.FromBounds(Member(prefix, false), Member(Math.Max(prefix, after.Length - suffix), true));
    }

    private static SyntaxTree TreeOf(string relative)
    {
        var tree = Compilation.SyntaxTrees.FirstOrDefault(t => Path.GetRelativePath(Repo.Root, t.FilePath).Replace('\\', '/') == relative);
        Assert.True(tree != null, relative + " is not part of kernel/");
        return tree!;
    }
}
