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
/// declared lock hierarchy (kernel/include/linux/lock_hierarchy.cs), nestings the code uses marked; with
/// --export FILE it writes the graph and the lock initialisation sites for the runtime check
/// (kernel.lockgraph, read by kernel/arch/cs/debug/lockgraph.cs). --defines "A;B" compiles with exactly
/// those symbols (the build passes its DefineConstants) instead of Kbuild.props' defaults.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">Optional "--diagnostics" and the repository root.</param>
    /// <returns>0, or 1 when the kernel does not compile or findings were printed.</returns>
    public static int Main(string[] args)
    {
        var diagnostics = args.Contains("--diagnostics");
        var export = ValueOf(args, "--export");
        var defines = ValueOf(args, "--defines");
        var root = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--export" or "--defines"))).FirstOrDefault() ?? FindRoot();
        var compilation = Compile(root, defines);
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

        if (export != null)
        {
            File.WriteAllText(export, Export(compilation, root, defines));
            return 0;
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

    /// <summary>
    /// The static graph for the runtime check: one "site" line per lock initialisation site (file relative to
    /// the root, line, class, what it makes) and one "edge" line per edge (from, to, first witness).
    /// </summary>
    /// <param name="compilation">The kernel compilation.</param>
    /// <param name="root">The repository root.</param>
    /// <param name="defines">The symbols it was compiled with (for the header).</param>
    /// <returns>The file's text.</returns>
    public static string Export(Compilation compilation, string root, string? defines)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("# kernel.lockgraph: the lock graph the analyzers infer for kernel/ (tools/lockgraph --export), checked against lockdep at teardown\n");
        sb.Append("# defines: ").Append(defines ?? "Kbuild.props defaults").Append('\n');
        foreach (var s in LockSites.Of(compilation).Sites)
        {
            sb.Append("site\t").Append(Path.GetRelativePath(root, s.FilePath).Replace('\\', '/')).Append('\t').Append(s.Line).Append('\t').Append(s.Class ?? "?").Append('\t').Append(s.Member).Append('\n');
        }

        foreach (var e in LockGraph.Build(compilation).Edges)
        {
            sb.Append("edge\t").Append(e.From).Append('\t').Append(e.To).Append('\t').Append(e.ToString().Replace('\t', ' ')).Append('\n');
        }

        return sb.ToString();
    }

    private static string? ValueOf(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
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

    private static CSharpCompilation Compile(string root, string? defineConstants)
    {
        var kbuild = Regex.Replace(File.ReadAllText(Path.Combine(root, "Kbuild.props")), "<!--.*?-->", string.Empty, RegexOptions.Singleline);
        var defines = defineConstants != null
            ? defineConstants.Split(';', ',').Select(d => d.Trim()).Where(d => d.Length > 0).Distinct()
            /* without them: Kbuild.props' defaults (an option defaulting to another's value, as the debug ones do, is y by default) */
            : Regex.Matches(kbuild, @"<(CONFIG_\w+)[^>]*>\s*(y|\$\(\w+\))\s*</\1>").Select(m => m.Groups[1].Value).Distinct().Concat(new[] { "DEBUG", "TRACE" });
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
