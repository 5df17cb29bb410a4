// SPDX-License-Identifier: GPL-2.0-only

//
// include/asm-generic/barrier.h: the SMP memory barriers and the
// acquire/release accessors. A full fence stands for each smp_*mb (stronger
// than smp_rmb/smp_wmb need, never weaker); a volatile load or store is
// exactly acquire or release in the CLR memory model.
using System.Threading;

namespace Linux;

/// <summary>barrier.h.</summary>
public sealed partial class vmlinux
{
    /// <summary>smp_mb: orders all earlier loads and stores before all later ones.</summary>
    public static void smp_mb() => Interlocked.MemoryBarrier();

    /// <summary>smp_rmb: orders earlier loads before later loads.</summary>
    public static void smp_rmb() => Interlocked.MemoryBarrier();

    /// <summary>smp_wmb: orders earlier stores before later stores.</summary>
    public static void smp_wmb() => Interlocked.MemoryBarrier();

    /// <summary>smp_mb__before_atomic: full order before a non-returning atomic operation.</summary>
    public static void smp_mb__before_atomic() => Interlocked.MemoryBarrier();

    /// <summary>smp_mb__after_atomic: full order after a non-returning atomic operation.</summary>
    public static void smp_mb__after_atomic() => Interlocked.MemoryBarrier();

    /// <summary>smp_load_acquire(p) of a pointer: later accesses stay after the load.</summary>
    /// <typeparam name="T">The pointed-to type.</typeparam>
    /// <param name="p">The location.</param>
    /// <returns>Its value.</returns>
    public static T smp_load_acquire<T>(ref T p)
        where T : class? => Volatile.Read(ref p);

    /// <summary>smp_load_acquire(p) of an int.</summary>
    /// <param name="p">The location.</param>
    /// <returns>Its value.</returns>
    public static int smp_load_acquire(ref int p) => Volatile.Read(ref p);

    /// <summary>smp_load_acquire(p) of an unsigned long.</summary>
    /// <param name="p">The location.</param>
    /// <returns>Its value.</returns>
    public static ulong smp_load_acquire(ref ulong p) => Volatile.Read(ref p);

    /// <summary>smp_store_release(p, v) of a pointer: earlier accesses stay before the store.</summary>
    /// <typeparam name="T">The pointed-to type.</typeparam>
    /// <param name="p">The location.</param>
    /// <param name="v">The value.</param>
    public static void smp_store_release<T>(ref T p, [__consumes] T v)
        where T : class? => Volatile.Write(ref p, v);

    /// <summary>smp_store_release(p, v) of an int.</summary>
    /// <param name="p">The location.</param>
    /// <param name="v">The value.</param>
    public static void smp_store_release(ref int p, int v) => Volatile.Write(ref p, v);

    /// <summary>smp_store_release(p, v) of an unsigned long.</summary>
    /// <param name="p">The location.</param>
    /// <param name="v">The value.</param>
    public static void smp_store_release(ref ulong p, ulong v) => Volatile.Write(ref p, v);
}
