// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/atomic.h (atomic/atomic-instrumented.h): xchg and cmpxchg on
// a plain pointer, fully ordered as in the kernel.
using System.Threading;

namespace Linux;

/// <summary>atomic.h.</summary>
public sealed partial class vmlinux
{
    /// <summary>xchg(ptr, new): stores new and returns the old value.</summary>
    /// <typeparam name="T">The pointed-to type.</typeparam>
    /// <param name="ptr">The location.</param>
    /// <param name="new">The new value (the location takes over its reference).</param>
    /// <returns>The old value.</returns>
    public static T xchg<T>(ref T ptr, [__consumes] T @new)
        where T : class? => Interlocked.Exchange(ref ptr, @new);

    /// <summary>cmpxchg(ptr, old, new): stores new if ptr holds old; returns what was there.</summary>
    /// <typeparam name="T">The pointed-to type.</typeparam>
    /// <param name="ptr">The location.</param>
    /// <param name="old">The expected value.</param>
    /// <param name="new">The new value (the location takes over its reference).</param>
    /// <returns>The value found.</returns>
    public static T cmpxchg<T>(ref T ptr, T old, [__consumes] T @new)
        where T : class? => Interlocked.CompareExchange(ref ptr, @new, old);

    /// <summary>cmpxchg(ptr, old, new) of an int.</summary>
    /// <param name="ptr">The location.</param>
    /// <param name="old">The expected value.</param>
    /// <param name="new">The new value.</param>
    /// <returns>The value found.</returns>
    public static int cmpxchg(ref int ptr, int old, int @new) => Interlocked.CompareExchange(ref ptr, @new, old);
}
