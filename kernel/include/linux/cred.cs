// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/cred.h, user_namespace.h and capability.h, as far as the
// pid core and pidfs ask: ids, the user namespace, and a capability set.
namespace Linux;

/// <summary>struct user_namespace.</summary>
public sealed class user_namespace
{
    public refcount_t ns_count = new(1);
    public uint level;
    public user_namespace? parent;
}

/// <summary>struct cred.</summary>
public sealed class cred
{
    public refcount_t usage = new(1);
    public uint uid;
    public uint gid;
    public uint suid;
    public uint sgid;
    public uint euid;
    public uint egid;
    public uint fsuid;
    public uint fsgid;
    public ulong cap_effective;

    /* supplementary groups (struct group_info), shared between copies: never changed in place */
    public uint[] group_info = [];
    public user_namespace user_ns = null!;
    public rcu_head rcu => new(this);
}

/// <summary>Credentials and capabilities.</summary>
public sealed partial class vmlinux
{
    public const int CAP_DAC_READ_SEARCH = 2;
    public const int CAP_SYS_PTRACE = 19;
    public const int CAP_SYS_ADMIN = 21;
    public const int CAP_CHECKPOINT_RESTORE = 40;

    /// <summary>Every capability (a root process).</summary>
    public const ulong CAP_FULL_SET = (1UL << 41) - 1;

    /// <summary>get_cred.</summary>
    /// <param name="cred">The credentials.</param>
    /// <returns>The credentials.</returns>
    [return: __returns_ref]
    public cred get_cred([__gets_ref] cred cred)
    {
        this.refcount_inc(ref cred.usage);
        return cred;
    }

    /// <summary>put_cred: the last put frees after a grace period.</summary>
    /// <param name="cred">The credentials.</param>
    public void put_cred([__releases_ref] cred cred)
    {
        if (this.refcount_dec_and_test(ref cred.usage))
            this.call_rcu(cred.rcu, this.put_cred_rcu);
    }

    /// <summary>current_cred.</summary>
    /// <returns>The caller's credentials.</returns>
    public cred current_cred() => this.current.cred;

    /// <summary>current_user_ns.</summary>
    /// <returns>The caller's user namespace.</returns>
    public user_namespace current_user_ns() => this.current.cred.user_ns;

    /// <summary>in_userns: is <paramref name="child"/> <paramref name="ancestor"/> or below it?</summary>
    /// <param name="ancestor">The ancestor.</param>
    /// <param name="child">The namespace to test.</param>
    /// <returns>True if so.</returns>
    public static bool in_userns(user_namespace ancestor, user_namespace child)
    {
        user_namespace? ns;
        for (ns = child; ns!.level > ancestor.level; ns = ns.parent)
        {
        }

        return ns == ancestor;
    }

    /// <summary>ns_capable: does the caller have <paramref name="cap"/> over <paramref name="ns"/>?</summary>
    /// <param name="ns">The user namespace.</param>
    /// <param name="cap">The capability.</param>
    /// <returns>True if so.</returns>
    public bool ns_capable(user_namespace ns, int cap)
    {
        var c = this.current_cred();
        return (c.cap_effective & (1UL << cap)) != 0 && in_userns(c.user_ns, ns);
    }

    /// <summary>ns_capable_noaudit: ns_capable without an audit record (the port has no audit, so the same test).</summary>
    /// <param name="ns">The user namespace.</param>
    /// <param name="cap">The capability.</param>
    /// <returns>True if so.</returns>
    public bool ns_capable_noaudit(user_namespace ns, int cap) => this.ns_capable(ns, cap);

    /// <summary>in_egroup_p: is <paramref name="grp"/> the caller's effective group or one of its supplementary groups?</summary>
    /// <param name="grp">The group.</param>
    /// <returns>True if so.</returns>
    public bool in_egroup_p(uint grp)
    {
        var cred = this.current_cred();
        return grp == cred.egid || System.Array.IndexOf(cred.group_info, grp) >= 0; /* groups_search */
    }

    /// <summary>in_group_p: is <paramref name="grp"/> the caller's fs group or one of its supplementary groups?</summary>
    /// <param name="grp">The group.</param>
    /// <returns>True if so.</returns>
    public bool in_group_p(uint grp)
    {
        var cred = this.current_cred();
        return grp == cred.fsgid || System.Array.IndexOf(cred.group_info, grp) >= 0; /* groups_search */
    }

    /// <summary>
    /// capable_wrt_inode_uidgid (kernel/capability.c): the capability over the caller's user namespace,
    /// for an inode whose ids map into it (the port's one namespace maps every id).
    /// </summary>
    /// <param name="idmap">The mount's idmap.</param>
    /// <param name="inode">The inode.</param>
    /// <param name="cap">The capability.</param>
    /// <returns>True if so.</returns>
    public bool capable_wrt_inode_uidgid(mnt_idmap idmap, inode inode, int cap) =>
        this.ns_capable(this.current_user_ns(), cap);

    /// <summary>capable: the capability over the initial user namespace.</summary>
    /// <param name="cap">The capability.</param>
    /// <returns>True if so.</returns>
    public bool capable(int cap) => this.ns_capable(this.init_user_ns, cap);

    /// <summary>checkpoint_restore_ns_capable.</summary>
    /// <param name="ns">The user namespace.</param>
    /// <returns>True with CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE over ns.</returns>
    public bool checkpoint_restore_ns_capable(user_namespace ns) =>
        this.ns_capable(ns, CAP_SYS_ADMIN) || this.ns_capable(ns, CAP_CHECKPOINT_RESTORE);

    private void put_cred_rcu(rcu_head rcu)
    {
        var c = container_of<cred>(rcu);
        this.put_user_ns(c.user_ns);
        this.kmem_cache_free(this.cred_jar!, c);
    }

    /// <summary>from_kuid_munged: the id as seen from <paramref name="to"/> (the model has only the initial user namespace).</summary>
    /// <param name="to">The user namespace.</param>
    /// <param name="kuid">The id.</param>
    /// <returns>The id.</returns>
    public static uint from_kuid_munged(user_namespace to, uint kuid) => kuid;

    /// <summary>from_kgid_munged.</summary>
    /// <param name="to">The user namespace.</param>
    /// <param name="kgid">The id.</param>
    /// <returns>The id.</returns>
    public static uint from_kgid_munged(user_namespace to, uint kgid) => kgid;
}
