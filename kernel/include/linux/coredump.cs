// SPDX-License-Identifier: GPL-2.0-only

// include/linux/coredump.h: what the coredump code hands to pidfs_coredump.
// Not ported: the coredump code itself (fs/coredump.c): the model never
// writes a core, so pidfs_coredump is reached only by tests.
namespace Linux;

/// <summary>struct coredump_params (the fields pidfs reads).</summary>
public sealed class coredump_params
{
    public kernel_siginfo siginfo;
    public pid pid = null!;
    public ulong mm_flags;
}
