// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/idr.h. The kernel's idr is a radix tree (xarray) that also
// remembers which ids are allocated; here the "allocated" set is a bitmap
// with two summary levels (a set bit means "this word below is full"), so
// finding the next free id from a cursor costs a few word scans even at
// pid_max = 4,194,304. Pointers live in pages of 4096 slots, published so
// that idr_find() can run under RCU alone while a writer (holding the
// caller's lock, pidmap_lock for pids) changes the tree. The radix tree
// upstream keeps the ids in is kept as its shape (lib/radix-tree.cs), so
// idr_alloc allocates, and may fail to allocate, the nodes upstream's does.
namespace Linux;

/// <summary>struct idr.</summary>
public sealed class idr
{
    internal const int PAGE_SHIFT = 12;
    internal const int PAGE_SLOTS = 1 << PAGE_SHIFT;

    internal object?[]?[] pages = new object?[]?[1];
    internal ulong[] used = new ulong[PAGE_SLOTS / 64];
    internal ulong[] full1 = new ulong[1];
    internal ulong[] full2 = new ulong[1];

    /// <summary>Gets or sets the cyclic allocation cursor (idr_next).</summary>
    public uint idr_next { get; set; }

    /// <summary>Gets the number of allocated ids.</summary>
    public int count { get; internal set; }

    /* the radix tree's shape (lib/radix-tree.cs): its height, 0 when empty */
    internal int rt_height;

    /* per level (leaves first), per node number: 0 when the node does not exist, else 1 + its children */
    private int[]?[] rt_nodes = new int[]?[8];

    /* the children of node (level, index), -1 when it does not exist */
    internal int rt_node_count(int level, long index)
    {
        var a = this.rt_nodes[level];
        return a == null || index >= a.Length ? -1 : a[index] - 1;
    }

    internal void rt_node_set(int level, long index, int children)
    {
        var a = this.rt_nodes[level] ??= new int[64];
        if (index >= a.Length)
        {
            var n = a.Length;
            while (n <= index)
                n *= 2;
            System.Array.Resize(ref a, n);
            this.rt_nodes[level] = a;
        }

        a[index] = children + 1;
    }

    internal void rt_node_add(int level, long index, int delta) => this.rt_nodes[level]![index] += delta;

    internal void rt_node_clear(int level, long index) => this.rt_nodes[level]![index] = 0;

    internal int rt_nodes_total()
    {
        var n = 0;
        foreach (var a in this.rt_nodes)
        {
            if (a == null)
                continue;
            foreach (var c in a)
            {
                if (c != 0)
                    n++;
            }
        }

        return n;
    }

    internal void rt_nodes_clear()
    {
        this.rt_height = 0;
        System.Array.Clear(this.rt_nodes);
    }
}
