// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/gfp_types.h: allocation flags. The model never fails an
// allocation on its own; the flags are kept so calls read as upstream's.
namespace Linux;

/// <summary>gfp_t.</summary>
public enum gfp_t
{
    GFP_KERNEL = 0,
    GFP_ATOMIC = 1,
    GFP_KERNEL_ACCOUNT = 2,
}
