// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/nsproxy.c: the per-task set of namespaces. Only the pid namespace
// for children is modelled (see include/linux/nsproxy.cs).
namespace Linux;

/// <summary>kernel/nsproxy.c.</summary>
public sealed partial class vmlinux
{
    private nsproxy? create_nsproxy()
    {
        var nsproxy = this.kmem_cache_alloc(this.nsproxy_cachep!, GFP_KERNEL, () => new nsproxy());
        if (nsproxy != null)
            refcount_set(ref nsproxy.count, 1);
        return nsproxy;
    }

    /*
     * Create new namespaces for a task; returns the new nsproxy or ERR_PTR.
     * The caller links it into the task.
     */
    private nsproxy create_new_namespaces(ulong flags, task_struct tsk, user_namespace user_ns)
    {
        nsproxy? new_nsp;

        new_nsp = this.create_nsproxy();
        if (new_nsp == null)
            return ERR_PTR<nsproxy>(-errno.ENOMEM);

        var pid_ns = this.copy_pid_ns(flags, user_ns, tsk.nsproxy!.pid_ns_for_children);
        if (IS_ERR(pid_ns))
        {
            var err = PTR_ERR(pid_ns);
            this.kmem_cache_free(this.nsproxy_cachep!, new_nsp);
            return ERR_PTR<nsproxy>(err);
        }

        new_nsp.pid_ns_for_children = pid_ns;
        return new_nsp;
    }

    /// <summary>copy_namespaces: called from copy_process; shares or creates the child's namespaces.</summary>
    /// <param name="flags">Clone flags.</param>
    /// <param name="tsk">The new task.</param>
    /// <returns>0 or -errno.</returns>
    public int copy_namespaces(ulong flags, task_struct tsk)
    {
        var old_ns = tsk.nsproxy = this.current.nsproxy!;
        nsproxy new_ns;

        if ((flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME)) == 0)
        {
            this.get_nsproxy(old_ns);
            return 0;
        }

        if (!this.ns_capable(this.current_user_ns(), CAP_SYS_ADMIN))
            return -errno.EPERM;

        new_ns = this.create_new_namespaces(flags, tsk, tsk.cred.user_ns);
        if (IS_ERR(new_ns))
        {
            tsk.nsproxy = null;
            return (int)PTR_ERR(new_ns);
        }

        tsk.nsproxy = new_ns;
        return 0;
    }

    /// <summary>get_nsproxy.</summary>
    /// <param name="ns">The nsproxy.</param>
    public void get_nsproxy([__gets_ref] nsproxy ns) => this.refcount_inc(ref ns.count);

    /// <summary>put_nsproxy.</summary>
    /// <param name="ns">The nsproxy.</param>
    public void put_nsproxy([__releases_ref] nsproxy ns)
    {
        if (this.refcount_dec_and_test(ref ns.count))
            this.free_nsproxy(ns);
    }

    /// <summary>DEFINE_FREE(put_nsproxy): the cleanup of __free(put_nsproxy).</summary>
    /// <param name="kernel">The kernel.</param>
    /// <param name="ns">The nsproxy.</param>
    public static void put_nsproxy(vmlinux kernel, [__releases_ref] nsproxy ns) => kernel.put_nsproxy(ns);

    /// <summary>free_nsproxy.</summary>
    /// <param name="ns">The nsproxy.</param>
    public void free_nsproxy(nsproxy ns)
    {
        this.put_pid_ns(ns.pid_ns_for_children);
        this.kmem_cache_free(this.nsproxy_cachep!, ns);
    }

    /// <summary>unshare_nsproxy_namespaces: called from sys_unshare.</summary>
    /// <param name="unshare_flags">CLONE_* flags.</param>
    /// <param name="new_nsp">The new nsproxy, or null when nothing is unshared.</param>
    /// <returns>0 or -errno.</returns>
    public int unshare_nsproxy_namespaces(ulong unshare_flags, out nsproxy? new_nsp)
    {
        new_nsp = null;
        if ((unshare_flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME)) == 0)
            return 0;

        if (!this.ns_capable(this.current_user_ns(), CAP_SYS_ADMIN))
            return -errno.EPERM;

        var n = this.create_new_namespaces(unshare_flags, this.current, this.current_user_ns());
        if (IS_ERR(n))
            return (int)PTR_ERR(n);
        new_nsp = n;
        return 0;
    }

    /// <summary>switch_task_namespaces.</summary>
    /// <param name="p">The task.</param>
    /// <param name="new">Its new nsproxy (consumed), or null.</param>
    public void switch_task_namespaces(task_struct p, [__consumes] nsproxy? @new)
    {
        nsproxy? ns;

        this.task_lock(p);
        ns = p.nsproxy;
        p.nsproxy = @new;
        this.task_unlock(p);

        if (ns != null)
            this.put_nsproxy(ns);
    }

    /// <summary>exit_task_namespaces.</summary>
    /// <param name="p">The task.</param>
    public void exit_task_namespaces(task_struct p) => this.switch_task_namespaces(p, null);

    /// <summary>exit_nsproxy_namespaces.</summary>
    /// <param name="p">The task.</param>
    public void exit_nsproxy_namespaces(task_struct p) => this.exit_task_namespaces(p);
}
