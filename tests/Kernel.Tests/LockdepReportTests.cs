// SPDX-License-Identifier: GPL-2.0-only

// kernel/locking: each lockdep report kind, provoked on purpose, in the kernel's
// splat layout (banner between rules of the kernel's length, the kernel
// identification, the body, the held locks, the stack of port functions).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>lockdep reports.</summary>
public sealed class LockdepReportTests : KernelTest
{
    /* this file's path from the tree's root, as reports print it */
    private static string ThisFile => vmlinux.source_path(File());

    /// <summary>A then B, later B then A: the circular report with both locks, the chain and the CPU0/CPU1 table.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void CircularLockingDependency()
    {
        var a = new spinlock_t("test_lock_a");
        var b = new spinlock_t("test_lock_b");
        var taking = 0;
        this.Sys(this.Shell, k =>
        {
            k.spin_lock(a);
            k.spin_lock(b);
            k.spin_unlock(b);
            k.spin_unlock(a);
            k.spin_lock(b);
            taking = Line() + 1;
            k.spin_lock(a);
            k.spin_unlock(a);
            k.spin_unlock(b);
            return 0;
        });
        var r = this.Splat("WARNING: possible circular locking dependency detected", 54);
        Assert.Equal("shell/" + this.Shell.pid + " is trying to acquire lock:", r[5]);
        Assert.Matches(@"^ffff8880[0-9a-f]{8} \(test_lock_a\)\{\+\.\+\.\}-\{2:2\}, at: ", r[6]);

        /* the site as a symbolized dmesg names it: function, file from the tree's root, line */
        Assert.EndsWith($", at: CircularLockingDependency+0x0/0x0 {ThisFile}:{taking}", r[6], StringComparison.Ordinal);
        Assert.Contains(r, l => Regex.IsMatch(l, @"^ spin_lock\+0x[0-9a-f]+/0x[0-9a-f]+ kernel/include/linux/spinlock\.cs:[1-9][0-9]*$"));
        Assert.Contains(r, l => Regex.IsMatch(l, @"^ syscall\+0x[0-9a-f]+/0x[0-9a-f]+ kernel/arch/cs/kernel/entry\.cs:[1-9][0-9]*$"));
        Assert.Equal("but task is already holding lock:", r[8]);
        Assert.Matches(@"\(test_lock_b\)\{\+\.\+\.\}-\{2:2\}", r[9]);
        Assert.Contains("the existing dependency chain (in reverse order) is:", r);
        Assert.Contains(r, l => l.StartsWith("-> #1 (test_lock_b)", StringComparison.Ordinal));
        Assert.Contains(r, l => l.StartsWith("-> #0 (test_lock_a)", StringComparison.Ordinal));
        AssertSequence(r, "       CPU0                    CPU1", "       ----                    ----", "  lock(test_lock_b);", "                               lock(test_lock_a);", "                               lock(test_lock_b);", "  lock(test_lock_a);", string.Empty, " *** DEADLOCK ***");
        Assert.Contains("1 lock held by shell/" + this.Shell.pid + ":", r);
        Assert.Contains("stack backtrace:", r);
        Assert.Contains(r, l => l.Contains(" CircularLockingDependency", StringComparison.Ordinal) || l.Contains(" lock_acquire+", StringComparison.Ordinal));

        /* the edge that closed the cycle is not recorded; lockdep is off after its first report */
        Assert.Contains(new lock_dependency("test_lock_a", "test_lock_b"), this.K.lockdep_edges());
        Assert.DoesNotContain(new lock_dependency("test_lock_b", "test_lock_a"), this.K.lockdep_edges());
        Assert.False(this.K.debug_locks_enabled);
    }

    /// <summary>Taking a held lock again: the recursive report, then BUG (the model does not hang).</summary>
    [KconfigFact("CONFIG_LOCKDEP")]
    public void RecursiveLocking()
    {
        var a = new spinlock_t("test_lock_r");
        this.TakeTwice(k => k.spin_lock(a), k => k.spin_unlock(a));
        var r = this.Splat("WARNING: possible recursive locking detected", 44);
        AssertSequence(r, "       CPU0", "       ----", "  lock(test_lock_r);", "  lock(test_lock_r);", string.Empty, " *** DEADLOCK ***", string.Empty, " May be due to missing lock nesting notation");
    }

    /// <summary>A structure that is its own lock (a task is its alloc_lock) is named by the lock's class, never by the structure's ToString().</summary>
    [KconfigFact("CONFIG_LOCKDEP")]
    public void SelfLockNamedByClass()
    {
        var t = this.Shell;
        var bug = this.TakeTwice(k => k.task_lock(t), k => k.task_unlock(t));
        Assert.StartsWith("deadlock: &p->alloc_lock acquired twice", bug.Message, StringComparison.Ordinal);
        var r = this.Splat("WARNING: possible recursive locking detected", 44);
        AssertSequence(r, "  lock(&p->alloc_lock);", "  lock(&p->alloc_lock);");
        Assert.Contains(r, l => l.Contains("possible recursive locking detected: &p->alloc_lock at ", StringComparison.Ordinal));
        Assert.DoesNotContain(r, l => l.Contains(t.ToString(), StringComparison.Ordinal));
    }

    /// <summary>A lock taken in a hard interrupt and elsewhere with interrupts on: inconsistent lock state.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void InconsistentLockState()
    {
        var l = new spinlock_t("test_irq_lock");
        this.Sys(this.Shell, k =>
        {
            k.run_hardirq(() =>
            {
                k.spin_lock(l);
                k.spin_unlock(l);
            });
            k.spin_lock(l);
            k.spin_unlock(l);
            return 0;
        });
        var r = this.Splat("WARNING: inconsistent lock state", 32);
        Assert.Equal("inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.", r[5]);
        Assert.Equal($"shell/{this.Shell.pid} [HC0[0]:SC0[0]:HE1:SE1] takes:", r[6]);
        Assert.Matches(@"\(test_irq_lock\)\{\?\.\.\.\}-\{2:2\}", r[7]);
        Assert.Equal("{IN-HARDIRQ-W} state was registered at:", r[8]);
        Assert.Matches(@"^  \w+\+0x[0-9a-f]+/0x[0-9a-f]+ kernel/[\w/.-]+\.cs:[1-9][0-9]*$", r[9]);
        Assert.Contains(r.Skip(9).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)), l => l.StartsWith("  run_hardirq+", StringComparison.Ordinal));
        AssertSequence(r, "  lock(test_irq_lock);", "  <Interrupt>", "    lock(test_irq_lock);");
    }

    /// <summary>An irq-safe lock taken before an irq-unsafe one: HARDIRQ-safe -> HARDIRQ-unsafe.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void HardirqSafeToUnsafe()
    {
        var safe = new spinlock_t("test_safe_lock");
        var @unsafe = new spinlock_t("test_unsafe_lock");
        this.Sys(this.Shell, k =>
        {
            k.run_hardirq(() =>
            {
                k.spin_lock(safe);
                k.spin_unlock(safe);
            });
            k.spin_lock(@unsafe);
            k.spin_unlock(@unsafe);
            k.spin_lock_irq(safe);
            k.spin_lock(@unsafe);
            k.spin_unlock(@unsafe);
            k.spin_unlock_irq(safe);
            return 0;
        });
        var r = this.Splat("WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected", 53);
        Assert.Equal($"shell/{this.Shell.pid} [HC0[0]:SC0[0]:HE0:SE1] is trying to acquire:", r[5]);
        Assert.Contains("and this task is already holding:", r);
        Assert.Contains("which would create a new lock dependency:", r);
        Assert.Contains(r, l => l.StartsWith(" (test_safe_lock){-...}-{2:2} -> (test_unsafe_lock){+.+.}-{2:2}", StringComparison.Ordinal));
        Assert.Contains("but this new dependency connects a HARDIRQ-irq-safe lock:", r);
        Assert.Contains("to a HARDIRQ-irq-unsafe lock:", r);
        AssertSequence(r, "  lock(test_unsafe_lock);", "                               local_irq_disable();", "                               lock(test_safe_lock);", "                               lock(test_unsafe_lock);", "  <Interrupt>", "    lock(test_safe_lock);");
    }

    /// <summary>
    /// A lock that becomes HARDIRQ-safe after it was seen taking an irq-unsafe lock: the
    /// irq lock inversion report, "took another, HARDIRQ-unsafe lock in the past", with the
    /// chain through the middle lock, the table and the dependency blocks.
    /// </summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void IrqLockInversionForwards()
    {
        var a = new spinlock_t("test_inv_a");
        var m = new spinlock_t("test_inv_m");
        var b = new spinlock_t("test_inv_b");
        this.Sys(this.Shell, k =>
        {
            /* a -> m -> b, all with interrupts off: no usage yet that conflicts */
            k.spin_lock_irq(a);
            k.spin_lock(m);
            k.spin_lock(b);
            k.spin_unlock(b);
            k.spin_unlock(m);
            k.spin_unlock_irq(a);

            /* b is taken with interrupts on: HARDIRQ-unsafe */
            k.spin_lock(b);
            k.spin_unlock(b);

            /* now a is taken in an interrupt: its new usage meets b down the chain */
            k.run_hardirq(() =>
            {
                k.spin_lock(a);
                k.spin_unlock(a);
            });
            return 0;
        });
        var r = this.Splat("WARNING: possible irq lock inversion dependency detected", 56);
        Assert.Equal($"shell/{this.Shell.pid} just changed the state of lock:", r[5]);
        Assert.Matches(@"^ffff8880[0-9a-f]{8} \(test_inv_a\)\{-\.\.\.\}-\{2:2\}, at: ", r[6]);
        Assert.Equal("but this lock took another, HARDIRQ-unsafe lock in the past:", r[7]);
        Assert.Equal(" (test_inv_b){+.+.}-{2:2}", r[8]);
        AssertSequence(r, string.Empty, "and interrupts could create inverse lock ordering between them.", string.Empty, string.Empty, "other info that might help us debug this:");
        AssertSequence(r, "Chain exists of:", "  test_inv_a --> test_inv_m --> test_inv_b", string.Empty, " Possible interrupt unsafe locking scenario:");
        AssertSequence(r, "  lock(test_inv_b);", "                               local_irq_disable();", "                               lock(test_inv_a);", "                               lock(test_inv_m);", "  <Interrupt>", "    lock(test_inv_a);");
        Assert.Contains("the shortest dependencies between 2nd lock and 1st lock:", r);
        Assert.Contains(r, l => l.StartsWith("  -> (test_inv_b){+.+.}-{2:2} {", StringComparison.Ordinal));
        Assert.Contains(r, l => l.StartsWith(" -> (test_inv_m)", StringComparison.Ordinal));
        Assert.Contains(r, l => l.StartsWith("-> (test_inv_a){-...}-{2:2} {", StringComparison.Ordinal));
        Assert.Contains("     HARDIRQ-ON-W at:", r);
        Assert.Contains("   IN-HARDIRQ-W at:", r);
        Assert.Contains("stack backtrace:", r);
        Assert.False(this.K.debug_locks_enabled);
    }

    /// <summary>
    /// A lock that becomes HARDIRQ-unsafe after an irq-safe lock was seen taking it: "was taken
    /// by another, HARDIRQ-safe lock in the past", no chain line for a direct dependency.
    /// </summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void IrqLockInversionBackwards()
    {
        var a = new spinlock_t("test_invb_a");
        var b = new spinlock_t("test_invb_b");
        this.Sys(this.Shell, k =>
        {
            k.spin_lock_irq(a);
            k.spin_lock(b);
            k.spin_unlock(b);
            k.spin_unlock_irq(a);
            k.run_hardirq(() =>
            {
                k.spin_lock(a);
                k.spin_unlock(a);
            });

            /* b with interrupts on: a, taken in interrupts, depends on it */
            k.spin_lock(b);
            k.spin_unlock(b);
            return 0;
        });
        var r = this.Splat("WARNING: possible irq lock inversion dependency detected", 56);
        Assert.Equal($"shell/{this.Shell.pid} just changed the state of lock:", r[5]);
        Assert.Matches(@"\(test_invb_b\)\{\+\.\.\.\}-\{2:2\}, at: ", r[6]); /* the report comes before the SOFTIRQ-ON mark */
        Assert.Equal("but this lock was taken by another, HARDIRQ-safe lock in the past:", r[7]);
        Assert.Equal(" (test_invb_a){-...}-{2:2}", r[8]);
        Assert.DoesNotContain("Chain exists of:", r);
        AssertSequence(r, "  lock(test_invb_b);", "                               local_irq_disable();", "                               lock(test_invb_a);", "                               lock(test_invb_b);", "  <Interrupt>", "    lock(test_invb_a);");
        Assert.Contains(r, l => l.StartsWith(" -> (test_invb_a){-...}-{2:2} {", StringComparison.Ordinal));
        Assert.Contains(r, l => l.StartsWith("-> (test_invb_b){+...}-{2:2} {", StringComparison.Ordinal));
    }

    /// <summary>rcu_dereference outside a read-side section: suspicious RCU usage, once per site; lockdep stays on.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void SuspiciousRcuUsage()
    {
        var box = new object[] { new() };
        this.Sys(this.Shell, k =>
        {
            for (var i = 0; i < 2; i++)
            {
                k.rcu_dereference_check(box[0], false);
            }

            using (k.guard_rcu())
            {
                k.rcu_dereference_check(box[0], false);
            }

            return 0;
        });
        var r = this.Splat("WARNING: suspicious RCU usage", 29);
        Assert.Matches(@"^LockdepReportTests\.cs:\d+ suspicious rcu_dereference_check\(\) usage!$", r[5]);
        AssertSequence(r, string.Empty, "other info that might help us debug this:", string.Empty, string.Empty, "rcu_scheduler_active = 2, debug_locks = 1", "no locks held by shell/" + this.Shell.pid + ".");
        Assert.True(this.K.debug_locks_enabled);
    }

    /// <summary>A system call that returns with a spinlock held.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void LockHeldReturningToUserSpace()
    {
        var l = new spinlock_t("test_leaked_lock");
        this.Sys(this.Shell, k =>
        {
            k.spin_lock(l);
            return 0;
        });
        this.Sys(this.Shell, k =>
        {
            k.spin_unlock(l);
            return 0;
        });
        var r = this.Splat("WARNING: lock held when returning to user space!", 48, stack: false);
        Assert.Equal($"shell/{this.Shell.pid} is leaving the kernel with locks still held!", r[5]);
        Assert.Equal($"1 lock held by shell/{this.Shell.pid}:", r[6]);
        Assert.Matches(@"^ #0: ffff8880[0-9a-f]{8} \(test_leaked_lock\)\{\+\.\+\.\}-\{2:2\}, at: ", r[7]);
    }

    /// <summary>Freeing an object whose lock is held.</summary>
    [KconfigFact("CONFIG_LOCKDEP")]
    public void HeldLockFreed()
    {
        var cache = this.K.kmem_cache_create("test_locked_obj");
        this.Sys(this.Shell, k =>
        {
            var o = k.kmem_cache_alloc(cache, vmlinux.GFP_KERNEL, () => new wait_queue_head_t("&obj->wait"))!;
            k.spin_lock(o.@lock);
            k.kmem_cache_free(cache, o);
            k.spin_unlock(o.@lock);
            return 0;
        });
        var r = this.Splat("WARNING: held lock freed!", 25);
        Assert.Matches(@"^shell/\d+ is freeing memory ffff8880[0-9a-f]{8}-ffff8880[0-9a-f]{6}ff, with a lock still held there!$", r[5]);
        Assert.Matches(@"^ffff8880[0-9a-f]{8} \(&obj->wait\)", r[6]);
    }

    /// <summary>Releasing a lock that is not held.</summary>
    [KconfigFact("CONFIG_LOCKDEP")]
    public void BadUnlockBalance()
    {
        var l = new spinlock_t("test_unheld_lock");
        var at = 0;
        Assert.Throws<kernel_bug>(() => this.Sys(this.Shell, k =>
        {
            at = Line() + 1;
            k.spin_unlock(l);
            return 0;
        }));
        var r = this.Splat("WARNING: bad unlock balance detected!", 37);
        Assert.Equal($"shell/{this.Shell.pid} is trying to release lock (test_unheld_lock) at:", r[5]);
        Assert.Equal($"[<ffffffff00000000>] BadUnlockBalance+0x0/0x0 {ThisFile}:{at}", r[6]);
        Assert.Equal("but there are no more locks to release!", r[7]);
    }

    /// <summary>A GFP_KERNEL allocation under a spinlock: sleeping function called from invalid context.</summary>
    [KconfigFact("CONFIG_LOCKDEP")]
    public void SleepingFunctionInAtomicContext()
    {
        var l = new spinlock_t("test_atomic_lock");
        var cache = this.K.kmem_cache_create("test_sleepy");
        this.Sys(this.Shell, k =>
        {
            k.spin_lock(l);
            var o = k.kmem_cache_alloc(cache, vmlinux.GFP_KERNEL, () => new object());
            k.spin_unlock(l);
            k.kmem_cache_free(cache, o!);
            return 0;
        });
        var log = this.K.dmesg.ToList();
        var at = log.FindIndex(x => x.StartsWith("BUG: sleeping function called from invalid context at ", StringComparison.Ordinal));
        Assert.True(at >= 0);

        /* the might_sleep site: might_alloc in the slab allocator, as the kernel names include/linux/sched/mm.h */
        Assert.Matches(@" at kernel/include/linux/slab\.cs:[1-9][0-9]*$", log[at]);
        Assert.Equal($"in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: {this.Shell.pid}, name: shell", log[at + 1]);
        Assert.Equal("preempt_count: 1, expected: 0", log[at + 2]);
        Assert.Equal("RCU nest depth: 0, expected: 0", log[at + 3]);
        Assert.Equal($"1 lock held by shell/{this.Shell.pid}:", log[at + 4]);
        Assert.StartsWith("CPU: ", log[at + 6], StringComparison.Ordinal);
        Assert.Single(this.K.clear_warnings());
    }

    /// <summary>
    /// A mutex taken under a spinlock: besides might_sleep's report, lockdep's "Invalid wait
    /// context": a sleeping lock ({4:4}) where the held spinlock allows only spinning (context-{2:2}).
    /// </summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void InvalidWaitContext()
    {
        var l = new spinlock_t("test_spin_ctx");
        var m = new mutex("test_mutex_ctx");
        var at = 0;
        this.Sys(this.Shell, k =>
        {
            k.spin_lock(l);
            at = Line() + 1;
            k.mutex_lock(m);
            k.mutex_unlock(m);
            k.spin_unlock(l);
            return 0;
        });
        var log = this.K.dmesg.ToList();
        var i = log.IndexOf("[ BUG: Invalid wait context ]");
        Assert.True(i >= 2, "no invalid wait context report:\n" + string.Join("\n", log));
        Assert.Equal(new string('=', 29), log[i - 1]);
        Assert.Equal(new string('-', 29), log[i + 2]);
        Assert.Equal($"shell/{this.Shell.pid} is trying to lock:", log[i + 3]);
        Assert.Matches(@"^ffff8880[0-9a-f]{8} \(test_mutex_ctx\)\{[.+?-]{4}\}-\{4:4\}, at: InvalidWaitContext\+0x0/0x0 ", log[i + 4]);
        Assert.EndsWith($"{ThisFile}:{at}", log[i + 4], StringComparison.Ordinal);
        Assert.Equal("other info that might help us debug this:", log[i + 5]);
        Assert.Equal("context-{2:2}", log[i + 6]);
        Assert.Equal($"1 lock held by shell/{this.Shell.pid}:", log[i + 7]);
        Assert.Contains("(test_spin_ctx){", log[i + 8], StringComparison.Ordinal);
        Assert.Equal("stack backtrace:", log[i + 10]);
        var warns = this.K.clear_warnings();
        Assert.Equal(2, warns.Count);
        Assert.Contains(warns, w => w.Contains("Invalid wait context: test_mutex_ctx", StringComparison.Ordinal));
        Assert.False(this.K.debug_locks_enabled);
    }

    /// <summary>A sleeping lock in a task with only sleeping locks held, and a spinlock in a hard interrupt: both allowed, no report.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void ValidWaitContexts()
    {
        var m1 = new mutex("test_mutex_outer");
        var m2 = new mutex("test_mutex_inner");
        var l = new spinlock_t("test_spin_in_task");
        var irq = new spinlock_t("test_spin_in_irq");
        this.Sys(this.Shell, k =>
        {
            k.mutex_lock(m1);
            k.mutex_lock(m2);
            k.spin_lock(l);
            k.spin_unlock(l);
            k.mutex_unlock(m2);
            k.mutex_unlock(m1);
            k.run_hardirq(() =>
            {
                k.spin_lock(irq);
                k.spin_unlock(irq);
            });
            return 0;
        });
        Assert.DoesNotContain("[ BUG: Invalid wait context ]", this.K.dmesg);
        Assert.True(this.K.debug_locks_enabled);
    }

    /// <summary>The edges API: the pid core's runtime lock graph has the documented nestings and no tasklist/pidmap edge.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void EdgesOfAForkAndReap()
    {
        var a = this.Fork(this.Shell, "a");
        this.Exit(a, 0);
        this.Reap(a);
        var edges = this.K.lockdep_edges();
        Assert.Contains(new lock_dependency("pidmap_lock", "pidmap_lock_seq"), edges);
        Assert.Contains(new lock_dependency("tasklist_lock", "&sighand->siglock"), edges);
        Assert.DoesNotContain(edges, e => (e.from, e.to) is ("tasklist_lock", "pidmap_lock") or ("pidmap_lock", "tasklist_lock"));
        Assert.Contains(this.K.lockdep_chains(), c => c.StartsWith("tasklist_lock -> ", StringComparison.Ordinal));
    }

    private static void AssertSequence(List<string> lines, params string[] seq)
    {
        for (var i = 0; i + seq.Length <= lines.Count; i++)
        {
            if (lines.Skip(i).Take(seq.Length).SequenceEqual(seq))
            {
                return;
            }
        }

        Assert.Fail("sequence not found:\n" + string.Join("\n", seq) + "\nin:\n" + string.Join("\n", lines));
    }

    /* the report's lines from its leading empty line; checks the frame; forgets the warning */
    private static int Line([CallerLineNumber] int line = 0) => line;

    private static string File([CallerFilePath] string file = "") => file;

    private List<string> Splat(string banner, int rules, bool stack = true)
    {
        var log = this.K.dmesg.ToList();
        var at = log.IndexOf(banner);
        Assert.True(at >= 2, $"no '{banner}' in the log:\n" + string.Join("\n", log));
        var r = log.Skip(at - 2).ToList();
        Assert.Equal(string.Empty, r[0]);
        Assert.Equal(new string('=', rules), r[1]);
        Assert.Equal("6.19.0-pidfs.cs #1 Not tainted", r[3]);
        Assert.Equal(new string('-', rules), r[4]);
        Assert.Equal(stack, r.Contains("stack backtrace:"));
        Assert.Single(this.K.clear_warnings());
        return r;
    }
}
