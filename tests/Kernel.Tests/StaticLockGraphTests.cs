// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.IO;
using System.Linq;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// The analyzers' static lock graph against lockdep (kernel/arch/cs/debug/lockgraph.cs): every teardown
/// fails on a dependency the graph does not have; these tests check the mapping and the failure itself.
/// </summary>
public sealed class StaticLockGraphTests : KernelTest
{
    /// <summary>The build put the graph beside the binaries, so no test runs unchecked.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void GraphIsBesideTheBinaries()
    {
        var graph = static_lock_graph.current;
        Assert.NotNull(graph);
        Assert.True(graph!.site_count >= 20, $"{graph.site_count} lock initialisation sites");
        Assert.True(graph.predicts("tasklist_lock", "sighand_struct.siglock"));
        Assert.False(graph.predicts("sighand_struct.siglock", "tasklist_lock"));
    }

    /// <summary>A runtime class is its init site, and the site is the lock the analyzers name (global, struct field or __lock_class).</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void ClassesMapByInitSite()
    {
        var graph = static_lock_graph.current!;
        var pid = vmlinux.task_pid(this.Shell)!;
        Assert.Equal("pidmap_lock", graph.class_of(this.K.pidmap_lock.dep_class));
        Assert.Equal("tasklist_lock", graph.class_of(this.K.tasklist_lock.dep_class));
        Assert.Equal("sighand_struct.siglock", graph.class_of(this.Shell.sighand!.siglock.dep_class));

        /* wait queues: one class per init site, as init_waitqueue_head's static key; an annotated one has its own name */
        Assert.Equal("pid.wait_pidfd", graph.class_of(pid.wait_pidfd.@lock.dep_class));
        Assert.Equal("wait_queue_head_t.lock", graph.class_of(this.Shell.signal.wait_chldexit.@lock.dep_class));
        Assert.NotSame(pid.wait_pidfd.@lock.dep_class, this.Shell.signal.wait_chldexit.@lock.dep_class);
        Assert.EndsWith("pid.cs", pid.wait_pidfd.@lock.dep_class.key_file, StringComparison.Ordinal);

        /* a structure that is its own first lock makes it in its constructor, so that is the site of its one class */
        Assert.EndsWith("sched/signal.cs", this.Shell.sighand!.siglock.dep_class.key_file, StringComparison.Ordinal);
        Assert.EndsWith("fdtable.cs", this.Shell.files!.resize_wait.@lock.dep_class.key_file, StringComparison.Ordinal);
        Assert.Equal("wait_queue_head_t.lock", graph.class_of(this.Shell.files.resize_wait.@lock.dep_class));
    }

    /// <summary>A dependency the graph lacks is a teardown problem naming both classes, both init sites and where lockdep saw it.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void UnpredictedDependencyIsNamed()
    {
        var child = this.Fork(this.Shell, "child");
        this.Exit(child, 0);
        this.Reap(child);

        /* the real graph's sites, none of its edges */
        var path = Path.Combine(Path.GetTempPath(), $"lockgraph-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, static_lock_graph.file_name)).Where(l => l.StartsWith("site\t", StringComparison.Ordinal)));
        try
        {
            var sitesOnly = static_lock_graph.load(path)!;
            var problems = this.K.lockdep_unpredicted_dependencies(sitesOnly);
            var line = Assert.Single(problems, p => p.Contains("tasklist_lock [tasklist_lock, init kernel/kernel/fork.cs:", StringComparison.Ordinal) && p.Contains("-> &sighand->siglock [sighand_struct.siglock, init kernel/include/linux/sched/signal.cs:", StringComparison.Ordinal));
            Assert.StartsWith("lockdep: dependency not in the static lock graph: ", line, StringComparison.Ordinal);
            Assert.Matches(@", seen at \w+ \(kernel/[\w/]+\.cs:\d+\) holding the lock taken in \w+ \(kernel/[\w/]+\.cs:\d+\)$", line);

            /* with the real graph, the same run is clean */
            Assert.Empty(this.K.lockdep_unpredicted_dependencies());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A test's own nesting of kernel locks is recorded by lockdep but is not the port's: it is not checked.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void NestingByTestCodeIsNotChecked()
    {
        var pid = vmlinux.task_pid(this.Shell)!;
        this.Sys(this.Shell, k =>
        {
            k.spin_lock_irq(k.pidmap_lock);
            k.spin_lock(pid.@lock);
            k.spin_unlock(pid.@lock);
            k.spin_unlock_irq(k.pidmap_lock);
            return 0;
        });
        var d = Assert.Single(this.K.lockdep_dependency_list(), d => d.from == this.K.pidmap_lock.dep_class && d.to == pid.@lock.dep_class);
        Assert.False(d.by_kernel);
        Assert.EndsWith("StaticLockGraphTests.cs", d.next_file, StringComparison.Ordinal);
        Assert.False(static_lock_graph.current!.predicts("pidmap_lock", "pid.lock"));
        Assert.Empty(this.K.lockdep_unpredicted_dependencies());
    }
}
