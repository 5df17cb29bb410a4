// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/atomic.h (atomic/atomic-instrumented.h, atomic-long.h): xchg and
// cmpxchg on a plain pointer, and the atomic_t / atomic_long_t operations the port
// uses. atomic_t is a plain int field here (atomic_long_t a long), so each operation
// takes the field by reference; the names, return values and ordering are the
// kernel's: the *_return, *_and_test, *_unless and *_not_zero forms are fully
// ordered, atomic_inc/atomic_dec/atomic_read/atomic_set are relaxed.
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

    /// <summary>atomic_read: a relaxed load of an atomic_t.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>Its value.</returns>
    public static int atomic_read(ref int v) => Volatile.Read(ref v);

    /// <summary>atomic_set: a relaxed store to an atomic_t.</summary>
    /// <param name="v">The counter.</param>
    /// <param name="i">The new value.</param>
    public static void atomic_set(ref int v, int i) => Volatile.Write(ref v, i);

    /// <summary>atomic_set_release: a store that orders everything before it.</summary>
    /// <param name="v">The counter.</param>
    /// <param name="i">The new value.</param>
    public static void atomic_set_release(ref int v, int i) => Volatile.Write(ref v, i);

    /// <summary>atomic_xchg: stores <paramref name="i"/>, fully ordered.</summary>
    /// <param name="v">The counter.</param>
    /// <param name="i">The new value.</param>
    /// <returns>The old value.</returns>
    public static int atomic_xchg(ref int v, int i) => Interlocked.Exchange(ref v, i);

    /// <summary>atomic_inc.</summary>
    /// <param name="v">The counter.</param>
    public static void atomic_inc(ref int v) => Interlocked.Increment(ref v);

    /// <summary>atomic_dec.</summary>
    /// <param name="v">The counter.</param>
    public static void atomic_dec(ref int v) => Interlocked.Decrement(ref v);

    /// <summary>atomic_inc_return.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>The new value.</returns>
    public static int atomic_inc_return(ref int v) => Interlocked.Increment(ref v);

    /// <summary>atomic_dec_return.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>The new value.</returns>
    public static int atomic_dec_return(ref int v) => Interlocked.Decrement(ref v);

    /// <summary>atomic_dec_and_test: decrements and says whether the result is 0.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>True if it reached 0.</returns>
    public static bool atomic_dec_and_test(ref int v) => Interlocked.Decrement(ref v) == 0;

    /// <summary>atomic_add_unless: adds <paramref name="a"/> unless the counter is <paramref name="u"/>.</summary>
    /// <param name="v">The counter.</param>
    /// <param name="a">The amount.</param>
    /// <param name="u">The value that stops the add.</param>
    /// <returns>True if it added.</returns>
    public static bool atomic_add_unless(ref int v, int a, int u)
    {
        var c = Volatile.Read(ref v);
        while (c != u)
        {
            var seen = Interlocked.CompareExchange(ref v, c + a, c);
            if (seen == c)
                return true;
            c = seen;
        }

        return false;
    }

    /// <summary>atomic_inc_not_zero.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>True if it was nonzero and got incremented.</returns>
    public static bool atomic_inc_not_zero(ref int v) => atomic_add_unless(ref v, 1, 0);

    /// <summary>atomic_long_read.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>Its value.</returns>
    public static long atomic_long_read(ref long v) => Volatile.Read(ref v);

    /// <summary>atomic_long_set.</summary>
    /// <param name="v">The counter.</param>
    /// <param name="i">The new value.</param>
    public static void atomic_long_set(ref long v, long i) => Volatile.Write(ref v, i);

    /// <summary>atomic_long_inc.</summary>
    /// <param name="v">The counter.</param>
    public static void atomic_long_inc(ref long v) => Interlocked.Increment(ref v);

    /// <summary>atomic_long_dec.</summary>
    /// <param name="v">The counter.</param>
    public static void atomic_long_dec(ref long v) => Interlocked.Decrement(ref v);

    /// <summary>atomic_long_inc_return.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>The new value.</returns>
    public static long atomic_long_inc_return(ref long v) => Interlocked.Increment(ref v);

    /// <summary>atomic_long_dec_return.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>The new value.</returns>
    public static long atomic_long_dec_return(ref long v) => Interlocked.Decrement(ref v);

    /// <summary>atomic_long_dec_and_test.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>True if it reached 0.</returns>
    public static bool atomic_long_dec_and_test(ref long v) => Interlocked.Decrement(ref v) == 0;

    /// <summary>atomic_long_inc_not_zero.</summary>
    /// <param name="v">The counter.</param>
    /// <returns>True if it was nonzero and got incremented.</returns>
    public static bool atomic_long_inc_not_zero(ref long v)
    {
        var c = Volatile.Read(ref v);
        while (c != 0)
        {
            var seen = Interlocked.CompareExchange(ref v, c + 1, c);
            if (seen == c)
                return true;
            c = seen;
        }

        return false;
    }

    /// <summary>atomic_long_xchg.</summary>
    /// <param name="v">The counter.</param>
    /// <param name="i">The new value.</param>
    /// <returns>The old value.</returns>
    public static long atomic_long_xchg(ref long v, long i) => Interlocked.Exchange(ref v, i);
}
