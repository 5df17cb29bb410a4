// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/pid.c: struct pid allocation and lookup. A struct pid is the
// kernel's lasting handle on a task id: it is allocated with a number in
// every pid namespace from the task's own up to the initial one, made
// visible in each namespace's idr only once it is fully set up, and kept
// (with its numbers) until the last reference goes, long after the task.
//
using System.Threading;

namespace Linux;

/// <summary>kernel/pid.c.</summary>
public sealed partial class vmlinux
{
    /* the pid of the idle task, which never goes through alloc_pid */
    public readonly pid init_struct_pid;
    private int pid_max_min = RESERVED_PIDS + 1;
    private int pid_max_max = PID_MAX_LIMIT;
    public readonly pid_namespace init_pid_ns;

    /* protects every namespace's idr, pid_allocated, and the pidfs inode tree */
    [__lock_class("pidmap_lock")]
    public readonly spinlock_t pidmap_lock = new("pidmap_lock");
    public readonly seqcount_spinlock_t pidmap_lock_seq;

    /* the kernel.cad_pid sysctl: who gets SIGINT on ctrl-alt-del */
    public pid? cad_pid;
    private readonly ctl_table_root pid_table_root = new();

    /// <summary>put_pid: drops a reference; the last one frees the pid and its namespace reference.</summary>
    /// <param name="pid">The pid (NULL is fine).</param>
    [__may_take("pid.wait_pidfd")]
    public void put_pid([__releases_ref] pid? pid)
    {
        pid_namespace ns;

        if (pid == null)
            return;

        ns = pid.numbers[pid.level].ns;
        if (this.refcount_dec_and_test(ref pid.count))
        {
            this.pidfs_free_pid(pid);
            this.kmem_cache_free(ns.pid_cachep!, pid);
            this.put_pid_ns(ns);
        }
    }

    private void delayed_put_pid(rcu_head rhp)
    {
        var pid = container_of<pid>(rhp);
        this.put_pid(pid);
    }

    /// <summary>
    /// free_pid: the last task left this pid. Its numbers go back to every namespace
    /// and it leaves the pidfs tree; the reference the tasks held is dropped after a
    /// grace period, because RCU readers may still be looking at it.
    /// </summary>
    /// <param name="pid">The pid.</param>
    [__must_not_hold("tasklist_lock")]
    public void free_pid([__consumes] pid pid)
    {
        int i;
        pid_namespace active_ns;

        this.lockdep_assert_not_held(this.tasklist_lock);

        active_ns = pid.numbers[pid.level].ns;
        ns_ref_active_put(active_ns.ns);

        this.spin_lock(this.pidmap_lock);
        for (i = 0; i <= pid.level; i++)
        {
            var upid = pid.numbers[i];
            var ns = upid.ns;
            switch (--ns.pid_allocated)
            {
                case 2:
                case 1:
                    /*
                     * Only the reaper is left: wake it, it may be waiting
                     * in zap_pid_ns_processes() for the namespace to empty.
                     */
                    this.wake_up_process(ns.child_reaper!);
                    break;
                case PIDNS_ADDING:
                    /* the first fork into this namespace failed */
                    this.WARN_ON(ns.child_reaper != null);
                    ns.pid_allocated = 0;
                    break;
            }

            idr_remove(ns.idr, upid.nr);
        }

        this.pidfs_remove_pid(pid);
        this.spin_unlock(this.pidmap_lock);

        this.call_rcu(pid.rcu, this.delayed_put_pid);
    }

    /// <summary>free_pids: frees the pids release_task collected, after tasklist_lock was dropped.</summary>
    /// <param name="pids">One slot per pid type.</param>
    [__must_not_hold("tasklist_lock")]
    public void free_pids(pid?[] pids)
    {
        int tmp;

        /* one place that could batch pidmap_lock */
        for (tmp = (int)pid_type.PIDTYPE_MAX; --tmp >= 0;)
        {
            if (pids[tmp] != null)
                this.free_pid(pids[tmp]!);
        }
    }

    /// <summary>
    /// alloc_pid: a new pid with a number in <paramref name="ns"/> and every ancestor.
    /// <paramref name="set_tid"/> asks for specific numbers, innermost namespace first.
    /// </summary>
    /// <param name="ns">The namespace of the new task.</param>
    /// <param name="set_tid">Requested numbers, or null.</param>
    /// <param name="set_tid_size">How many of them.</param>
    /// <returns>The pid with one reference, or ERR_PTR.</returns>
    [return: __returns_ref]
    public pid alloc_pid(pid_namespace ns, int[]? set_tid, int set_tid_size)
    {
        pid? pid;
        pid_namespace? tmp;
        int i, nr;
        int retval = -errno.ENOMEM;

        /*
         * set_tid may name a number for up to every level, counted from
         * the innermost namespace; it may not be longer than that.
         */
        if (set_tid_size > ns.level + 1)
            return ERR_PTR<pid>(-errno.EINVAL);

        pid = this.kmem_cache_alloc(ns.pid_cachep!, GFP_KERNEL, () => new pid((int)ns.level + 1));
        if (pid == null)
            return ERR_PTR<pid>(retval);

        tmp = ns;
        pid.level = ns.level;

        for (i = (int)ns.level; i >= 0; i--)
        {
            var tid = 0;
            var pid_max = READ_ONCE(ref tmp!.pid_max);

            if (set_tid_size != 0)
            {
                tid = set_tid![ns.level - i];

                retval = -errno.EINVAL;
                if (tid < 1 || tid >= pid_max)
                    goto out_free;
                /* a number other than 1 needs an init in that namespace */
                if (tid != 1 && tmp.child_reaper == null)
                    goto out_free;
                retval = -errno.EPERM;
                if (!this.checkpoint_restore_ns_capable(tmp.user_ns))
                    goto out_free;
                set_tid_size--;
            }

            idr_preload(GFP_KERNEL);
            this.spin_lock(this.pidmap_lock);

            if (tid != 0)
            {
                nr = idr_alloc(tmp.idr, null, tid, tid + 1, GFP_ATOMIC);
                /* no space for exactly this number means it is taken */
                if (nr == -errno.ENOSPC)
                    nr = -errno.EEXIST;
            }
            else
            {
                var pid_min = 1;

                /*
                 * init must get 1, but once the counter has wrapped the
                 * search restarts at RESERVED_PIDS.
                 */
                if (idr_get_cursor(tmp.idr) > RESERVED_PIDS)
                    pid_min = RESERVED_PIDS;

                /*
                 * Reserve the number with a NULL pointer so find_pid_ns()
                 * cannot see a half-built pid.
                 */
                nr = idr_alloc_cyclic(tmp.idr, null, pid_min, pid_max, GFP_ATOMIC);
            }

            this.spin_unlock(this.pidmap_lock);
            idr_preload_end();

            if (nr < 0)
            {
                retval = (nr == -errno.ENOSPC) ? -errno.EAGAIN : nr;
                goto out_free;
            }

            pid.numbers[i].nr = nr;
            pid.numbers[i].ns = tmp;
            tmp = tmp.parent;
        }

        /*
         * A namespace whose init has died refuses new pids with ENOMEM:
         * not the clearest errno, but the one user space has long been
         * told to expect.
         */
        retval = -errno.ENOMEM;

        this.get_pid_ns(ns);
        refcount_set(ref pid.count, 1);
        spin_lock_init(pid.@lock);
        for (var type = 0; type < (int)pid_type.PIDTYPE_MAX; ++type)
            INIT_HLIST_HEAD(pid.tasks[type]);

        init_waitqueue_head(pid.wait_pidfd);
        INIT_HLIST_HEAD(pid.inodes);

        idr_preload(GFP_KERNEL);
        this.spin_lock(this.pidmap_lock);
        if ((ns.pid_allocated & PIDNS_ADDING) == 0)
            goto out_unlock;
        this.pidfs_add_pid(pid);
        for (var u = (int)ns.level; u >= 0; --u)
        {
            /* now find_pid_ns() may find it */
            idr_replace(pid.numbers[u].ns.idr, pid, pid.numbers[u].nr);
            pid.numbers[u].ns.pid_allocated++;
        }

        this.spin_unlock(this.pidmap_lock);
        idr_preload_end();
        ns_ref_active_get(ns.ns);

        return pid;

    out_unlock:
        this.spin_unlock(this.pidmap_lock);
        idr_preload_end();
        this.put_pid_ns(ns);

    out_free:
        this.spin_lock(this.pidmap_lock);
        while (++i <= ns.level)
        {
            var upid = pid.numbers[i];
            idr_remove(upid.ns.idr, upid.nr);
        }

        /* if the first pid of the namespace failed, start over from scratch */
        if (ns.pid_allocated == PIDNS_ADDING)
            idr_set_cursor(ns.idr, 0);

        this.spin_unlock(this.pidmap_lock);

        this.kmem_cache_free(ns.pid_cachep!, pid);
        return ERR_PTR<pid>(retval);
    }

    /// <summary>disable_pid_allocation: no new pids in this namespace from now on.</summary>
    /// <param name="ns">The namespace.</param>
    public void disable_pid_allocation(pid_namespace ns)
    {
        this.spin_lock(this.pidmap_lock);
        ns.pid_allocated &= ~PIDNS_ADDING;
        this.spin_unlock(this.pidmap_lock);
    }

    /// <summary>find_pid_ns: the pid with number <paramref name="nr"/> in <paramref name="ns"/>.</summary>
    /// <param name="nr">The number.</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>The pid, borrowed under RCU, or NULL.</returns>
    [__must_hold("rcu|read:tasklist_lock")]
    [__borrowed]
    public static pid? find_pid_ns(int nr, pid_namespace ns) => (pid?)idr_find(ns.idr, nr);

    /// <summary>find_vpid: find_pid_ns in the caller's namespace.</summary>
    /// <param name="nr">The number.</param>
    /// <returns>The pid, borrowed under RCU, or NULL.</returns>
    [__must_hold("rcu|read:tasklist_lock")]
    [__borrowed]
    public pid? find_vpid(int nr) => find_pid_ns(nr, this.task_active_pid_ns(this.current)!);

    private static ref pid? task_pid_ptr(task_struct task, pid_type type)
    {
        if (type == pid_type.PIDTYPE_PID)
            return ref task.thread_pid;
        return ref task.signal.pids[(int)type];
    }

    /// <summary>attach_pid: links the task into its pid's list for <paramref name="type"/>.</summary>
    /// <param name="task">The task.</param>
    /// <param name="type">The pid type.</param>
    [__must_hold("tasklist_lock")]
    public void attach_pid(task_struct task, pid_type type)
    {
        pid pid;

        this.lockdep_assert_held_write(this.tasklist_lock);

        pid = task_pid_ptr(task, type)!;
        hlist_add_head_rcu(task.pid_links[(int)type], pid.tasks[(int)type]);
    }

    [__must_hold("tasklist_lock")]
    private void __change_pid(pid?[] pids, task_struct task, pid_type type, pid? @new)
    {
        int tmp;

        this.lockdep_assert_held_write(this.tasklist_lock);

        ref var pid_ptr = ref task_pid_ptr(task, type);
        var pid = pid_ptr!;

        hlist_del_rcu(task.pid_links[(int)type]);
        pid_ptr = @new;

        for (tmp = (int)pid_type.PIDTYPE_MAX; --tmp >= 0;)
        {
            if (pid_has_task(pid, (pid_type)tmp))
                return;
        }

        this.WARN_ON(pids[(int)type] != null);
        pids[(int)type] = pid;
    }

    /// <summary>detach_pid: unlinks the task; an unused pid is handed to <paramref name="pids"/> for free_pids.</summary>
    /// <param name="pids">Where pids that lost their last task go.</param>
    /// <param name="task">The task.</param>
    /// <param name="type">The pid type.</param>
    [__must_hold("tasklist_lock")]
    public void detach_pid(pid?[] pids, task_struct task, pid_type type) => this.__change_pid(pids, task, type, null);

    /// <summary>change_pid: moves the task to another pid of this type.</summary>
    /// <param name="pids">Where pids that lost their last task go.</param>
    /// <param name="task">The task.</param>
    /// <param name="type">The pid type.</param>
    /// <param name="pid">The new pid.</param>
    [__must_hold("tasklist_lock")]
    public void change_pid(pid?[] pids, task_struct task, pid_type type, pid pid)
    {
        this.__change_pid(pids, task, type, pid);
        this.attach_pid(task, type);
    }

    /// <summary>exchange_tids: two tasks swap their PIDTYPE_PID pids (de_thread).</summary>
    /// <param name="left">One task.</param>
    /// <param name="right">The other.</param>
    [__must_hold("tasklist_lock")]
    public void exchange_tids(task_struct left, task_struct right)
    {
        var pid1 = left.thread_pid!;
        var pid2 = right.thread_pid!;
        var head1 = pid1.tasks[(int)pid_type.PIDTYPE_PID];
        var head2 = pid2.tasks[(int)pid_type.PIDTYPE_PID];

        this.lockdep_assert_held_write(this.tasklist_lock);

        /* swap the single-entry lists */
        hlists_swap_heads_rcu(head1, head2);

        /* swap the task's own pid */
        rcu_assign_pointer(ref left.thread_pid, pid2);
        rcu_assign_pointer(ref right.thread_pid, pid1);

        /* and the cached number */
        WRITE_ONCE(ref left.pid, pid_nr(pid2));
        WRITE_ONCE(ref right.pid, pid_nr(pid1));
    }

    /// <summary>transfer_pid: <paramref name="new"/> takes <paramref name="old"/>'s place on a pid list.</summary>
    /// <param name="old">The task leaving.</param>
    /// <param name="new">The task arriving.</param>
    /// <param name="type">The pid type (never PIDTYPE_PID).</param>
    [__must_hold("tasklist_lock")]
    public void transfer_pid(task_struct old, task_struct @new, pid_type type)
    {
        this.WARN_ON_ONCE(type == pid_type.PIDTYPE_PID);
        this.lockdep_assert_held_write(this.tasklist_lock);
        hlist_replace_rcu(old.pid_links[(int)type], @new.pid_links[(int)type]);
    }

    /// <summary>pid_task: the first task attached to the pid for this type.</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="type">The type.</param>
    /// <returns>The task, borrowed (RCU or tasklist_lock), or NULL.</returns>
    [__must_hold("rcu|read:tasklist_lock")]
    [__borrowed]
    public task_struct? pid_task(pid? pid, pid_type type)
    {
        task_struct? result = null;
        if (pid != null)
        {
            var first = this.rcu_dereference_check(ref hlist_first_rcu(pid.tasks[(int)type]), this.lockdep_tasklist_lock_is_held());
            if (first != null)
                result = (task_struct)first; /* hlist_entry(first, struct task_struct, pid_links[type]) */
        }

        return result;
    }

    /// <summary>find_task_by_pid_ns: must be called under rcu_read_lock().</summary>
    /// <param name="nr">The number.</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>The task, borrowed, or NULL.</returns>
    [__must_hold("rcu")]
    [__borrowed]
    public task_struct? find_task_by_pid_ns(int nr, pid_namespace ns)
    {
        this.WARN_ON_ONCE(!this.rcu_read_lock_held(), "find_task_by_pid_ns() needs rcu_read_lock() protection");
        return this.pid_task(find_pid_ns(nr, ns), pid_type.PIDTYPE_PID);
    }

    /// <summary>find_task_by_vpid.</summary>
    /// <param name="vnr">The number in the caller's namespace.</param>
    /// <returns>The task, borrowed, or NULL.</returns>
    [__must_hold("rcu")]
    [__borrowed]
    public task_struct? find_task_by_vpid(int vnr) => this.find_task_by_pid_ns(vnr, this.task_active_pid_ns(this.current)!);

    /// <summary>find_get_task_by_vpid.</summary>
    /// <param name="nr">The number in the caller's namespace.</param>
    /// <returns>The task with a reference, or NULL.</returns>
    [return: __returns_ref]
    public task_struct? find_get_task_by_vpid(int nr)
    {
        task_struct? task;

        this.rcu_read_lock();
        task = this.find_task_by_vpid(nr);
        if (task != null)
            this.get_task_struct(task);
        this.rcu_read_unlock();

        return task;
    }

    /// <summary>get_task_pid.</summary>
    /// <param name="task">The task.</param>
    /// <param name="type">The type.</param>
    /// <returns>The pid with a reference, or NULL.</returns>
    [return: __returns_ref]
    public pid? get_task_pid(task_struct task, pid_type type)
    {
        pid? pid;
        this.rcu_read_lock();
        pid = this.get_pid(this.rcu_dereference(ref task_pid_ptr(task, type)));
        this.rcu_read_unlock();
        return pid;
    }

    /// <summary>get_pid_task.</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="type">The type.</param>
    /// <returns>The task with a reference, or NULL.</returns>
    [return: __returns_ref]
    public task_struct? get_pid_task(pid? pid, pid_type type)
    {
        task_struct? result;
        this.rcu_read_lock();
        result = this.pid_task(pid, type);
        if (result != null)
            this.get_task_struct(result);
        this.rcu_read_unlock();
        return result;
    }

    /// <summary>find_get_pid.</summary>
    /// <param name="nr">The number in the caller's namespace.</param>
    /// <returns>The pid with a reference, or NULL.</returns>
    [return: __returns_ref]
    public pid? find_get_pid(int nr)
    {
        pid? pid;

        this.rcu_read_lock();
        pid = this.get_pid(this.find_vpid(nr));
        this.rcu_read_unlock();

        return pid;
    }

    /// <summary>pid_nr_ns: the number <paramref name="ns"/> sees, 0 if the pid is not visible there.</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>The number.</returns>
    public static int pid_nr_ns(pid? pid, pid_namespace? ns)
    {
        var nr = 0;

        if (pid != null && ns != null && ns.level <= pid.level)
        {
            var upid = pid.numbers[ns.level];
            if (upid.ns == ns)
                nr = upid.nr;
        }

        return nr;
    }

    /// <summary>pid_vnr: the number the caller sees.</summary>
    /// <param name="pid">The pid.</param>
    /// <returns>The number.</returns>
    public int pid_vnr(pid? pid) => pid_nr_ns(pid, this.task_active_pid_ns(this.current));

    /// <summary>__task_pid_nr_ns.</summary>
    /// <param name="task">The task.</param>
    /// <param name="type">The type.</param>
    /// <param name="ns">The namespace (NULL: the caller's).</param>
    /// <returns>The number.</returns>
    public int __task_pid_nr_ns(task_struct task, pid_type type, pid_namespace? ns)
    {
        var nr = 0;

        this.rcu_read_lock();
        if (ns == null)
            ns = this.task_active_pid_ns(this.current);
        if (ns != null)
            nr = pid_nr_ns(this.rcu_dereference(ref task_pid_ptr(task, type)), ns);
        this.rcu_read_unlock();

        return nr;
    }

    /// <summary>task_active_pid_ns: the namespace the task's own pid lives in.</summary>
    /// <param name="tsk">The task.</param>
    /// <returns>The namespace.</returns>
    public pid_namespace? task_active_pid_ns(task_struct tsk) => ns_of_pid(task_pid(tsk));

    /// <summary>find_ge_pid: the first pid at or above <paramref name="nr"/> (for procfs readdir).</summary>
    /// <param name="nr">The number.</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>The pid, borrowed, or NULL.</returns>
    [__borrowed]
    public static pid? find_ge_pid(int nr, pid_namespace ns) => (pid?)idr_get_next(ns.idr, ref nr);

    /// <summary>pidfd_get_pid: the pid of a pidfd, with a reference, and the file's flags.</summary>
    /// <param name="fd">The pidfd.</param>
    /// <param name="flags">Gets the file's f_flags.</param>
    /// <returns>The pid, or ERR_PTR(-EBADF).</returns>
    [return: __returns_ref]
    public pid pidfd_get_pid(uint fd, out uint flags)
    {
        using var f = this.fdget((int)fd);
        pid pid;

        flags = 0;
        if (fd_empty(f))
            return ERR_PTR<pid>(-errno.EBADF);

        pid = this.pidfd_pid(fd_file(f)!);
        if (!IS_ERR(pid))
        {
            this.get_pid(pid);
            flags = READ_ONCE(ref fd_file(f)!.f_flags);
        }

        return pid;
    }

    /// <summary>
    /// pidfd_get_task: the task a pidfd refers to, with a reference. PIDFD_SELF_THREAD and
    /// PIDFD_SELF_THREAD_GROUP name the caller; any other pidfd is looked up as a thread-group
    /// leader.
    /// </summary>
    /// <param name="pidfd">The pidfd or a PIDFD_SELF_* value.</param>
    /// <param name="flags">Gets the pidfd's flags (0 for the PIDFD_SELF_* values).</param>
    /// <returns>The task, or ERR_PTR(-EBADF / -ESRCH).</returns>
    [return: __returns_ref]
    public task_struct pidfd_get_task(int pidfd, out uint flags)
    {
        uint f_flags = 0;
        pid? pid;
        task_struct? task;
        pid_type type;

        flags = 0;
        switch (pidfd)
        {
            case PIDFD_SELF_THREAD:
                type = pid_type.PIDTYPE_PID;
                pid = this.get_task_pid(this.current, type);
                break;
            case PIDFD_SELF_THREAD_GROUP:
                type = pid_type.PIDTYPE_TGID;
                pid = this.get_task_pid(this.current, type);
                break;
            default:
                pid = this.pidfd_get_pid((uint)pidfd, out f_flags);
                if (IS_ERR(pid))
                    return ERR_CAST<task_struct>(pid);
                type = pid_type.PIDTYPE_TGID;
                break;
        }

        task = this.get_pid_task(pid, type);
        this.put_pid(pid);
        if (task == null)
            return ERR_PTR<task_struct>(-errno.ESRCH);

        flags = f_flags;
        return task;
    }

    /*
     * pidfd_create: a new O_CLOEXEC pidfd for pid, installed in the caller's
     * table. Only callable once the fd table is unshared, or the pidfd would
     * leak into the new process.
     */
    private int pidfd_create(pid pid, uint flags)
    {
        int pidfd;

        pidfd = this.pidfd_prepare(pid, flags, out var pidfd_file);
        if (pidfd < 0)
            return pidfd;

        this.fd_install((uint)pidfd, pidfd_file!);
        return pidfd;
    }

    /// <summary>
    /// sys_pidfd_open: a new O_CLOEXEC pidfd for the process <paramref name="pid"/> (a thread
    /// with PIDFD_THREAD; without it the task must lead its thread group).
    /// </summary>
    /// <param name="pid">The pid in the caller's namespace.</param>
    /// <param name="flags">PIDFD_NONBLOCK and PIDFD_THREAD.</param>
    /// <returns>The fd, or -errno.</returns>
    public long sys_pidfd_open(int pid, uint flags)
    {
        int fd;
        pid? p;

        if ((flags & ~(PIDFD_NONBLOCK | PIDFD_THREAD)) != 0)
            return -errno.EINVAL;

        if (pid <= 0)
            return -errno.EINVAL;

        p = this.find_get_pid(pid);
        if (p == null)
            return -errno.ESRCH;

        fd = this.pidfd_create(p, flags);

        this.put_pid(p);
        return fd;
    }

    private ctl_table_set pid_table_root_lookup() => this.task_active_pid_ns(this.current)!.set;

    private bool set_is_seen(ctl_table_set set) => this.task_active_pid_ns(this.current)!.set == set;

    private int pid_table_root_permissions(ctl_table_header head, ctl_table table)
    {
        var pidns = head.set.owner!;
        var mode = table.mode;

        /* make_kuid/make_kgid(pidns->user_ns, 0): the model's one user namespace maps 0 to 0 */
        if (this.ns_capable_noaudit(pidns.user_ns, CAP_SYS_ADMIN) || this.current_cred().euid == 0)
            mode = (mode & S_IRWXU) >> 6;
        else if (this.in_egroup_p(0))
            mode = (mode & S_IRWXG) >> 3;
        else
            mode = mode & S_IROTH;
        return (mode << 6) | (mode << 3) | mode;
    }

    private void pid_table_root_set_ownership(ctl_table_header head, ref uint uid, ref uint gid)
    {
        /* the files belong to the namespace's root; the model has only the initial user namespace */
        uid = 0;
        gid = 0;
    }

    private int proc_do_cad_pid(ctl_table table, bool write, ref string buffer)
    {
        pid? new_pid;
        var tmp_pid = new[] { this.pid_vnr(this.cad_pid) };
        var tmp_table = table.dup();
        tmp_table.data = () => ref tmp_pid[0];

        var r = proc_dointvec(tmp_table, write, ref buffer);
        if (r != 0 || !write)
            return r;

        new_pid = this.find_get_pid(tmp_pid[0]);
        if (new_pid == null)
            return -errno.ESRCH;

        this.put_pid(xchg(ref this.cad_pid, new_pid));
        return 0;
    }

    private ctl_table[] pid_table() => new[]
    {
        new ctl_table
        {
            procname = "pid_max",
            data = () => ref this.init_pid_ns.pid_max,
            mode = 0x1a4, /* 0644 */
            handler = proc_dointvec_minmax,
            extra1 = () => ref this.pid_max_min,
            extra2 = () => ref this.pid_max_max,
        },
        new ctl_table
        {
            procname = "cad_pid",
            mode = 0x180, /* 0600 */
            handler = this.proc_do_cad_pid,
        },
    };

    /// <summary>register_pidns_sysctls: the namespace's own kernel.pid_max (and cad_pid).</summary>
    /// <param name="pidns">The namespace.</param>
    /// <returns>0 or -ENOMEM.</returns>
    public int register_pidns_sysctls([__unpublished] pid_namespace pidns)
    {
        ctl_table[]? tbl;

        setup_sysctl_set(pidns.set, this.pid_table_root, this.set_is_seen);
        pidns.set.owner = pidns;

        tbl = this.kmemdup(this.pid_table, GFP_KERNEL);
        if (tbl == null)
            return -errno.ENOMEM;
        tbl[0].data = () => ref pidns.pid_max;
        pidns.pid_max = System.Math.Min(this.pid_max_max, System.Math.Max(pidns.pid_max, PIDS_PER_CPU_DEFAULT * num_possible_cpus()));

        pidns.sysctls = this.__register_sysctl_table(pidns.set, "kernel", tbl);
        if (pidns.sysctls == null)
        {
            this.kfree(tbl);
            this.retire_sysctl_set(pidns.set);
            return -errno.ENOMEM;
        }

        return 0;
    }

    /// <summary>unregister_pidns_sysctls.</summary>
    /// <param name="pidns">The namespace.</param>
    public void unregister_pidns_sysctls(pid_namespace pidns)
    {
        ctl_table[] tbl;

        tbl = pidns.sysctls!.ctl_table_arg;
        this.unregister_sysctl_table(pidns.sysctls!);
        pidns.sysctls = null;
        this.retire_sysctl_set(pidns.set);
        this.kfree(tbl);
    }

    /// <summary>pid_idr_init: sizes pid_max for the machine and makes the level-0 pid cache.</summary>
    public void pid_idr_init()
    {
        /* bump the default and minimum pid_max by the number of CPUs */
        this.init_pid_ns.pid_max = System.Math.Min(this.pid_max_max, System.Math.Max(this.init_pid_ns.pid_max, PIDS_PER_CPU_DEFAULT * num_possible_cpus()));
        this.pid_max_min = System.Math.Max(this.pid_max_min, PIDS_PER_CPU_MIN * num_possible_cpus());
        this.printk($"pid_max: default: {this.init_pid_ns.pid_max} minimum: {this.pid_max_min}");

        idr_init(this.init_pid_ns.idr);

        this.init_pid_ns.pid_cachep = this.kmem_cache_create("pid");
    }

    /// <summary>pid_namespace_sysctl_init (subsys_initcall).</summary>
    /// <returns>0.</returns>
    [__init]
    public int pid_namespace_sysctl_init()
    {
        this.pid_table_root.lookup = this.pid_table_root_lookup;
        this.pid_table_root.permissions = this.pid_table_root_permissions;
        this.pid_table_root.set_ownership = this.pid_table_root_set_ownership;
        this.register_sysctl_root(this.pid_table_root);
        this.BUG_ON(this.register_pidns_sysctls(this.init_pid_ns) != 0);
        return 0;
    }

    [return: __returns_ref]
    private @file __pidfd_fget(task_struct task, int fd)
    {
        @file? file;
        int ret;

        ret = this.down_read_killable(task.signal.exec_update_lock);
        if (ret != 0)
            return ERR_PTR<@file>(ret);

        if (this.ptrace_may_access(task, PTRACE_MODE_ATTACH_REALCREDS))
            file = this.fget_task(task, (uint)fd);
        else
            file = ERR_PTR<@file>(-errno.EPERM);

        this.up_read(task.signal.exec_update_lock);

        if (file == null)
        {
            /*
             * The target may be exiting: after exit_files() it has no table
             * (and PF_EXITING is set), so EBADF here really means ESRCH.
             */
            if ((task.flags & PF_EXITING) != 0)
                file = ERR_PTR<@file>(-errno.ESRCH);
            else
                file = ERR_PTR<@file>(-errno.EBADF);
        }

        return file;
    }

    private int pidfd_getfd(pid pid, int fd)
    {
        task_struct? task;
        @file file;
        int ret;

        task = this.get_pid_task(pid, pid_type.PIDTYPE_PID);
        if (task == null)
            return -errno.ESRCH;

        file = this.__pidfd_fget(task, fd);
        this.put_task_struct(task);
        if (IS_ERR(file))
            return (int)PTR_ERR(file);

        ret = this.receive_fd(file, null, O_CLOEXEC);
        this.fput(file);

        return ret;
    }

    /// <summary>
    /// sys_pidfd_getfd: a copy of another process's fd <paramref name="fd"/> (close-on-exec),
    /// for a caller allowed to ptrace it.
    /// </summary>
    /// <param name="pidfd">The pidfd of the process.</param>
    /// <param name="fd">Its fd number.</param>
    /// <param name="flags">Reserved, must be 0.</param>
    /// <returns>The new fd, or -errno.</returns>
    public long sys_pidfd_getfd(int pidfd, int fd, uint flags)
    {
        pid pid;

        /* flags is unused for now: it must be 0 */
        if (flags != 0)
            return -errno.EINVAL;

        using var f = this.fdget(pidfd);
        if (fd_empty(f))
            return -errno.EBADF;

        pid = this.pidfd_pid(fd_file(f)!);
        if (IS_ERR(pid))
            return PTR_ERR(pid);

        return this.pidfd_getfd(pid, fd);
    }
}
