// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/cred.c and the user namespace references: a new process gets its
// own copy of its parent's credentials, a thread shares them.
namespace Linux;

/// <summary>kernel/cred.c.</summary>
public sealed partial class vmlinux
{
    private kmem_cache? cred_jar;

    /// <summary>get_user_ns.</summary>
    /// <param name="ns">The namespace.</param>
    /// <returns>The namespace.</returns>
    [return: __returns_ref]
    public user_namespace get_user_ns([__gets_ref] user_namespace ns)
    {
        this.refcount_inc(ref ns.ns_count);
        return ns;
    }

    /// <summary>put_user_ns (user namespaces are never freed in the model: only the initial one exists).</summary>
    /// <param name="ns">The namespace.</param>
    public void put_user_ns([__releases_ref] user_namespace ns) => this.WARN_ON(this.refcount_dec_and_test(ref ns.ns_count));

    /// <summary>prepare_creds: a private copy of the current credentials.</summary>
    /// <returns>The new credentials, or NULL when out of memory.</returns>
    [return: __returns_ref]
    public cred? prepare_creds()
    {
        var old = this.current.cred;
        var n = this.kmem_cache_alloc(this.cred_jar!, GFP_KERNEL, () => new cred());
        if (n == null)
            return null;

        n.uid = old.uid;
        n.gid = old.gid;
        n.suid = old.suid;
        n.sgid = old.sgid;
        n.euid = old.euid;
        n.egid = old.egid;
        n.fsuid = old.fsuid;
        n.fsgid = old.fsgid;
        n.cap_effective = old.cap_effective;
        n.group_info = old.group_info; /* get_group_info */
        n.user_ns = this.get_user_ns(old.user_ns);
        refcount_set(ref n.usage, 1);
        return n;
    }

    /// <summary>copy_creds: threads share; a new process gets its own copy.</summary>
    /// <param name="p">The new task.</param>
    /// <param name="clone_flags">Clone flags.</param>
    /// <returns>0 or -ENOMEM.</returns>
    public int copy_creds(task_struct p, ulong clone_flags)
    {
        if ((clone_flags & CLONE_THREAD) != 0)
        {
            p.real_cred = this.get_cred(this.current.cred);
            p.cred = this.get_cred(this.current.cred);
            return 0;
        }

        var n = this.prepare_creds();
        if (n == null)
            return -errno.ENOMEM;
        p.real_cred = this.get_cred(n);
        p.cred = n;
        return 0;
    }

    /// <summary>exit_creds: drops the task's two credential references.</summary>
    /// <param name="tsk">The task.</param>
    public void exit_creds(task_struct tsk)
    {
        this.put_cred(tsk.real_cred);
        this.put_cred(tsk.cred);
    }

    /// <summary>cred_init.</summary>
    public void cred_init() => this.cred_jar = this.kmem_cache_create("cred_jar");
}
