// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pidfs.Analyzers.Core;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>The analyzers never throw (AD0001): every .cs file of the repository, and malformed code.</summary>
/* EveryRepositoryFile binds and analyses every file outside kernel/: the second longest */
[StartOrder(2)]
public class RobustnessTests
{
    /// <summary>
    /// Initializes static members of the <see cref="RobustnessTests"/> class: through the analyzers' test
    /// seams, the analysis of the methods named krn9001_* below fails on purpose (no other test has them).
    /// </summary>
    static RobustnessTests()
    {
        TestSeams.BeforeMethod = m =>
        {
            if (m.Name == "krn9001_throws")
            {
                throw new InvalidOperationException("forced by RobustnessTests");
            }
        };
        TestSeams.StepLimit = m => m.Name == "krn9001_steps" ? 2 : null;
    }

    /// <summary>Gets half-typed and malformed snippets.</summary>
    public static IEnumerable<object[]> Malformed => new[]
    {
        new object[] { "public void a() { spin_lock(" },
        new object[] { "public void b() { spin_lock(pidmap_lock) spin_unlock(pidmap_lock); }" },
        new object[] { "public void c() { spin_unlock(); read_lock(1, 2); task_lock(null); }" },
        new object[] { "public void d( { using var _ = guard_rcu(; }" },
        new object[] { "public pid e(int nr) { var p = find_get_pid(nr) if (p == null) return; put_pid(p, p); }" },
        new object[] { "[__must_hold()] [__acquires(null)] [__guarded_by] public int f; public void g() { f++; }" },
        new object[] { "[__must_hold(\"no.such.path\")] public void h(pid p) { pidfs_add_pid(); h(p); }" },
        new object[] { "public void i() { using var x = __free(nope, find_get_pid(1)); goto missing; }" },
        new object[] { "public void j() { while (true) { spin_lock(pidmap_lock); } }" },
        new object[] { "public void k() { Action f = () => { spin_lock(pidmap_lock); }; f(); void local() { spin_unlock(pidmap_lock); } local(); }" },
        new object[] { "public int l(int x) { switch (x) { case 1: spin_lock(pidmap_lock); break; default: return 0; } try { throw new Exception(); } catch { spin_unlock(pidmap_lock); } return 1; }" },
        new object[] { "public void m() => m(); public int n => find_get_pid(1).level; public int o { get { spin_lock(pidmap_lock); return 0; } }" },
        new object[] { "public vmlinux() { pid_counter = 1; } ~vmlinux() { put_pid(null); }" },
        new object[] { "}}}} public void p() { {{{" },
        new object[] { "public void q(" },
    };

    /// <summary>An exception inside the analysis of a method is a KRN9001 at the method naming it and the exception: not AD0001, not silence.</summary>
    [Fact]
    public void AnalysisExceptionIsReported()
    {
        var d = SingleGiveUp("public void krn9001_throws() { spin_lock(pidmap_lock); }\npublic void caller() { krn9001_throws(); }", "krn9001_throws");
        Assert.StartsWith("The kernel analyzers could not finish 'vmlinux.krn9001_throws()': InvalidOperationException (forced by RobustnessTests) at ", d.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>A method whose analysis reaches the step limit is a KRN9001 at the method naming the limit: its missing unlock is not silently skipped.</summary>
    [Fact]
    public void StepLimitIsReported()
    {
        var d = SingleGiveUp("public void krn9001_steps(int n) { for (int i = 0; i < n; i++) { pid_counter++; } spin_lock(pidmap_lock); }", "krn9001_steps");
        Assert.Matches(@"^The kernel analyzers could not finish 'vmlinux\.krn9001_steps\(int\)': the step limit \(2 block visits\) was reached in a graph of [0-9]+ blocks$", d.GetMessage());
    }

    /// <summary>Malformed code gives no AD0001 and no exception.</summary>
    /// <param name="members">The snippet.</param>
    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedCode(string members)
    {
        var source = Harness.Prefix + members + Harness.Suffix;
        var tree = CSharpSyntaxTree.ParseText(source, Harness.ParseOptions, "Test0.cs");
        var compilation = CSharpCompilation.Create(
            "Broken",
            new[] { CSharpSyntaxTree.ParseText(Prelude.Vocabulary, Harness.ParseOptions), CSharpSyntaxTree.ParseText(Prelude.Kernel, Harness.ParseOptions), tree },
            Harness.CoreReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Harness.RunAnalyzers(compilation, Harness.Analyzers);
        Assert.NotNull(LockGraph.Build(compilation).ToDot());
    }

    /// <summary>Every .cs file of the repository, one compilation per top-level folder, gives no AD0001.</summary>
    [Fact]
    public void EveryRepositoryFile()
    {
        var options = Harness.ParseOptions.WithPreprocessorSymbols(Repo.Defines);
        var vocabulary = CSharpSyntaxTree.ParseText(Prelude.Vocabulary, Harness.ParseOptions);
        var references = Harness.AllReferences
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)))
            .ToList();

        // kernel/ itself is analysed by its own build and by KernelCorpus
        var groups = Repo.Sources(string.Empty).Where(p => !Path.GetRelativePath(Repo.Root, p).Replace('\\', '/').StartsWith("kernel/", StringComparison.Ordinal)).GroupBy(p => Path.GetRelativePath(Repo.Root, p).Replace('\\', '/').Split('/')[0]).ToList();
        Assert.NotEmpty(groups);
        var files = 0;
        foreach (var group in groups)
        {
            var trees = group.Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), options, p)).ToList();
            files += trees.Count;

            // the vocabulary switches the analyzers on even for folders that do not use it
            trees.Add(vocabulary);
            var compilation = CSharpCompilation.Create(
                group.Key,
                trees,
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
            Harness.RunAnalyzers(compilation, Harness.Analyzers);
        }

        Assert.True(files > 10, "only " + files + " files found under " + Repo.Root);
    }

    /* the members' only KRN finding, asserted to be a KRN9001 at the method named */
    private static Diagnostic SingleGiveUp(string members, string method)
    {
        var found = Harness.Run(Harness.Prefix + members + Harness.Suffix, out _)
            .Where(d => d.Id.StartsWith("KRN", StringComparison.Ordinal)).ToList();
        var d = Assert.Single(found);
        Assert.Equal("KRN9001", d.Id);
        Assert.Equal(method, d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
        return d;
    }
}
