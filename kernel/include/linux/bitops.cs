// SPDX-License-Identifier: GPL-2.0-only

// include/linux/bitops.h: atomic bit operations on an unsigned long.
using System.Threading;

namespace Linux;

/// <summary>Bit operations.</summary>
public sealed partial class vmlinux
{
    /// <summary>set_bit: atomic.</summary>
    /// <param name="nr">The bit.</param>
    /// <param name="addr">The word.</param>
    public static void set_bit(int nr, ref long addr) => Interlocked.Or(ref addr, 1L << nr);

    /// <summary>clear_bit: atomic.</summary>
    /// <param name="nr">The bit.</param>
    /// <param name="addr">The word.</param>
    public static void clear_bit(int nr, ref long addr) => Interlocked.And(ref addr, ~(1L << nr));

    /// <summary>set_bit on a word the port keeps as an int (thread_info's flags).</summary>
    /// <param name="nr">The bit.</param>
    /// <param name="addr">The word.</param>
    public static void set_bit(int nr, ref int addr) => Interlocked.Or(ref addr, 1 << nr);

    /// <summary>clear_bit on a word the port keeps as an int (thread_info's flags).</summary>
    /// <param name="nr">The bit.</param>
    /// <param name="addr">The word.</param>
    public static void clear_bit(int nr, ref int addr) => Interlocked.And(ref addr, ~(1 << nr));

    /// <summary>test_bit.</summary>
    /// <param name="nr">The bit.</param>
    /// <param name="addr">The word.</param>
    /// <returns>True if set.</returns>
    public static bool test_bit(int nr, in long addr) => (Volatile.Read(ref System.Runtime.CompilerServices.Unsafe.AsRef(in addr)) & (1L << nr)) != 0;
}
