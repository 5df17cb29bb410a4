// SPDX-License-Identifier: GPL-2.0-only

//
// lib/idr.c: the id allocator API over struct idr. Writers must be
// serialised by the caller; idr_find may run concurrently under RCU.
using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;

namespace Linux;

/// <summary>IDR operations.</summary>
public sealed partial class vmlinux
{
    /// <summary>idr_init.</summary>
    /// <param name="idr">The idr.</param>
    public static void idr_init(idr idr)
    {
        idr.pages = new object?[]?[1];
        idr.used = new ulong[idr.PAGE_SLOTS / 64];
        idr.full1 = new ulong[1];
        idr.full2 = new ulong[1];
        idr.idr_next = 0;
        idr.count = 0;
        idr.rt_nodes_clear();
    }

    /// <summary>idr_alloc: the lowest free id in [start, end) (end &lt;= 0: up to INT_MAX).</summary>
    /// <param name="idr">The idr.</param>
    /// <param name="ptr">The pointer to store.</param>
    /// <param name="start">Lowest id.</param>
    /// <param name="end">One past the highest id.</param>
    /// <param name="gfp">Allocation flags.</param>
    /// <returns>The id, -ENOSPC, or -ENOMEM when a tree node cannot be allocated.</returns>
    public int idr_alloc(idr idr, object? ptr, int start, int end, gfp_t gfp)
    {
        if (start < 0)
            return -errno.EINVAL;
        uint id = (uint)start;
        var ret = this.idr_alloc_u32(idr, ptr, ref id, end > 0 ? (uint)(end - 1) : int.MaxValue, gfp);
        return ret != 0 ? ret : (int)id;
    }

    /// <summary>idr_alloc_cyclic: the first free id at or after the cursor, wrapping once to <paramref name="start"/>.</summary>
    /// <param name="idr">The idr.</param>
    /// <param name="ptr">The pointer to store.</param>
    /// <param name="start">Lowest id.</param>
    /// <param name="end">One past the highest id.</param>
    /// <param name="gfp">Allocation flags.</param>
    /// <returns>The id, -ENOSPC, or -ENOMEM.</returns>
    public int idr_alloc_cyclic(idr idr, object? ptr, int start, int end, gfp_t gfp)
    {
        uint id = idr.idr_next;
        uint max = end > 0 ? (uint)(end - 1) : int.MaxValue;
        if ((int)id < start)
            id = (uint)start;
        var err = this.idr_alloc_u32(idr, ptr, ref id, max, gfp);
        if (err == -errno.ENOSPC && id > start)
        {
            id = (uint)start;
            err = this.idr_alloc_u32(idr, ptr, ref id, max, gfp);
        }

        if (err != 0)
            return err;
        idr.idr_next = id + 1;
        return (int)id;
    }

    /// <summary>idr_alloc_u32: allocates the first free id in [*nextid, max].</summary>
    /// <param name="idr">The idr.</param>
    /// <param name="ptr">The pointer to store.</param>
    /// <param name="nextid">In: the lowest id; out: the id.</param>
    /// <param name="max">The highest id.</param>
    /// <param name="gfp">Allocation flags.</param>
    /// <returns>0, -ENOSPC, or -ENOMEM.</returns>
    public int idr_alloc_u32(idr idr, object? ptr, ref uint nextid, uint max, gfp_t gfp)
    {
        var id = this.idr_get_free(idr, nextid, max, gfp);
        if (id < 0)
            return (int)id;
        nextid = (uint)id;
        idr_mark(idr, (int)id, true);
        idr.rt_node_add(1, id >> RADIX_TREE_MAP_SHIFT, 1);
        idr_slot_store(idr, id, ptr);
        idr.count++;
        return 0;
    }

    /// <summary>idr_find: the pointer stored at <paramref name="id"/> (NULL if free or reserved).</summary>
    /// <param name="idr">The idr.</param>
    /// <param name="id">The id.</param>
    /// <returns>The pointer.</returns>
    public static object? idr_find(idr idr, long id)
    {
        if (id < 0)
            return null;
        var pages = READ_ONCE(ref idr.pages);
        var pg = id >> idr.PAGE_SHIFT;
        if (pg >= pages.Length)
            return null;
        var page = READ_ONCE(ref pages[pg]);
        return page == null ? null : READ_ONCE(ref page[id & (idr.PAGE_SLOTS - 1)]);
    }

    /// <summary>idr_replace: stores a new pointer at an allocated id.</summary>
    /// <param name="idr">The idr.</param>
    /// <param name="ptr">The new pointer.</param>
    /// <param name="id">The id.</param>
    /// <returns>The old pointer, or ERR_PTR(-ENOENT) if the id is not allocated.</returns>
    public static object? idr_replace(idr idr, object? ptr, long id)
    {
        if (!idr_is_allocated(idr, id))
            return ERR_PTR<object>(-errno.ENOENT);
        var old = idr_find(idr, id);
        idr_slot_store(idr, id, ptr);
        return old;
    }

    /// <summary>idr_remove: frees the id.</summary>
    /// <param name="idr">The idr.</param>
    /// <param name="id">The id.</param>
    /// <returns>The pointer that was stored, or NULL.</returns>
    public object? idr_remove(idr idr, long id)
    {
        if (!idr_is_allocated(idr, id))
            return null;
        var old = idr_find(idr, id);
        idr_slot_store(idr, id, null);
        idr_mark(idr, (int)id, false);
        idr.count--;
        idr.rt_node_add(1, id >> RADIX_TREE_MAP_SHIFT, -1);
        this.delete_node(idr, id);
        return old;
    }

    /// <summary>idr_get_cursor.</summary>
    /// <param name="idr">The idr.</param>
    /// <returns>The cyclic cursor.</returns>
    public static uint idr_get_cursor(idr idr) => idr.idr_next;

    /// <summary>idr_set_cursor.</summary>
    /// <param name="idr">The idr.</param>
    /// <param name="val">The new cursor.</param>
    public static void idr_set_cursor(idr idr, uint val) => idr.idr_next = val;

    /// <summary>idr_is_empty.</summary>
    /// <param name="idr">The idr.</param>
    /// <returns>True with no id allocated.</returns>
    public static bool idr_is_empty(idr idr) => idr.count == 0;

    /// <summary>idr_destroy: forgets every id and frees the tree's nodes.</summary>
    /// <param name="idr">The idr.</param>
    public void idr_destroy(idr idr)
    {
        this.radix_tree_free_nodes(idr);
        idr_init(idr);
    }

    /// <summary>idr_get_next: the first id at or after <paramref name="nextid"/> holding a non-NULL pointer.</summary>
    /// <param name="idr">The idr.</param>
    /// <param name="nextid">In: where to start; out: the id found.</param>
    /// <returns>The pointer, or NULL when there is none.</returns>
    public static object? idr_get_next(idr idr, ref int nextid)
    {
        var words = idr.used;
        for (var w = nextid >> 6; w < words.Length; w++)
        {
            var bits = words[w];
            if (w == nextid >> 6)
                bits &= ~0UL << (nextid & 63);
            while (bits != 0)
            {
                var id = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var p = idr_find(idr, id);
                if (p != null)
                {
                    nextid = id;
                    return p;
                }
            }
        }

        return null;
    }

    /// <summary>Every allocated id with its pointer (NULL for reserved ids), in id order.</summary>
    /// <param name="idr">The idr.</param>
    /// <returns>The entries.</returns>
    public static IEnumerable<(int id, object? ptr)> idr_entries(idr idr)
    {
        var words = idr.used;
        for (var w = 0; w < words.Length; w++)
        {
            var bits = words[w];
            while (bits != 0)
            {
                var id = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                yield return (id, idr_find(idr, id));
            }
        }
    }

    private static bool idr_is_allocated(idr idr, long id)
    {
        if (id < 0 || (id >> 6) >= idr.used.Length)
            return false;
        return (idr.used[id >> 6] & (1UL << (int)(id & 63))) != 0;
    }

    private static void idr_slot_store(idr idr, long id, object? ptr)
    {
        var pg = (int)(id >> idr.PAGE_SHIFT);
        var pages = idr.pages;
        if (pg >= pages.Length)
        {
            var bigger = new object?[]?[Math.Max(pg + 1, pages.Length * 2)];
            Array.Copy(pages, bigger, pages.Length);
            WRITE_ONCE(ref idr.pages, bigger);
            pages = bigger;
        }

        var page = pages[pg];
        if (page == null)
        {
            if (ptr == null)
                return;
            page = new object?[idr.PAGE_SLOTS];
            WRITE_ONCE(ref pages[pg], page);
        }

        WRITE_ONCE(ref page[id & (idr.PAGE_SLOTS - 1)], ptr);
    }

    private static void idr_mark(idr idr, int id, bool set)
    {
        var w = id >> 6;
        if (w >= idr.used.Length)
        {
            var n = idr.used.Length;
            while (n <= w)
                n *= 2;
            Array.Resize(ref idr.used, n);
            Array.Resize(ref idr.full1, Math.Max(1, (n + 63) >> 6));
            Array.Resize(ref idr.full2, Math.Max(1, (idr.full1.Length + 63) >> 6));
        }

        if (set)
        {
            idr.used[w] |= 1UL << (id & 63);
            if (idr.used[w] == ulong.MaxValue)
            {
                idr.full1[w >> 6] |= 1UL << (w & 63);
                if (idr.full1[w >> 6] == ulong.MaxValue)
                    idr.full2[w >> 12] |= 1UL << ((w >> 6) & 63);
            }
        }
        else
        {
            idr.used[w] &= ~(1UL << (id & 63));
            idr.full1[w >> 6] &= ~(1UL << (w & 63));
            idr.full2[w >> 12] &= ~(1UL << ((w >> 6) & 63));
        }
    }

    /* the first id in [from, max] whose bit is clear, or -1 */
    internal static long idr_find_free(idr idr, uint from, uint max)
    {
        long id = from;
        while (id <= max)
        {
            var w = id >> 6;
            if (w >= idr.used.Length)
                return id; /* beyond the bitmap: all free */
            var free = ~idr.used[w] & (~0UL << (int)(id & 63));
            if (free != 0)
            {
                var found = (w << 6) + BitOperations.TrailingZeroCount(free);
                return found <= max ? found : -1;
            }

            /* this word is full: skip ahead over full words using the summaries */
            id = next_nonfull_word(idr, w + 1) << 6;
        }

        return -1;
    }

    private static long next_nonfull_word(idr idr, long w)
    {
        while (w < idr.used.Length)
        {
            var w1 = w >> 6;
            if ((w & 63) == 0 && w1 < idr.full1.Length && idr.full1[w1] == ulong.MaxValue)
            {
                /* a whole summary word is full: maybe skip 4096-id blocks via level 2 */
                var w2 = w1 >> 6;
                if ((w1 & 63) == 0 && w2 < idr.full2.Length && idr.full2[w2] == ulong.MaxValue)
                {
                    w += 64 * 64;
                    continue;
                }

                w += 64;
                continue;
            }

            var bits = w1 < idr.full1.Length ? ~idr.full1[w1] & (~0UL << (int)(w & 63)) : ~0UL;
            if (bits != 0)
                return (w1 << 6) + BitOperations.TrailingZeroCount(bits);
            w = (w1 + 1) << 6;
        }

        return w;
    }
}
