// SPDX-License-Identifier: GPL-2.0-only

//
// include/asm-generic/rwonce.h: READ_ONCE and WRITE_ONCE, the marked accesses
// of data that another CPU reads or writes without the lock. A volatile access
// is the C# form: the compiler may neither tear, fuse nor drop it, and it
// carries acquire (read) or release (write) order, which is at least what the
// kernel's macros promise. Only this file and barrier.cs use System.Threading
// for plain loads and stores; every caller writes the kernel's name.
using System.Threading;

namespace Linux;

/// <summary>rwonce.h.</summary>
public sealed partial class vmlinux
{
    /// <summary>READ_ONCE(x) of a pointer.</summary>
    /// <typeparam name="T">The pointed-to type.</typeparam>
    /// <param name="x">The location.</param>
    /// <returns>Its value.</returns>
    public static T READ_ONCE<T>([__returned][__data_racy] ref T x)
        where T : class? => Volatile.Read(ref x);

    /// <summary>READ_ONCE(x) of an int.</summary>
    /// <param name="x">The location.</param>
    /// <returns>Its value.</returns>
    public static int READ_ONCE([__returned][__data_racy] ref int x) => Volatile.Read(ref x);

    /// <summary>READ_ONCE(x) of an unsigned int.</summary>
    /// <param name="x">The location.</param>
    /// <returns>Its value.</returns>
    public static uint READ_ONCE([__returned][__data_racy] ref uint x) => Volatile.Read(ref x);

    /// <summary>READ_ONCE(x) of a long.</summary>
    /// <param name="x">The location.</param>
    /// <returns>Its value.</returns>
    public static long READ_ONCE([__returned][__data_racy] ref long x) => Volatile.Read(ref x);

    /// <summary>READ_ONCE(x) of an unsigned long.</summary>
    /// <param name="x">The location.</param>
    /// <returns>Its value.</returns>
    public static ulong READ_ONCE([__returned][__data_racy] ref ulong x) => Volatile.Read(ref x);

    /// <summary>READ_ONCE(x) of a bool.</summary>
    /// <param name="x">The location.</param>
    /// <returns>Its value.</returns>
    public static bool READ_ONCE([__returned][__data_racy] ref bool x) => Volatile.Read(ref x);

    /// <summary>WRITE_ONCE(x, val) of a pointer.</summary>
    /// <typeparam name="T">The pointed-to type.</typeparam>
    /// <param name="x">The location.</param>
    /// <param name="val">The value.</param>
    public static void WRITE_ONCE<T>(ref T x, [__consumes] T val)
        where T : class? => Volatile.Write(ref x, val);

    /// <summary>WRITE_ONCE(x, val) of an int.</summary>
    /// <param name="x">The location.</param>
    /// <param name="val">The value.</param>
    public static void WRITE_ONCE(ref int x, int val) => Volatile.Write(ref x, val);

    /// <summary>WRITE_ONCE(x, val) of an unsigned int.</summary>
    /// <param name="x">The location.</param>
    /// <param name="val">The value.</param>
    public static void WRITE_ONCE(ref uint x, uint val) => Volatile.Write(ref x, val);

    /// <summary>WRITE_ONCE(x, val) of a long.</summary>
    /// <param name="x">The location.</param>
    /// <param name="val">The value.</param>
    public static void WRITE_ONCE(ref long x, long val) => Volatile.Write(ref x, val);

    /// <summary>WRITE_ONCE(x, val) of an unsigned long.</summary>
    /// <param name="x">The location.</param>
    /// <param name="val">The value.</param>
    public static void WRITE_ONCE(ref ulong x, ulong val) => Volatile.Write(ref x, val);

    /// <summary>WRITE_ONCE(x, val) of a bool.</summary>
    /// <param name="x">The location.</param>
    /// <param name="val">The value.</param>
    public static void WRITE_ONCE(ref bool x, bool val) => Volatile.Write(ref x, val);
}
