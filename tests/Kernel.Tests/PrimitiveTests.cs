// SPDX-License-Identifier: GPL-2.0-only

using System.Linq;
using System.Threading;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>refcount_t, lockdep, RCU, ERR_PTR and the idr, with kernel semantics.</summary>
public sealed class PrimitiveTests : KernelTest
{
    /// <summary>An increment from zero warns (use after free) and saturates; a saturated counter never frees.</summary>
    [Fact]
    public void RefcountIncrementFromZeroWarnsAndSaturates()
    {
        var r = new refcount_t(0);
        this.K.refcount_inc(ref r);
        Assert.Contains(this.K.clear_warnings(), w => w.Contains("addition on 0; use-after-free", System.StringComparison.Ordinal));
        Assert.Equal(vmlinux.REFCOUNT_SATURATED, vmlinux.refcount_read(ref r));
        Assert.False(this.K.refcount_dec_and_test(ref r));
        this.K.clear_warnings();
        Assert.Equal(vmlinux.REFCOUNT_SATURATED, vmlinux.refcount_read(ref r));
    }

    /// <summary>A drop below zero warns (underflow); inc_not_zero refuses a zero counter.</summary>
    [Fact]
    public void RefcountUnderflowWarns()
    {
        var r = new refcount_t(1);
        Assert.True(this.K.refcount_dec_and_test(ref r));
        Assert.False(this.K.refcount_inc_not_zero(ref r));
        Assert.False(this.K.refcount_dec_and_test(ref r));
        Assert.Contains(this.K.clear_warnings(), w => w.Contains("underflow", System.StringComparison.Ordinal));
        Assert.Empty(this.K.warns);
    }

    /// <summary>Taking a held lock again is a deadlock: BUG, not a hang; releasing a lock not held is too.</summary>
    [KconfigFact("CONFIG_LOCKDEP")]
    public void LockdepCatchesRecursionAndBadUnlock()
    {
        var a = new spinlock_t("test_lock_r");
        this.TakeTwice(k => k.spin_lock(a), k => k.spin_unlock(a));
        Assert.Throws<kernel_bug>(() => this.Sys(this.Shell, k =>
        {
            k.spin_unlock(a);
            return 0;
        }));
        /* both are BUGs; lockdep reported only the first and then turned itself off, as the kernel's does */
        Assert.Single(this.K.clear_warnings());
        Assert.False(this.K.debug_locks_enabled);
    }

    /// <summary>lockdep_assert_held and _not_held really check this CPU's held locks.</summary>
    [KconfigFact("CONFIG_LOCKDEP")]
    public void LockdepAssertionsCheck()
    {
        this.Sys(this.Shell, k =>
        {
            k.lockdep_assert_held(k.pidmap_lock);
            using (k.guard_spinlock(k.pidmap_lock))
            {
                k.lockdep_assert_held(k.pidmap_lock);
                k.lockdep_assert_not_held(k.pidmap_lock);
            }

            return 0;
        });
        var w = this.K.clear_warnings();
        Assert.Equal(2, w.Count);
        Assert.Contains("lockdep_assert_held(pidmap_lock) failed", w[0], System.StringComparison.Ordinal);
        Assert.Contains("lockdep_assert_not_held(pidmap_lock) failed", w[1], System.StringComparison.Ordinal);
    }

    /// <summary>A call_rcu callback waits for a grace period; synchronize_rcu waits for a reader on another CPU.</summary>
    [Fact]
    public void RcuWaitsForReaders()
    {
        var readerLeft = 0;
        var sawReaderLeft = -1;
        var head = new rcu_head(this);
        using var inside = new ManualResetEventSlim();
        using var leave = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            this.K.rcu_read_lock();
            inside.Set();
            leave.Wait();

            /* marked while still inside: the grace period cannot end before the unlock below */
            Volatile.Write(ref readerLeft, 1);
            this.K.rcu_read_unlock();
        });
        reader.Start();
        inside.Wait();

        /* the callback records whether the reader had left its read section when it ran */
        this.K.call_rcu(head, _ => Volatile.Write(ref sawReaderLeft, Volatile.Read(ref readerLeft)));
        var barrier = new Thread(() => this.K.rcu_barrier());
        barrier.Start();
        Thread.Sleep(50);
        Assert.Equal(-1, Volatile.Read(ref sawReaderLeft)); /* not run while the reader is inside */
        leave.Set();
        barrier.Join();
        reader.Join();

        /* it ran, and only after the reader left; a grace period that ignored the reader would record 0 */
        Assert.Equal(1, Volatile.Read(ref sawReaderLeft));
    }

    /// <summary>ERR_PTR values are recognisable and carry their errno.</summary>
    [Fact]
    public void ErrPtr()
    {
        var e = vmlinux.ERR_PTR<pid>(-errno.ESRCH);
        Assert.True(vmlinux.IS_ERR(e));
        Assert.Equal(-errno.ESRCH, vmlinux.PTR_ERR(e));
        Assert.Same(e, vmlinux.ERR_PTR<pid>(-errno.ESRCH));
        Assert.Equal(-errno.ESRCH, vmlinux.PTR_ERR(vmlinux.ERR_CAST<task_struct>(e)));
        Assert.False(vmlinux.IS_ERR(vmlinux.task_pid(this.Shell)));
        Assert.True(vmlinux.IS_ERR_OR_NULL(null));
        Assert.Same(vmlinux.PIDFS_PID_DEAD, vmlinux.ERR_PTR<pidfs_attr>(-errno.ESRCH));
    }

    /// <summary>idr_alloc_cyclic continues after the cursor, wraps once, and reports ENOSPC when full.</summary>
    [Fact]
    public void IdrCyclic()
    {
        var idr = new idr();
        vmlinux.idr_init(idr);
        Assert.Equal(1, this.K.idr_alloc_cyclic(idr, "a", 1, 5, gfp_t.GFP_KERNEL));
        Assert.Equal(2, this.K.idr_alloc_cyclic(idr, "b", 1, 5, gfp_t.GFP_KERNEL));
        Assert.Equal("a", this.K.idr_remove(idr, 1));
        Assert.Equal(3, this.K.idr_alloc_cyclic(idr, "c", 1, 5, gfp_t.GFP_KERNEL));
        Assert.Equal(4, this.K.idr_alloc_cyclic(idr, "d", 1, 5, gfp_t.GFP_KERNEL));
        Assert.Equal(1, this.K.idr_alloc_cyclic(idr, "e", 1, 5, gfp_t.GFP_KERNEL));
        Assert.Equal(-errno.ENOSPC, this.K.idr_alloc_cyclic(idr, "f", 1, 5, gfp_t.GFP_KERNEL));
        Assert.Equal(-errno.ENOSPC, this.K.idr_alloc(idr, "g", 3, 4, gfp_t.GFP_KERNEL));
        Assert.True(vmlinux.IS_ERR(vmlinux.idr_replace(idr, "h", 9)));
        var next = 2;
        Assert.Equal("b", vmlinux.idr_get_next(idr, ref next));
        Assert.Equal(2, next);
        Assert.Equal(new[] { 1, 2, 3, 4 }, vmlinux.idr_entries(idr).Select(e => e.id));
        this.K.idr_destroy(idr);
    }

    /// <summary>The idr holds pid_max = 4,194,304 ids and finds the single free one among them.</summary>
    [Fact]
    public void IdrAtPidMaxLimit()
    {
        const int limit = 4 * 1024 * 1024;
        var idr = new idr();
        vmlinux.idr_init(idr);
        for (var i = 1; i < limit; i++)
        {
            Assert.Equal(i, this.K.idr_alloc_cyclic(idr, null, 1, limit, gfp_t.GFP_KERNEL));
        }

        Assert.Equal(-errno.ENOSPC, this.K.idr_alloc_cyclic(idr, null, 1, limit, gfp_t.GFP_KERNEL));
        this.K.idr_remove(idr, 3_000_001);
        Assert.Equal(3_000_001, this.K.idr_alloc_cyclic(idr, null, 1, limit, gfp_t.GFP_KERNEL));
        Assert.Equal(limit - 1, idr.count);
        this.K.idr_destroy(idr);
    }

    /// <summary>
    /// idr_alloc and idr_remove allocate and free the radix tree nodes upstream's do: one leaf
    /// per 64 ids, a new root on top when an id is out of reach, the root freed when it is left
    /// with one child in slot 0, nothing when the tree is empty.
    /// </summary>
    [Fact]
    public void IdrAllocatesRadixTreeNodesAsUpstream()
    {
        var idr = new idr();
        vmlinux.idr_init(idr);
        var cache = this.K.radix_tree_node_cachep!;
        var boot = cache.active_objs;
        int Nodes() => cache.active_objs - boot;

        Assert.Equal(1, this.K.idr_alloc(idr, null, 1, 2, gfp_t.GFP_KERNEL));
        Assert.Equal(1, Nodes()); /* a leaf, the root */
        Assert.Equal(64, this.K.idr_alloc(idr, null, 64, 65, gfp_t.GFP_KERNEL));
        Assert.Equal(3, Nodes()); /* a new root over the old leaf, a second leaf */
        Assert.Equal(2, this.K.idr_alloc(idr, null, 2, 3, gfp_t.GFP_KERNEL));
        Assert.Equal(3, Nodes());
        this.K.idr_remove(idr, 64);
        Assert.Equal(1, Nodes()); /* the second leaf freed, the root shrunk into the first */
        this.K.idr_remove(idr, 2);
        this.K.idr_remove(idr, 1);
        Assert.Equal(0, Nodes());

        Assert.Equal(4095, this.K.idr_alloc(idr, null, 4095, 4096, gfp_t.GFP_KERNEL));
        Assert.Equal(2, Nodes()); /* an empty tree grows by the descent alone */
        Assert.Equal(4096, this.K.idr_alloc(idr, null, 4096, 4097, gfp_t.GFP_KERNEL));
        Assert.Equal(5, Nodes()); /* one new root, a level-2 node and a leaf below it */
        this.K.idr_remove(idr, 4095);
        Assert.Equal(3, Nodes()); /* slot 0 emptied: no shrink, the root keeps its child in slot 1 */
        this.K.idr_destroy(idr);
        Assert.Equal(0, Nodes());
    }
}
