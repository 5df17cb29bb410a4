// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/idr.h. The kernel's idr is a radix tree (xarray) that also
// remembers which ids are allocated; here the "allocated" set is a bitmap
// with two summary levels (a set bit means "this word below is full"), so
// finding the next free id from a cursor costs a few word scans even at
// pid_max = 4,194,304. Pointers live in pages of 4096 slots, published so
// that idr_find() can run under RCU alone while a writer (holding the
// caller's lock, pidmap_lock for pids) changes the tree.
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
}
