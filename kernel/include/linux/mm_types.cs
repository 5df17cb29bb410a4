// SPDX-License-Identifier: GPL-2.0-only

// include/linux/mm_types.h and sched/coredump.h, as far as pidfs asks: a
// user task has an mm until exit_mm(), and the mm's flags carry its
// dumpability. Threads share their process's mm; kernel threads have none.
namespace Linux;

/// <summary>struct mm_struct (only the flags and the two counts are modelled: users, and mm_count for the struct itself).</summary>
public sealed class mm_struct
{
    public int mm_users;
    public int mm_count;
    public ulong flags;
}

/// <summary>mm helpers.</summary>
public sealed partial class vmlinux
{
    public const int SUID_DUMP_DISABLE = 0;
    public const int SUID_DUMP_USER = 1;
    public const int SUID_DUMP_ROOT = 2;
    private const ulong MMF_DUMPABLE_MASK = 3;

    /// <summary>__get_dumpable.</summary>
    /// <param name="mm_flags">The mm flags.</param>
    /// <returns>SUID_DUMP_*.</returns>
    public static int __get_dumpable(ulong mm_flags) => (int)(mm_flags & MMF_DUMPABLE_MASK);

    /// <summary>__mm_flags_get_dumpable.</summary>
    /// <param name="mm">The mm.</param>
    /// <returns>Its flags.</returns>
    public static ulong __mm_flags_get_dumpable(mm_struct mm) => READ_ONCE(ref mm.flags);

    /// <summary>set_dumpable (prctl PR_SET_DUMPABLE).</summary>
    /// <param name="mm">The mm.</param>
    /// <param name="value">SUID_DUMP_*.</param>
    public static void set_dumpable(mm_struct mm, int value) => mm.flags = (mm.flags & ~MMF_DUMPABLE_MASK) | (ulong)(uint)value;

    /// <summary>mmget (include/linux/sched/mm.h): one more user of the address space.</summary>
    /// <param name="mm">The mm.</param>
    public static void mmget(mm_struct mm) => atomic_inc(ref mm.mm_users);

    /// <summary>mmdrop (include/linux/sched/mm.h): drops an mm_count reference; the last frees the mm.</summary>
    /// <param name="mm">The mm.</param>
    public void mmdrop(mm_struct mm)
    {
        if (atomic_dec_and_test(ref mm.mm_count))
            this.__mmdrop(mm);
    }

    /// <summary>mmf_init_legacy_flags (include/linux/sched/coredump.h): the flags a new mm inherits.</summary>
    /// <param name="flags">current's mm flags.</param>
    /// <returns>Those of MMF_INIT_MASK (in the model: the dumpability).</returns>
    public static ulong mmf_init_legacy_flags(ulong flags) => flags & MMF_DUMPABLE_MASK;
}
