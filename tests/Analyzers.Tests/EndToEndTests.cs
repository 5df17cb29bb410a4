// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// End to end, one per rule family: copy a real kernel/ file, plant a violation by text substitution,
/// compile kernel/**/*.cs in memory and see the analyzers fail it with the right id at the planted line.
/// </summary>
/* needs the kernel corpus PlantedBugTests builds: started last, it never waits for it */
[StartOrder(1000)]
public class EndToEndTests
{
    private const string PidFile = "kernel/kernel/pid.cs";
    private const string ForkFile = "kernel/kernel/fork.cs";

    /// <summary>kernel/ as it is: no finding, and in particular no method the analysis could not finish (KRN9001).</summary>
    [KernelFact(PidFile)]
    public void KernelIsCleanAndFullyAnalysed()
    {
        var found = KernelCorpus.Analysis.Diagnostics;
        Assert.True(!found.Any(d => d.Id == "KRN9001"), "methods the analysis could not finish:\n" + string.Join("\n", found.Where(d => d.Id == "KRN9001")));
        Assert.True(found.IsEmpty, string.Join("\n", found));
    }

    /// <summary>Lock order: tasklist_lock taken under pidmap_lock in alloc_pid, pidmap_lock under tasklist_lock in attach_pid.</summary>
    [KernelFact(PidFile)]
    public void InversionOfTasklistLockAndPidmapLockIsACycle()
    {
        var text = Read(PidFile);
        var alloc = Section(text, " alloc_pid(");
        var inAlloc = Plant(ref text, alloc, "this.spin_lock(this.pidmap_lock);", "this.spin_lock(this.pidmap_lock); this.read_lock(this.tasklist_lock); this.read_unlock(this.tasklist_lock);");
        var attach = Section(text, " attach_pid(");
        Plant(ref text, attach, "this.lockdep_assert_held_write(this.tasklist_lock);", "this.lockdep_assert_held_write(this.tasklist_lock); this.spin_lock(this.pidmap_lock); this.spin_unlock(this.pidmap_lock);");
        var (found, analysis) = KernelCorpus.Variant(PidFile, text);
        var cycles = analysis.Graph().FindCycles().Select(c => string.Join("; ", c.Select(e => e.ToString()))).ToList();
        Assert.True(cycles.Count > 0, "no cycle:\n" + string.Join("\n", found));
        Assert.Contains(cycles, c => c.Contains("in alloc_pid (pid.cs:" + inAlloc + ")", StringComparison.Ordinal) && c.Contains("attach_pid (pid.cs:", StringComparison.Ordinal));
    }

    /// <summary>The hierarchy: alloc_pid (pidmap_lock) called under read_lock(tasklist_lock) in copy_process.</summary>
    [KernelFact(ForkFile)]
    public void AllocPidUnderTasklistLockNeverNests()
    {
        var text = Read(ForkFile);
        var copy = Section(text, " copy_process(");
        var line = Plant(ref text, copy, "pid = this.alloc_pid(", "this.read_lock(this.tasklist_lock); pid = this.alloc_pid(");
        Plant(ref text, copy, "args.set_tid_size);", "args.set_tid_size); this.read_unlock(this.tasklist_lock);");
        var found = Analyze(ForkFile, text);
        Assert.True(
            found.Any(d => d.Id == "KRN2003" && At(d, ForkFile, line) && d.GetMessage().Contains("'pidmap_lock' is taken while 'tasklist_lock' is held", StringComparison.Ordinal) && d.GetMessage().Contains("via alloc_pid (pid.cs:", StringComparison.Ordinal)),
            "no KRN2003 at line " + line + ":\n" + string.Join("\n", found));
    }

    /// <summary>The hierarchy: read_lock(tasklist_lock) inside free_pid's pidmap_lock section.</summary>
    [KernelFact(PidFile)]
    public void TasklistLockInsideFreePidNeverNests()
    {
        var text = Read(PidFile);
        var free = Section(text, " free_pid(");
        var line = Plant(ref text, free, "this.spin_lock(this.pidmap_lock);", "this.spin_lock(this.pidmap_lock); this.read_lock(this.tasklist_lock); this.read_unlock(this.tasklist_lock);");
        var found = Analyze(PidFile, text);
        Assert.True(found.Any(d => d.Id == "KRN2003" && At(d, PidFile, line)), "no KRN2003 at line " + line + ":\n" + string.Join("\n", found));
    }

    /// <summary>tools/lockgraph --hierarchy: the declared classes, orders and never-nest pairs of kernel/.</summary>
    [KernelFact(PidFile)]
    public void HierarchyPrints()
    {
        var hierarchy = LockHierarchy.Of(KernelCorpus.Compilation, KernelCorpus.Analysis.Graph());
        var text = hierarchy.ToText();
        Assert.Contains("  tasklist_lock x pidmap_lock\n", text, StringComparison.Ordinal);
        Assert.Contains("  tasklist_lock -> sighand_struct.siglock  *\n", text, StringComparison.Ordinal);
        Assert.Contains("\"tasklist_lock\" -> \"pidmap_lock\" [dir=none, style=dashed, color=red, label=\"never nest\"];", hierarchy.ToDot(), StringComparison.Ordinal);
    }

    /// <summary>Refcount: the put of get_task_pid's reference removed from kernel_clone.</summary>
    [KernelFact(ForkFile)]
    public void MissingPutInKernelCloneLeaks()
    {
        var text = Read(ForkFile);
        var clone = Section(text, " kernel_clone(");
        var line = LineOf(text, text.IndexOf("this.get_task_pid(p,", clone, StringComparison.Ordinal));
        Plant(ref text, clone, "this.put_pid(pid);", string.Empty);
        var found = Analyze(ForkFile, text);
        Assert.True(found.Any(d => d.Id == "KRN3001" && At(d, ForkFile, line)), "no KRN3001 at line " + line + ":\n" + string.Join("\n", found));
    }

    /// <summary>Lock context: free_pid called with tasklist_lock held (the seed 002 rule).</summary>
    [KernelFact(PidFile)]
    public void FreePidUnderTasklistLock()
    {
        var text = Read(PidFile);
        var attach = Section(text, " attach_pid(");
        var line = Plant(ref text, attach, "this.lockdep_assert_held_write(this.tasklist_lock);", "this.lockdep_assert_held_write(this.tasklist_lock); this.free_pid(this.alloc_pid(this.init_pid_ns, null, 0));");
        var found = Analyze(PidFile, text);
        Assert.True(found.Any(d => d.Id == "KRN1005" && At(d, PidFile, line) && d.GetMessage().Contains("'free_pid'", StringComparison.Ordinal)), "no KRN1005 at line " + line + ":\n" + string.Join("\n", found));
    }

    private static string Read(string relative) => KernelCorpus.Text(relative);

    private static int Section(string text, string signature)
    {
        var at = text.IndexOf(signature, StringComparison.Ordinal);
        Assert.True(at >= 0, "no" + signature + " in the kernel sources: update the test");
        return at;
    }

    /// <summary>Replaces the first <paramref name="find"/> after <paramref name="from"/>; returns the planted line.</summary>
    private static int Plant(ref string text, int from, string find, string replace)
    {
        var at = text.IndexOf(find, from, StringComparison.Ordinal);
        Assert.True(at >= 0, "'" + find + "' not found: the kernel sources changed, update the test");
        text = text.Substring(0, at) + replace + text.Substring(at + find.Length);
        return LineOf(text, at);
    }

    private static int LineOf(string text, int position) => text.Take(position).Count(c => c == '\n') + 1;

    private static bool At(Diagnostic d, string file, int line) =>
        d.Location.GetLineSpan().Path.Replace('\\', '/').EndsWith(file, StringComparison.Ordinal) && d.Location.GetLineSpan().StartLinePosition.Line + 1 == line;

    private static List<Diagnostic> Analyze(string file, string text) => KernelCorpus.Variant(file, text).Found;
}
