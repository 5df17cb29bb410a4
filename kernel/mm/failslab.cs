// SPDX-License-Identifier: GPL-2.0-only

//
// mm/failslab.c: the fault injection point of every slab and kmalloc
// allocation (/sys/kernel/debug/failslab). __GFP_NOFAIL never fails;
// ignore-gfp-wait (on by default, as in the kernel's code) leaves alone the
// allocations that may sleep in reclaim, so the probability knobs mostly hit
// GFP_ATOMIC; syzkaller and the port's tests turn it off. A skipped call
// does not count against fail-nth.
namespace Linux;

/// <summary>The failslab settings.</summary>
public sealed class failslab_attr
{
    /// <summary>Gets the fault attribute (debugfs failslab/).</summary>
    public fault_attr attr { get; } = new("failslab");

    /// <summary>Gets or sets a value indicating whether allocations that may enter direct reclaim are never failed (ignore-gfp-wait).</summary>
    public bool ignore_gfp_reclaim { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether only caches created with SLAB_FAILSLAB may fail (cache-filter).</summary>
    public bool cache_filter { get; set; }
}

/// <summary>mm/failslab.c.</summary>
public sealed partial class vmlinux
{
    /// <summary>
    /// The number of allocations that reached the injection point since boot (a port addition:
    /// single-threaded runs are deterministic, so "the Nth allocation since boot" names one
    /// allocation exactly; kpidfs faults counts and fails allocations by it).
    /// </summary>
    public long failslab_calls;

    /// <summary>A port addition: the allocation (by <see cref="failslab_calls"/>) to fail; 0 for none.</summary>
    public long failslab_fail_at;

    /// <summary>A port addition: the cache of the last allocation failslab refused (tests tell an absorbed failure by it).</summary>
    public kmem_cache? failslab_last_failed;

    /// <summary>Gets the failslab knobs of this kernel.</summary>
    public failslab_attr failslab { get; } = new();

    /// <summary>should_failslab: -ENOMEM when this allocation is to fail, else 0.</summary>
    /// <param name="s">The cache.</param>
    /// <param name="gfpflags">The allocation flags.</param>
    /// <returns>0 or -ENOMEM.</returns>
    public int should_failslab(kmem_cache s, gfp_t gfpflags)
    {
        var flags = 0;

        if ((gfpflags & gfp_t.__GFP_NOFAIL) != 0)
            return 0;

        if (this.failslab.ignore_gfp_reclaim && (gfpflags & gfp_t.__GFP_DIRECT_RECLAIM) != 0)
            return 0;

        if (this.failslab.cache_filter && (s.flags & SLAB_FAILSLAB) == 0)
            return 0;

        /* __GFP_NOWARN callers want no output at all (it could deadlock them) */
        if ((gfpflags & gfp_t.__GFP_NOWARN) != 0)
            flags |= FAULT_NOWARN;

        /* the port's kernel-wide countdown (kpidfs faults) comes first, as fail-nth does */
        if (atomic_long_inc_return(ref this.failslab_calls) == this.failslab_fail_at)
        {
            if ((flags & FAULT_NOWARN) == 0)
                this.fail_dump(this.failslab.attr);
            this.failslab_last_failed = s;
            return -errno.ENOMEM;
        }

        if (!this.should_fail_ex(this.failslab.attr, s.object_size, flags))
            return 0;
        this.failslab_last_failed = s;
        return -errno.ENOMEM;
    }

    /// <summary>
    /// failslab_store (mm/slub.c): /sys/kernel/slab/&lt;cache&gt;/failslab, which puts a cache
    /// under failslab's cache-filter.
    /// </summary>
    /// <param name="s">The cache.</param>
    /// <param name="on">Whether the cache may fail.</param>
    public void failslab_store(kmem_cache s, bool on)
    {
        if (on)
            s.flags |= SLAB_FAILSLAB;
        else
            s.flags &= ~SLAB_FAILSLAB;
    }
}
