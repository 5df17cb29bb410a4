// SPDX-License-Identifier: GPL-2.0-only
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>The lock graph API behind KRN2002 and tools/lockgraph.</summary>
public class LockGraphTests
{
    /// <summary>Edges, cycles and DOT for a small program.</summary>
    [Fact]
    public void GraphAndDot()
    {
        var members = """
            public void take_mutex() { mutex_lock(pid_caches_mutex); mutex_unlock(pid_caches_mutex); }
            public void a() { mutex_lock(pid_caches_mutex); spin_lock(pidmap_lock); spin_unlock(pidmap_lock); mutex_unlock(pid_caches_mutex); }
            public void b() { spin_lock(pidmap_lock); take_mutex(); spin_unlock(pidmap_lock); }
            public void c(pid p) { rcu_read_lock(); spin_lock(pidmap_lock); put_pid(p); spin_unlock(pidmap_lock); rcu_read_unlock(); }
            [__must_hold("tasklist_lock")] private void reap(pid p) { write_unlock_irq(tasklist_lock); free_pid(p); write_lock_irq(tasklist_lock); }
            public void d(pid p) { write_lock_irq(tasklist_lock); reap(p); write_unlock_irq(tasklist_lock); }
            """;
        var graph = LockGraph.Build(Compile(members));
        var edges = graph.Edges.Select(e => e.From + "->" + e.To + (e.ReleasePath ? " (release)" : string.Empty)).ToList();
        Assert.Contains("pid_caches_mutex->pidmap_lock", edges);
        Assert.Contains("pidmap_lock->pid_caches_mutex", edges);
        Assert.Contains("rcu->pidmap_lock", edges);
        Assert.Contains("rcu->pidmap_lock (release)", edges);
        Assert.DoesNotContain("tasklist_lock->pidmap_lock", edges);
        var cycle = Assert.Single(graph.FindCycles());
        Assert.Equal(new[] { "pid_caches_mutex", "pidmap_lock" }, cycle.Select(e => e.From).ToArray());
        var dot = graph.ToDot();
        Assert.StartsWith("digraph lockgraph {", dot, System.StringComparison.Ordinal);
        Assert.Contains("\"pidmap_lock\" -> \"pid_caches_mutex\" [label=\"b (Test0.cs:8)\\nvia take_mutex (Test0.cs:6)\", color=red];", dot, System.StringComparison.Ordinal);
        Assert.Contains("\"rcu\" -> \"pidmap_lock\" [label=\"c (Test0.cs:9)\\nvia put_pid (Test0.cs:9)\", style=dashed];", dot, System.StringComparison.Ordinal);
    }

    /// <summary>A __context_unsafe member is exempt from the rules, not from the lock graph: its nestings, and those under its callers' locks, are edges.</summary>
    [Fact]
    public void ContextUnsafeMembersStillGiveEdges()
    {
        var members = """
            [__context_unsafe("test: a lock left held on purpose")] public void u() { spin_lock(lock_a); spin_lock(lock_b); spin_unlock(lock_b); }
            public void w() { spin_lock(mnt_id_lock); u(); spin_unlock(mnt_id_lock); }
            """;
        var graph = LockGraph.Build(Compile(members));
        var edges = graph.Edges.Select(e => e.From + "->" + e.To).ToList();
        Assert.Contains("lock_a->lock_b", edges);
        Assert.Contains("mnt_id_lock->lock_a", edges);
        Assert.Contains("mnt_id_lock->lock_b", edges);

        // u's missing unlock stays unreported
        Assert.DoesNotContain(Harness.Run(Harness.Prefix + members + Harness.Suffix, out _), d => d.Id == "KRN1001");
    }

    private static Compilation Compile(string members)
    {
        var tree = CSharpSyntaxTree.ParseText("namespace Linux\n{\nusing Test.Contracts;\npublic sealed partial class vmlinux\n{\n" + members + "\n}\n}\n", Harness.ParseOptions, "Test0.cs");
        return CSharpCompilation.Create(
            "Graph",
            new[] { CSharpSyntaxTree.ParseText(Prelude.Vocabulary, Harness.ParseOptions), CSharpSyntaxTree.ParseText(Prelude.Kernel, Harness.ParseOptions), tree },
            Harness.CoreReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }
}
