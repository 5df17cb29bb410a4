// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Pidfs.Analyzers;

namespace Pidfs.LockGraphTool;

/// <summary>
/// Prints the lock graph the analyzers infer for kernel/ as Graphviz DOT:
/// <c>dotnet run --project tools/lockgraph [-- [--diagnostics] [repo-root]]</c>.
/// With --diagnostics it prints the KRN findings instead; with --hierarchy (text) or --hierarchy-dot the
/// declared lock hierarchy (kernel/include/linux/lock_hierarchy.cs), nestings the code uses marked.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">Optional "--diagnostics" and the repository root.</param>
    /// <returns>0, or 1 when the kernel does not compile or findings were printed.</returns>
    public static int Main(string[] args)
    {
        var diagnostics = args.Contains("--diagnostics");
        var root = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? FindRoot();
        var compilation = Compile(root);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var e in errors.Take(20))
            {
                Console.Error.WriteLine(e);
            }

            return 1;
        }

        if (args.Contains("--timing"))
        {
            Timing(compilation.Clone());
            return Timing(compilation);
        }

        if (diagnostics)
        {
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new LockContextAnalyzer(), new LockOrderAnalyzer(), new LockCycleAnalyzer(), new RefcountAnalyzer(), new ReleasePathLockAnalyzer());
            var found = compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            foreach (var d in found.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
            {
                var span = d.Location.GetLineSpan();
                Console.WriteLine($"{Path.GetRelativePath(root, span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Id}: {d.GetMessage()}");
            }

            return found.Length == 0 ? 0 : 1;
        }

        if (args.Contains("--hierarchy") || args.Contains("--hierarchy-dot"))
        {
            var hierarchy = LockHierarchy.Of(compilation, LockGraph.Build(compilation));
            Console.Write(args.Contains("--hierarchy-dot") ? hierarchy.ToDot() : hierarchy.ToText());
            return 0;
        }

        Console.Write(LockGraph.Build(compilation).ToDot());
        return 0;
    }

    private static int Timing(CSharpCompilation compilation)
    {
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new LockContextAnalyzer(), new LockOrderAnalyzer(), new LockCycleAnalyzer(), new RefcountAnalyzer(), new ReleasePathLockAnalyzer());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var cwa = compilation.WithAnalyzers(analyzers, options);
        var found = cwa.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Console.WriteLine($"analyzers: {watch.ElapsedMilliseconds} ms wall, {found.Length} findings");
        foreach (var a in analyzers)
        {
            var info = cwa.GetAnalyzerTelemetryInfoAsync(a, default).GetAwaiter().GetResult();
            Console.WriteLine($"  {a.GetType().Name}: {info.ExecutionTime.TotalMilliseconds:F0} ms");
        }

        watch.Restart();
        var emitted = compilation.Emit(Stream.Null);
        Console.WriteLine($"emit (binding + codegen, no analyzers): {watch.ElapsedMilliseconds} ms");
        return 0;
    }

    private static CSharpCompilation Compile(string root)
    {
        var kbuild = Regex.Replace(File.ReadAllText(Path.Combine(root, "Kbuild.props")), "<!--.*?-->", string.Empty, RegexOptions.Singleline);
        var defines = Regex.Matches(kbuild, @"<(CONFIG_\w+)[^>]*>\s*y\s*</\1>").Select(m => m.Groups[1].Value).Distinct().Concat(new[] { "DEBUG", "TRACE" });
        var options = new CSharpParseOptions(LanguageVersion.CSharp13, preprocessorSymbols: defines);
        var kernel = Path.Combine(root, "kernel");
        var trees = Directory.EnumerateFiles(kernel, "*.cs", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(kernel, p).Replace('\\', '/').Split('/').Any(s => s.StartsWith("bin", StringComparison.Ordinal) || s.StartsWith("obj", StringComparison.Ordinal)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), options, p));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create(
            "Linux",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Kbuild.props")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("run inside the repository or pass its root");
    }
}
