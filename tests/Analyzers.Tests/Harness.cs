// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>Compiles test sources in memory and runs the kernel analyzers over them.</summary>
internal static class Harness
{
    /// <summary>The text wrapped before test members.</summary>
    public const string Prefix = "namespace Linux\n{\nusing System;\nusing Test.Contracts;\n\npublic sealed partial class vmlinux\n{\n";

    /// <summary>The text wrapped after test members.</summary>
    public const string Suffix = "\n}\n}\n";

    /// <summary>Parse options: the in-process Roslyn parses up to C# 13.</summary>
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.CSharp13);

    /// <summary>Every trusted platform assembly (for the kernel sources).</summary>
    public static readonly ImmutableArray<MetadataReference> AllReferences =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();

    /// <summary>The few references the in-memory unit tests need.</summary>
    public static readonly ImmutableArray<MetadataReference> CoreReferences =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll")
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();

    private static readonly SyntaxTree VocabularyTree = CSharpSyntaxTree.ParseText(Prelude.Vocabulary, ParseOptions, "Vocabulary.cs");
    private static readonly SyntaxTree KernelTree = CSharpSyntaxTree.ParseText(Prelude.Kernel, ParseOptions, "Kernel.cs");

    /// <summary>Gets all the kernel analyzers.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers => ImmutableArray.Create<DiagnosticAnalyzer>(
        new LockContextAnalyzer(),
        new LockOrderAnalyzer(),
        new LockCycleAnalyzer(),
        new RefcountAnalyzer(),
        new ReleasePathLockAnalyzer());

    /// <summary>
    /// Checks one case: <paramref name="members"/> are members of <c>vmlinux</c> (or, starting with
    /// "//raw", whole declarations in namespace Linux) with <c>{|ID:text|}</c> markup; every KRN
    /// diagnostic must be marked, and the messages (in source order) must equal <paramref name="messages"/>.
    /// </summary>
    /// <param name="members">The marked-up source.</param>
    /// <param name="messages">The expected messages in order of position.</param>
    public static void Verify(string members, params string[] messages)
    {
        var (text, expected) = Markup.Parse(members);
        var raw = text.StartsWith("//raw", StringComparison.Ordinal);
        var prefix = raw ? "namespace Linux\n{\nusing System;\nusing Test.Contracts;\n\n" : Prefix;
        var source = prefix + text + (raw ? "\n}\n" : Suffix);
        var diagnostics = Run(source, out var tree);
        var actual = diagnostics
            .Where(d => d.Id.StartsWith("KRN", StringComparison.Ordinal))
            .Select(d => (d.Id, Span: d.Location.SourceTree == tree ? new Microsoft.CodeAnalysis.Text.TextSpan(d.Location.SourceSpan.Start - prefix.Length, d.Location.SourceSpan.Length) : default, Message: d.GetMessage(), Tree: d.Location.SourceTree?.FilePath))
            .OrderBy(d => d.Span.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        var exp = expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var report = new StringBuilder();
        report.AppendLine("expected:");
        foreach (var e in exp)
        {
            report.AppendLine($"  {e.Id} {Where(text, e.Span.Start)} '{text.Substring(e.Span.Start, e.Span.Length)}'");
        }

        report.AppendLine("actual:");
        foreach (var a in actual)
        {
            var snippet = a.Tree == "Test0.cs" && a.Span.End <= text.Length && a.Span.Start >= 0 ? text.Substring(a.Span.Start, a.Span.Length) : a.Tree;
            report.AppendLine($"  {a.Id} {Where(text, a.Span.Start)} '{snippet}': {a.Message}");
        }

        Assert.True(
            exp.Count == actual.Count && exp.Zip(actual, (e, a) => e.Id == a.Id && e.Span == a.Span && a.Tree == "Test0.cs").All(x => x),
            report.ToString());
        var got = actual.Select(a => a.Message).ToArray();
        Assert.True(messages.SequenceEqual(got), "messages differ:\nexpected:\n  " + string.Join("\n  ", messages) + "\nactual:\n  " + string.Join("\n  ", got));
    }

    /// <summary>Compiles a source with the prelude and returns the analyzer diagnostics (no compile errors allowed, no AD0001).</summary>
    /// <param name="source">The test source.</param>
    /// <param name="tree">The test source's tree.</param>
    /// <returns>The analyzer diagnostics.</returns>
    public static ImmutableArray<Diagnostic> Run(string source, out SyntaxTree tree)
    {
        tree = CSharpSyntaxTree.ParseText(source, ParseOptions, "Test0.cs");
        var compilation = CSharpCompilation.Create(
            "Test",
            new[] { VocabularyTree, KernelTree, tree },
            CoreReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        // one binding pass gives both: asking the compilation first and the analyzers after binds every body twice
        var (compiler, analyzers) = Analyze(compilation, Analyzers, withCompilerDiagnostics: true);
        var errors = compiler.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "test source does not compile:\n" + string.Join("\n", errors));
        return analyzers;
    }

    /// <summary>Runs analyzers, failing on any analyzer exception.</summary>
    /// <param name="compilation">The compilation.</param>
    /// <param name="analyzers">The analyzers.</param>
    /// <returns>The analyzer diagnostics.</returns>
    public static ImmutableArray<Diagnostic> RunAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        Analyze(compilation, analyzers, withCompilerDiagnostics: false).Analyzers;

    /// <summary>Runs analyzers (and, when asked, the compiler in the same pass), failing on any analyzer exception or AD0001.</summary>
    private static (ImmutableArray<Diagnostic> Compiler, ImmutableArray<Diagnostic> Analyzers) Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool withCompilerDiagnostics)
    {
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (e, a, d) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(a.GetType().Name + ": " + e);
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        ImmutableArray<Diagnostic> compiler, found;
        if (withCompilerDiagnostics)
        {
            // the analyzers' own ids (and AD0001) are theirs; everything else is the compiler's
            var ids = new HashSet<string>(analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id), StringComparer.Ordinal) { "AD0001" };
            var all = withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
            compiler = all.Where(d => !ids.Contains(d.Id)).ToImmutableArray();
            found = all.Where(d => ids.Contains(d.Id)).ToImmutableArray();
        }
        else
        {
            compiler = ImmutableArray<Diagnostic>.Empty;
            found = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        Assert.True(exceptions.Count == 0, string.Join("\n", exceptions));
        Assert.DoesNotContain(found, d => d.Id == "AD0001");
        return (compiler, found);
    }

    private static string Where(string text, int position)
    {
        if (position < 0 || position > text.Length)
        {
            return "(?)";
        }

        var line = text.Take(position).Count(c => c == '\n') + 1;
        return "(" + line + ")";
    }
}
