// SPDX-License-Identifier: GPL-2.0-only

//
// include/asm-generic/bitsperlong.h: the width of a long (and a pointer),
// chosen by CONFIG_64BIT.
namespace Linux;

/// <summary>bitsperlong.h.</summary>
public sealed partial class vmlinux
{
#if CONFIG_64BIT
    public const int BITS_PER_LONG = 64;
#else
    public const int BITS_PER_LONG = 32;
#endif
    public const int BYTES_PER_POINTER = BITS_PER_LONG / 8;
}
