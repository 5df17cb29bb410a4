// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/pid_namespace.c: creating, tearing down and emptying pid
// namespaces. Not ported: the ucounts limit (no per-user namespace limits in
// the model), memfd_noexec_scope, and the nsfs plumbing (pidns_get,
// pidns_for_children_get, pidns_put, pidns_install, pidns_get_parent,
// pidns_owner, pidns_operations): nsfs is outside this port.
using System;

namespace Linux;

/// <summary>kernel/pid_namespace.c.</summary>
public sealed partial class vmlinux
{
    private readonly mutex pid_caches_mutex = new("pid_caches_mutex");
    private kmem_cache? pid_ns_cachep;

    /* write-once, filled from the start: the cache for level N+1 is pid_cache[N] */
    private readonly kmem_cache?[] pid_cache = new kmem_cache?[MAX_PID_NS_LEVEL];

    /// <summary>create_pid_cachep: the cache for pids with <paramref name="level"/>+1 numbers.</summary>
    /// <param name="level">The namespace level (level 0 uses init_pid_ns.pid_cachep).</param>
    /// <returns>The cache.</returns>
    private kmem_cache? create_pid_cachep(uint level)
    {
        ref var pkc = ref this.pid_cache[level - 1];
        kmem_cache? kc;

        kc = READ_ONCE(ref pkc);
        if (kc != null)
            return kc;

        var name = $"pid_{level + 1}";
        this.mutex_lock(this.pid_caches_mutex);
        /* two namespaces may race to create the same name */
        pkc ??= this.kmem_cache_create(name);
        this.mutex_unlock(this.pid_caches_mutex);
        return READ_ONCE(ref pkc);
    }

    private pid_namespace create_pid_namespace(user_namespace user_ns, pid_namespace parent_pid_ns)
    {
        pid_namespace? ns;
        var level = parent_pid_ns.level + 1;
        int err;

        err = -errno.EINVAL;
        if (!in_userns(parent_pid_ns.user_ns, user_ns))
            goto @out;

        err = -errno.ENOSPC;
        if (level > MAX_PID_NS_LEVEL)
            goto @out;

        err = -errno.ENOMEM;
        ns = this.kmem_cache_zalloc(this.pid_ns_cachep!, GFP_KERNEL, () => new pid_namespace());
        if (ns == null)
            goto @out;

        idr_init(ns.idr);

        ns.pid_cachep = this.create_pid_cachep(level);
        if (ns.pid_cachep == null)
            goto out_free_idr;

        err = this.ns_common_init(ns.ns);
        if (err != 0)
            goto out_free_idr;

        ns.pid_max = PID_MAX_LIMIT;
        err = this.register_pidns_sysctls(ns);
        if (err != 0)
            goto out_free_inum;

        ns.level = level;
        ns.parent = this.get_pid_ns(parent_pid_ns);
        ns.user_ns = this.get_user_ns(user_ns);
        ns.pid_allocated = PIDNS_ADDING;
        INIT_WORK(ns.work, this.destroy_pid_namespace_work);

        return ns;

    out_free_inum:
        ns_common_free(ns.ns);
    out_free_idr:
        idr_destroy(ns.idr);
        this.kmem_cache_free(this.pid_ns_cachep!, ns);
    @out:
        return ERR_PTR<pid_namespace>(err);
    }

    private void delayed_free_pidns(rcu_head p)
    {
        var ns = container_of<pid_namespace>(p);

        this.put_user_ns(ns.user_ns);

        this.kmem_cache_free(this.pid_ns_cachep!, ns);
    }

    private void destroy_pid_namespace(pid_namespace ns)
    {
        this.unregister_pidns_sysctls(ns);

        ns_common_free(ns.ns);

        idr_destroy(ns.idr);
        this.call_rcu(ns.rcu, this.delayed_free_pidns);
    }

    private void destroy_pid_namespace_work(work_struct work)
    {
        var ns = container_of<pid_namespace>(work);

        do
        {
            var parent = ns.parent!;
            this.destroy_pid_namespace(ns);
            ns = parent;
        }
        while (ns != this.init_pid_ns && this.ns_ref_put(ns.ns));
    }

    /// <summary>copy_pid_ns: the pid namespace for a new task's children.</summary>
    /// <param name="flags">Clone flags.</param>
    /// <param name="user_ns">The user namespace of the new task.</param>
    /// <param name="old_ns">The current namespace for children.</param>
    /// <returns>A namespace with a reference, or ERR_PTR(-EINVAL) when unsharing twice.</returns>
    [return: __returns_ref]
    public pid_namespace copy_pid_ns(ulong flags, user_namespace user_ns, pid_namespace old_ns)
    {
#if CONFIG_PID_NS
        if ((flags & CLONE_NEWPID) == 0)
            return this.get_pid_ns(old_ns);
        if (this.task_active_pid_ns(this.current) != old_ns)
            return ERR_PTR<pid_namespace>(-errno.EINVAL);
        return this.create_pid_namespace(user_ns, old_ns);
#else
        if ((flags & CLONE_NEWPID) != 0)
            return ERR_PTR<pid_namespace>(-errno.EINVAL);
        return old_ns;
#endif
    }

    /// <summary>put_pid_ns: the last reference schedules the teardown.</summary>
    /// <param name="ns">The namespace (NULL is fine).</param>
    public void put_pid_ns([__releases_ref] pid_namespace? ns)
    {
#if CONFIG_PID_NS
        if (ns != null && this.ns_ref_put(ns.ns))
            this.schedule_work(ns.work);
#endif
    }

    /// <summary>
    /// zap_pid_ns_processes: the init of <paramref name="pid_ns"/> is exiting. Kill everything
    /// else in the namespace and wait until it is all gone.
    /// </summary>
    /// <param name="pid_ns">The namespace.</param>
    public void zap_pid_ns_processes(pid_namespace pid_ns)
    {
        int nr;
        long rc;
        task_struct? task;
        var me = this.current;
        var init_pids = thread_group_leader(me) ? 1u : 2u;
        pid? pid;

        /* no more processes may enter the namespace */
        this.disable_pid_allocation(pid_ns);

        /*
         * Ignore SIGCHLD, so children that die from here on reap
         * themselves (see the wait below).
         */
        this.spin_lock_irq(me.sighand!.siglock);
        me.sighand.action[SIGCHLD - 1].sa_handler = SIG_IGN;
        this.spin_unlock_irq(me.sighand.siglock);

        /*
         * Signal every other pid of the namespace. This signals each
         * thread, even threads of one group: walking only processes would
         * need a per-namespace task list.
         */
        this.rcu_read_lock();
        this.read_lock(this.tasklist_lock);
        nr = 2;
        while ((pid = (pid?)idr_get_next(pid_ns.idr, ref nr)) != null)
        {
            task = this.pid_task(pid, pid_type.PIDTYPE_PID);
            if (task != null && !__fatal_signal_pending(task))
                this.group_send_sig_info(SIGKILL, in SEND_SIG_PRIV, task, pid_type.PIDTYPE_MAX);
            nr++;
        }

        this.read_unlock(this.tasklist_lock);
        this.rcu_read_unlock();

        /*
         * Reap the zombies we had before SIGCHLD was ignored; this also
         * waits for children traced from outside to be detached.
         */
        do
        {
            clear_tsk_thread_flag(me, TIF_SIGPENDING);
            rc = this.kernel_wait4(-1, null, __WALL, null);
        }
        while (rc != -errno.ECHILD);

        /*
         * kernel_wait4 does not see EXIT_DEAD children, nor zombies whose
         * parents live outside the namespace (setns + fork). Those are
         * reparented to us and reap themselves because we ignore
         * SIGCHLD; wait here until free_pid() reports that only the
         * reaper is left, so that once the namespace's init is reaped,
         * everything in the namespace is gone.
         */
        while (true)
        {
            this.set_current_state(TASK_INTERRUPTIBLE);
            /* a plain read upstream; READ_ONCE marks it as the lockless read it is */
            if (READ_ONCE(ref pid_ns.pid_allocated) == init_pids)
                break;
            this.schedule();
        }

        this.__set_current_state(TASK_RUNNING);

        if (pid_ns.reboot != 0)
            me.signal.group_exit_code = pid_ns.reboot;
    }

    /// <summary>pidns_is_ancestor: is <paramref name="ancestor"/> <paramref name="child"/> or above it?</summary>
    /// <param name="child">The namespace.</param>
    /// <param name="ancestor">The candidate ancestor.</param>
    /// <returns>True if so.</returns>
    public static bool pidns_is_ancestor(pid_namespace child, pid_namespace ancestor)
    {
        pid_namespace ns;

        if (child.level < ancestor.level)
            return false;
        for (ns = child; ns.level > ancestor.level; ns = ns.parent!)
        {
        }

        return ns == ancestor;
    }

    /// <summary>pid_namespaces_init (__initcall).</summary>
    /// <returns>0.</returns>
    public int pid_namespaces_init()
    {
        this.pid_ns_cachep = this.kmem_cache_create("pid_namespace");
        return 0;
    }
}
