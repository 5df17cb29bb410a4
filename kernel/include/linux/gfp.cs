// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/gfp_types.h and gfp.h: allocation flags. The bits the port
// acts on are the reclaim bits (an allocation that may enter direct reclaim
// may sleep, so might_alloc() checks the context), __GFP_NOFAIL and
// __GFP_NOWARN (both read by failslab); the others are kept so each call
// site passes exactly the mask upstream's does.
using System;

namespace Linux;

/// <summary>gfp_t.</summary>
[Flags]
public enum gfp_t : uint
{
    /// <summary>No flag: GFP_NOWAIT's old value; never blocks.</summary>
    __GFP_NONE = 0,
    __GFP_HIGH = 0x20,
    __GFP_IO = 0x40,
    __GFP_FS = 0x80,
    __GFP_ZERO = 0x100,

    /// <summary>The allocation may enter direct reclaim, so it may sleep.</summary>
    [__might_sleep]
    __GFP_DIRECT_RECLAIM = 0x400,
    __GFP_KSWAPD_RECLAIM = 0x800,
    __GFP_NOWARN = 0x2000,
    __GFP_RETRY_MAYFAIL = 0x4000,
    __GFP_NOFAIL = 0x8000,
    __GFP_NORETRY = 0x10000,
    __GFP_HARDWALL = 0x100000,
    __GFP_ACCOUNT = 0x400000,
    __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM,

    GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM,
    GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS,
    GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT,
    GFP_NOWAIT = __GFP_KSWAPD_RECLAIM | __GFP_NOWARN,
    GFP_NOIO = __GFP_RECLAIM,
    GFP_NOFS = __GFP_RECLAIM | __GFP_IO,
    GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL,
}

/// <summary>The GFP_* masks under their kernel spelling, and the helpers of gfp.h.</summary>
public sealed partial class vmlinux
{
    public const gfp_t GFP_ATOMIC = gfp_t.GFP_ATOMIC;
    public const gfp_t GFP_KERNEL = gfp_t.GFP_KERNEL;
    public const gfp_t GFP_KERNEL_ACCOUNT = gfp_t.GFP_KERNEL_ACCOUNT;
    public const gfp_t GFP_NOWAIT = gfp_t.GFP_NOWAIT;
    public const gfp_t GFP_USER = gfp_t.GFP_USER;
    public const gfp_t __GFP_NOFAIL = gfp_t.__GFP_NOFAIL;
    public const gfp_t __GFP_NOWARN = gfp_t.__GFP_NOWARN;
    public const gfp_t __GFP_ACCOUNT = gfp_t.__GFP_ACCOUNT;

    /// <summary>gfpflags_allow_blocking: may this allocation sleep in direct reclaim?</summary>
    /// <param name="gfp_flags">The flags.</param>
    /// <returns>True when __GFP_DIRECT_RECLAIM is set.</returns>
    public static bool gfpflags_allow_blocking(gfp_t gfp_flags) => (gfp_flags & gfp_t.__GFP_DIRECT_RECLAIM) != 0;
}
