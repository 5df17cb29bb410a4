// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/ns_common.h: what every namespace shares. 6.19 keeps two
// counts: the reference count that keeps the structure, and the "active"
// count of users that keep the namespace alive (tasks and pids in it).
namespace Linux;

/// <summary>struct ns_common.</summary>
public sealed class ns_common
{
    public refcount_t __ns_ref = new(1);
    public int __ns_ref_active = 1;
    public uint inum;
}

/// <summary>ns_common reference helpers.</summary>
public sealed partial class vmlinux
{
    private uint next_ns_inum = PROC_DYNAMIC_FIRST - 1;

    /// <summary>The first inode number proc hands out to a namespace.</summary>
    public const uint PROC_DYNAMIC_FIRST = 0xF0000000;

    /// <summary>The inode number of the initial pid namespace.</summary>
    public const uint PROC_PID_INIT_INO = 0xEFFFFFFC;

    /// <summary>ns_common_init: a fresh namespace holds one reference and one active reference.</summary>
    /// <param name="ns">The namespace.</param>
    /// <returns>0.</returns>
    public int ns_common_init(ns_common ns)
    {
        refcount_set(ref ns.__ns_ref, 1);
        ns.__ns_ref_active = 1;
        ns.inum = System.Threading.Interlocked.Increment(ref this.next_ns_inum);
        return 0;
    }

    /// <summary>ns_common_free.</summary>
    /// <param name="ns">The namespace.</param>
    public static void ns_common_free(ns_common ns) => ns.inum = 0;

    /// <summary>is_ns_init_id: the initial namespaces live forever and are not counted.</summary>
    /// <param name="ns">The namespace.</param>
    /// <returns>True for an initial namespace.</returns>
    public static bool is_ns_init_id(ns_common ns) => ns.inum == PROC_PID_INIT_INO;

    /// <summary>ns_ref_inc: a reference for a caller that already holds the namespace stable.</summary>
    /// <param name="ns">The namespace.</param>
    public void ns_ref_inc(ns_common ns)
    {
        if (is_ns_init_id(ns))
        {
            this.WARN_ON_ONCE(refcount_read(ref ns.__ns_ref) != 1);
            return;
        }

        this.refcount_inc(ref ns.__ns_ref);
    }

    /// <summary>ns_ref_put: true when the last reference went (never for an initial namespace).</summary>
    /// <param name="ns">The namespace.</param>
    /// <returns>True on the last put.</returns>
    public bool ns_ref_put(ns_common ns)
    {
        if (is_ns_init_id(ns))
        {
            this.WARN_ON_ONCE(refcount_read(ref ns.__ns_ref) != 1);
            return false;
        }

        return this.refcount_dec_and_test(ref ns.__ns_ref);
    }

    /// <summary>ns_ref_active_get: one more task or pid keeps the namespace active.</summary>
    /// <param name="ns">The namespace.</param>
    public static void ns_ref_active_get(ns_common ns)
    {
        if (!is_ns_init_id(ns))
            System.Threading.Interlocked.Increment(ref ns.__ns_ref_active);
    }

    /// <summary>ns_ref_active_put.</summary>
    /// <param name="ns">The namespace.</param>
    public static void ns_ref_active_put(ns_common ns)
    {
        if (!is_ns_init_id(ns))
            System.Threading.Interlocked.Decrement(ref ns.__ns_ref_active);
    }
}
