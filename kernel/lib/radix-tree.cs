// SPDX-License-Identifier: GPL-2.0-only

//
// lib/radix-tree.c, the part the IDR uses: its nodes, the per-CPU preload
// pool, and the allocation and freeing of nodes as ids come and go. The
// port's idr keeps its ids in bitmaps (include/linux/idr.cs), so the tree
// is not built of node objects; what is kept is its shape, exactly: the
// height, and for every node that exists the number of its children (for a
// leaf, the number of its allocated ids), so that each idr_alloc allocates
// the nodes upstream's would, each allocation can fail as upstream's can, and
// a failure unwinds as upstream's does (nodes already added stay in the
// tree, empty, until a later id uses them). Nodes are accounted in the
// "radix_tree_node" cache by count only (kmem_cache_alloc_counted).
//
// RADIX_TREE_MAP_SHIFT is 6 (CONFIG_BASE_SMALL off): a leaf covers 64 ids,
// the word of the idr's bitmap. A node at level L (leaves are level 1)
// covers 64^L ids; the node at level L holding id i is number i >> 6L.
//
// Not ported: preemption stays on between idr_preload and idr_preload_end
// (the model's CPU is a host thread that cannot migrate, so the pool it
// filled is the pool it uses); nodes are freed at once, not after an RCU
// grace period (no reader holds a node object: idr_find reads the bitmap's
// pages); the tags other than IDR_FREE (the bitmap's free bits are it).
using System;

using System.Linq;

namespace Linux;

/// <summary>lib/radix-tree.c.</summary>
public sealed partial class vmlinux
{
    /// <summary>RADIX_TREE_MAP_SHIFT: each node has 64 slots.</summary>
    public const int RADIX_TREE_MAP_SHIFT = 6;

    /* the IDR's ids are non-negative ints, so its tree is never higher than this */
    private const int IDR_INDEX_BITS = (8 * sizeof(int)) - 1;
    private const int IDR_MAX_PATH = (IDR_INDEX_BITS + RADIX_TREE_MAP_SHIFT - 1) / RADIX_TREE_MAP_SHIFT;

    /// <summary>IDR_PRELOAD_SIZE: the nodes one idr_alloc may need in the worst case (two new branches sharing the root).</summary>
    public const int IDR_PRELOAD_SIZE = (IDR_MAX_PATH * 2) - 1;

    /// <summary>Gets the radix tree node cache (radix_tree_init).</summary>
    public kmem_cache? radix_tree_node_cachep { get; private set; }

    /// <summary>radix_tree_init: the node cache (SLAB_PANIC upstream: boot stops if it cannot be made).</summary>
    public void radix_tree_init()
    {
        /* sizeof(struct radix_tree_node) on x86-64 */
        this.radix_tree_node_cachep = this.kmem_cache_create("radix_tree_node", 576);
        var ret = this.cpuhp_setup_state_nocalls(cpuhp_state.CPUHP_RADIX_DEAD, "lib/radix:dead", null, this.radix_tree_cpu_dead);
        this.WARN_ON(ret < 0);
    }

    /*
     * radix_tree_node_alloc: a caller that may not sleep first tries the
     * cache quietly, then takes a node from this CPU's preload pool; only
     * when that is empty too does the allocation fail. A caller that may
     * sleep just allocates.
     */
    private bool radix_tree_node_alloc(gfp_t gfp_mask)
    {
        if (!gfpflags_allow_blocking(gfp_mask) && this.in_task())
        {
            if (this.kmem_cache_alloc_counted(this.radix_tree_node_cachep!, gfp_mask | gfp_t.__GFP_NOWARN))
                return true;

            /* provided the caller preloaded, this always finds one */
            var rtp = this.this_cpu;
            if (rtp.radix_tree_preloads_nr == 0)
                return false;
            rtp.radix_tree_preloads_nr--;
            return true;
        }

        return this.kmem_cache_alloc_counted(this.radix_tree_node_cachep!, gfp_mask);
    }

    private void radix_tree_node_free() => this.kmem_cache_free_counted(this.radix_tree_node_cachep!);

    /* radix_tree_cpu_dead: a CPU gone offline gives its preloaded nodes back to the cache (CPUHP_RADIX_DEAD) */
    private int radix_tree_cpu_dead(int cpu)
    {
        var rtp = this.per_cpu_ptr(cpu);
        while (rtp.radix_tree_preloads_nr > 0)
        {
            this.radix_tree_node_free();
            rtp.radix_tree_preloads_nr--;
        }

        return 0;
    }

    /*
     * __radix_tree_preload: fill this CPU's pool up to nr nodes. A failed
     * allocation leaves the pool short and returns -ENOMEM; the nodes
     * already in the pool stay there for the next caller.
     */
    private int __radix_tree_preload(gfp_t gfp_mask, int nr)
    {
        gfp_mask &= ~gfp_t.__GFP_ACCOUNT;
        var rtp = this.this_cpu;
        while (rtp.radix_tree_preloads_nr < nr)
        {
            if (!this.kmem_cache_alloc_counted(this.radix_tree_node_cachep!, gfp_mask))
                return -errno.ENOMEM;
            rtp.radix_tree_preloads_nr++;
        }

        return 0;
    }

    /// <summary>
    /// idr_preload: fill this CPU's node pool so that the next idr_alloc, made under a spinlock
    /// with GFP_ATOMIC or GFP_NOWAIT, finds the nodes it needs. A failure is not reported:
    /// idr_alloc will then fail with -ENOMEM if it needs a node the pool lacks.
    /// </summary>
    /// <param name="gfp_mask">How the pool may be filled.</param>
    public void idr_preload(gfp_t gfp_mask) => this.__radix_tree_preload(gfp_mask, IDR_PRELOAD_SIZE);

    /// <summary>idr_preload_end: the end of the preloaded section.</summary>
    public void idr_preload_end()
    {
    }

    /* the levels a tree needs to hold index: a leaf holds 0..63 */
    private static int radix_tree_levels(long index)
    {
        var levels = 1;
        while (index >> (RADIX_TREE_MAP_SHIFT * levels) != 0)
            levels++;
        return levels;
    }

    /*
     * radix_tree_extend: a tree that is not empty gets new roots on top,
     * one node each, until it reaches index; each new root has the old one
     * in its slot 0. An empty tree only notes the height: the descent in
     * idr_get_free allocates every level.
     */
    private int radix_tree_extend(idr root, gfp_t gfp, long index)
    {
        var levels = radix_tree_levels(index);
        if (root.rt_height == 0)
            return levels;

        while (root.rt_height < levels)
        {
            if (!this.radix_tree_node_alloc(gfp))
                return -errno.ENOMEM;
            root.rt_height++;
            root.rt_node_set(root.rt_height, 0, 1);
        }

        return root.rt_height;
    }

    /*
     * idr_get_free: the first free id in [start, max], with the nodes on
     * its path allocated. The tree grows to reach start (and again when the
     * first free id lies beyond), then each missing node on the way down is
     * allocated and hung in its parent. -ENOSPC when there is no free id,
     * -ENOMEM when a node cannot be had.
     */
    private long idr_get_free(idr root, uint start, uint max, gfp_t gfp)
    {
        var id = idr_find_free(root, start, max);
        if (id < 0)
            return -errno.ENOSPC;

        var height = this.radix_tree_extend(root, gfp, Math.Max(start, id));
        if (height < 0)
            return height;

        for (var level = height; level >= 1; level--)
        {
            var index = id >> (RADIX_TREE_MAP_SHIFT * level);
            if (root.rt_node_count(level, index) >= 0)
                continue;

            /* have to add a child node */
            if (!this.radix_tree_node_alloc(gfp))
                return -errno.ENOMEM;
            root.rt_node_set(level, index, 0);
            if (level < height)
                root.rt_node_add(level + 1, index >> RADIX_TREE_MAP_SHIFT, 1);
            else
                root.rt_height = height;
        }

        return id;
    }

    /*
     * delete_node: after an id left a leaf, free every node on the way up
     * that has no children left; the walk stops at the first that has, and
     * if that is the root the tree may shrink. A root without children
     * leaves the tree empty.
     */
    private void delete_node(idr root, long id)
    {
        for (var level = 1; level <= root.rt_height; level++)
        {
            var index = id >> (RADIX_TREE_MAP_SHIFT * level);
            if (root.rt_node_count(level, index) != 0)
            {
                if (level == root.rt_height)
                    this.radix_tree_shrink(root);
                return;
            }

            root.rt_node_clear(level, index);
            this.radix_tree_node_free();
            if (level == root.rt_height)
            {
                root.rt_height = 0;
                return;
            }

            root.rt_node_add(level + 1, index >> RADIX_TREE_MAP_SHIFT, -1);
        }
    }

    /*
     * radix_tree_shrink: while the root has a single child, in slot 0, that
     * child becomes the root. An IDR never shrinks a leaf into the root
     * pointer, so a tree that is not empty keeps at least one level.
     */
    private void radix_tree_shrink(idr root)
    {
        while (root.rt_height > 1 && root.rt_node_count(root.rt_height, 0) == 1 && root.rt_node_count(root.rt_height - 1, 0) >= 0)
        {
            root.rt_node_clear(root.rt_height, 0);
            this.radix_tree_node_free();
            root.rt_height--;
        }
    }

    /* idr_destroy's part: free every node the tree still has */
    private void radix_tree_free_nodes(idr root)
    {
        var n = root.rt_nodes_total();
        for (var i = 0; i < n; i++)
            this.radix_tree_node_free();
        root.rt_nodes_clear();
    }
}
