// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/fork.c: creating tasks. copy_process allocates the new task's pid
// before it takes tasklist_lock (alloc_pid takes pidmap_lock, which must
// never nest inside tasklist_lock) and attaches the pid under it.
//
// Not ported: fs, io, sysvsem, seccomp, cgroups, ptrace, vfork completion,
// page tables (an mm is only its dumpability here), and clone's user-memory
// argument copying (kernel_clone_args is filled by the caller).
namespace Linux;

/// <summary>kernel/fork.c.</summary>
public sealed partial class vmlinux
{
    /* protects the task lists, parent/child links and pid attachment */
    [__lock_class("tasklist_lock")]
    public readonly rwlock_t tasklist_lock = new("tasklist_lock");

    public int nr_threads;
    public long total_forks;
    private kmem_cache? task_struct_cachep;
    /* fork.c's default_dump_filter: MMF_DUMP_FILTER_DEFAULT has no dumpability bits, the only ones the model keeps */
    private const ulong default_dump_filter = 0;

    private kmem_cache? mm_cachep;
    private kmem_cache? sighand_cachep;
    private kmem_cache? signal_cachep;
    private kmem_cache? nsproxy_cachep;

    /// <summary>lockdep_tasklist_lock_is_held (CONFIG_PROVE_RCU, which PROVE_LOCKING selects).</summary>
    /// <returns>True when this CPU holds tasklist_lock in any mode.</returns>
#if CONFIG_PROVE_LOCKING
    public bool lockdep_tasklist_lock_is_held() => this.lock_is_held(this.tasklist_lock);
#else
    /* without PROVE_RCU the kernel has no such function: rcu_dereference_check() never evaluates its condition */
    public bool lockdep_tasklist_lock_is_held() => false;
#endif

    /// <summary>lockdep_assert_held_write.</summary>
    /// <param name="lock">The rwlock.</param>
    [__assert_held("lock")]
    public void lockdep_assert_held_write(rwlock_t @lock)
    {
        this.lockdep_assert_held(@lock);
        this.WARN_ON(READ_ONCE(ref @lock.state) != -1, "lockdep_assert_held_write: held for read");
    }

    private void free_task(task_struct tsk) => this.kmem_cache_free(this.task_struct_cachep!, tsk);

    /// <summary>
    /// __mmdrop: the last mm_count reference is gone, so the mm itself is freed.
    /// Upstream also frees the page tables, the context and the per-CPU counters;
    /// the model's mm has none of them.
    /// </summary>
    /// <param name="mm">The mm.</param>
    public void __mmdrop(mm_struct mm)
    {
        this.WARN_ON_ONCE(mm == this.current.mm);

        this.kmem_cache_free(this.mm_cachep!, mm); /* free_mm */
    }

    private void free_signal_struct(signal_struct sig) => this.kmem_cache_free(this.signal_cachep!, sig);

    private void put_signal_struct(signal_struct sig)
    {
        if (this.refcount_dec_and_test(ref sig.sigcnt))
            this.free_signal_struct(sig);
    }

    /// <summary>__put_task_struct: the last reference to a dead task.</summary>
    /// <param name="tsk">The task.</param>
    public void __put_task_struct(task_struct tsk)
    {
        this.WARN_ON(tsk.exit_state == 0);
        this.WARN_ON(refcount_read(ref tsk.usage) != 0);
        this.WARN_ON(tsk == this.current);

        this.exit_creds(tsk);
        this.put_signal_struct(tsk.signal);
        this.free_task(tsk);
    }

    /// <summary>fork_init.</summary>
    public void fork_init() => this.task_struct_cachep = this.kmem_cache_create("task_struct");

    private task_struct? dup_task_struct(task_struct orig)
    {
        var tsk = this.kmem_cache_alloc(this.task_struct_cachep!, GFP_KERNEL, () => new task_struct()); /* alloc_task_struct_node */
        if (tsk == null)
            return null;

        tsk.flags = orig.flags & PF_KTHREAD;
        tsk.comm = orig.comm;
        tsk.blocked = orig.blocked;
        tsk.make_it_fail = orig.make_it_fail;
        tsk.fail_nth = 0;

        /* one reference for user-visible state until reaped, one for the scheduler */
        refcount_set(ref tsk.rcu_users, 2);
        /* one for the rcu users */
        refcount_set(ref tsk.usage, 1);

        return tsk;
    }

    /* mm_init: a new mm has one user and one mm_count reference, and the dump flags of current's */
    private mm_struct? mm_init(mm_struct mm, task_struct p)
    {
        _ = p; /* mm_init_owner: the model has no memcg owner */
        atomic_set(ref mm.mm_users, 1);
        atomic_set(ref mm.mm_count, 1);

        if (this.current.mm != null)
            mm.flags = mmf_init_legacy_flags(__mm_flags_get_dumpable(this.current.mm));
        else
            mm.flags = default_dump_filter;

        /* not ported: page tables, the mm id and context, the per-CPU rss counters (none can fail here) */
        return mm;
    }

    /// <summary>mm_alloc: allocates and initializes an mm_struct (NULL when out of memory).</summary>
    /// <returns>The new mm, or null.</returns>
    [return: __returns_ref]
    public mm_struct? mm_alloc()
    {
        mm_struct? mm;

        mm = this.kmem_cache_alloc(this.mm_cachep!, GFP_KERNEL, () => new mm_struct()); /* allocate_mm */
        if (mm == null)
            return null;

        return this.mm_init(mm, this.current);
    }

    /* __mmput: the last user is gone; upstream unmaps the address space first, the model has none */
    private void __mmput(mm_struct mm)
    {
        /* VM_BUG_ON(mm_users): CONFIG_DEBUG_VM is not modelled */
        this.mmdrop(mm);
    }

    /// <summary>mmput: drops a user of the address space; the last one tears it down.</summary>
    /// <param name="mm">The mm.</param>
    [__might_sleep]
    public void mmput(mm_struct mm)
    {
        this.might_sleep();

        if (atomic_dec_and_test(ref mm.mm_users))
            this.__mmput(mm);
    }

    /* dup_mm: a copy of @oldmm for @tsk; the model copies no mappings, so only allocation can fail */
    private mm_struct? dup_mm(task_struct tsk, mm_struct oldmm)
    {
        mm_struct? mm;

        mm = this.kmem_cache_alloc(this.mm_cachep!, GFP_KERNEL, () => new mm_struct()); /* allocate_mm */
        if (mm == null)
            goto fail_nomem;

        mm.flags = oldmm.flags; /* memcpy(mm, oldmm, sizeof(*mm)) */

        if (this.mm_init(mm, tsk) == null)
            goto fail_nomem;

        /* not ported: dup_mmap and the binfmt module reference (nothing to copy, nothing can fail) */
        return mm;

    fail_nomem:
        return null;
    }

    private int copy_mm(ulong clone_flags, task_struct tsk)
    {
        mm_struct? mm, oldmm;

        tsk.mm = null;

        /* a kernel thread has no mm */
        oldmm = this.current.mm;
        if (oldmm == null)
            return 0;

        if ((clone_flags & CLONE_VM) != 0)
        {
            mmget(oldmm);
            mm = oldmm;
        }
        else
        {
            mm = this.dup_mm(tsk, this.current.mm!);
            if (mm == null)
                return -errno.ENOMEM;
        }

        tsk.mm = mm;
        return 0;
    }

    private int copy_sighand(ulong clone_flags, task_struct tsk)
    {
        sighand_struct sig;

        if ((clone_flags & CLONE_SIGHAND) != 0)
        {
            this.refcount_inc(ref this.current.sighand!.count);
            tsk.sighand = this.current.sighand;
            return 0;
        }

        sig = this.kmem_cache_alloc(this.sighand_cachep!, GFP_KERNEL, () => new sighand_struct())!;
        RCU_INIT_POINTER(ref tsk.sighand, sig);
        if (sig == null)
            return -errno.ENOMEM;

        refcount_set(ref sig.count, 1);
        this.spin_lock_irq(this.current.sighand!.siglock);
        sig.action = this.current.sighand.action;
        this.spin_unlock_irq(this.current.sighand.siglock);

        /* reset every handler that is not SIG_IGN to SIG_DFL */
        if ((clone_flags & CLONE_CLEAR_SIGHAND) != 0)
            flush_signal_handlers(tsk, false);

        return 0;
    }

    /// <summary>__cleanup_sighand.</summary>
    /// <param name="sighand">The handlers.</param>
    public void __cleanup_sighand(sighand_struct sighand)
    {
        if (this.refcount_dec_and_test(ref sighand.count))
            this.kmem_cache_free(this.sighand_cachep!, sighand);
    }

    private int copy_signal(ulong clone_flags, task_struct tsk)
    {
        signal_struct sig;

        if ((clone_flags & CLONE_THREAD) != 0)
            return 0;

        sig = this.kmem_cache_zalloc(this.signal_cachep!, GFP_KERNEL, () => new signal_struct())!;
        tsk.signal = sig;
        if (sig == null)
            return -errno.ENOMEM;

        sig.nr_threads = 1;
        sig.quick_threads = 1;
        sig.live = 1;
        refcount_set(ref sig.sigcnt, 1);

        /* the group's thread list starts with the leader */
        list_add_tail_rcu(tsk.thread_node, sig.thread_head);

        sig.curr_target = tsk;

        this.task_lock(this.current.group_leader);
        sig.rlim = this.current.signal.rlim;
        this.task_unlock(this.current.group_leader);

        sig.has_child_subreaper = this.current.signal.has_child_subreaper || this.current.signal.is_child_subreaper;

        return 0;
    }

    private static void init_task_pid_links(task_struct task)
    {
        for (var type = 0; type < (int)pid_type.PIDTYPE_MAX; ++type)
            INIT_HLIST_NODE(task.pid_links[type]);
    }

    private static void init_task_pid(task_struct task, pid_type type, pid pid)
    {
        if (type == pid_type.PIDTYPE_PID)
            task.thread_pid = pid;
        else
            task.signal.pids[(int)type] = pid;
    }

    /// <summary>
    /// pidfd_prepare: reserves an fd and makes a pidfd file for <paramref name="pid"/>, not yet
    /// installed. The caller must fd_install(fd, file), or put_unused_fd(fd) and fput(file).
    /// </summary>
    /// <param name="pid">The pid (the caller's reference is not taken).</param>
    /// <param name="flags">PIDFD_* flags; PIDFD_STALE when the caller knows the pid is registered.</param>
    /// <param name="ret_file">Gets the file.</param>
    /// <returns>The reserved fd, or -errno.</returns>
    [__might_sleep]
    public int pidfd_prepare(pid pid, uint flags, [__returns_ref] out @file? ret_file)
    {
        @file pidfs_file;

        ret_file = null;

        /*
         * PIDFD_STALE may be passed only by a caller that knows the pid is
         * registered in pidfs already, so PIDFD_INFO_EXIT will be available.
         */
        if ((flags & PIDFD_STALE) == 0)
        {
            /*
             * Under the pidfd wait queue lock the thread-group leader link
             * (PIDTYPE_TGID) cannot go away. So if PIDTYPE_PID still has a
             * task and PIDTYPE_TGID has none, this pid never led a group.
             */
            using var _ = this.guard_spinlock_irq(pid.wait_pidfd.@lock);

            /* the task was reaped already */
            if (!pid_has_task(pid, pid_type.PIDTYPE_PID))
                return -errno.ESRCH;

            /* a group pidfd was asked for, but this pid is not a group leader */
            if ((flags & PIDFD_THREAD) == 0 && !pid_has_task(pid, pid_type.PIDTYPE_TGID))
                return -errno.ENOENT;
        }

        var pidfd = this.get_unused_fd_flags((int)O_CLOEXEC); /* CLASS(get_unused_fd) */
        if (pidfd < 0)
            return pidfd;

        pidfs_file = this.pidfs_alloc_file(pid, flags | O_RDWR);
        if (IS_ERR(pidfs_file))
        {
            this.put_unused_fd((uint)pidfd);
            return (int)PTR_ERR(pidfs_file);
        }

        ret_file = pidfs_file;
        return pidfd; /* take_fd */
    }

    /// <summary>
    /// copy_process: creates a new task as a copy of the current one. It is not yet
    /// running; it is attached to its pid and visible once this returns.
    /// </summary>
    /// <param name="pid">A preallocated pid (the idle task's), or null.</param>
    /// <param name="args">The clone arguments.</param>
    /// <returns>The new task or ERR_PTR.</returns>
    [__refs_unsafe("the pid alloc_pid returns is stored in the task only when p->pid is nonzero, that is when it is not init_struct_pid, and freed on the error path under the same test; the analysis cannot tie the two tests together")]
    private task_struct copy_process(pid? pid, kernel_clone_args args)
    {
        int retval;
        task_struct p;
        var clone_flags = args.flags;
        var pidfd = -1;
        @file? pidfile = null;

        /* no sharing of the root directory with a task in another mount or user namespace */
        if ((clone_flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
            return ERR_PTR<task_struct>(-errno.EINVAL);

        if ((clone_flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
            return ERR_PTR<task_struct>(-errno.EINVAL);

        /* threads share the signal handlers, and shared handlers need a shared VM */
        if ((clone_flags & CLONE_THREAD) != 0 && (clone_flags & CLONE_SIGHAND) == 0)
            return ERR_PTR<task_struct>(-errno.EINVAL);
        if ((clone_flags & CLONE_SIGHAND) != 0 && (clone_flags & CLONE_VM) == 0)
            return ERR_PTR<task_struct>(-errno.EINVAL);

        /*
         * Siblings of an init stay zombies when they exit (nobody reaps them),
         * so an init (global or of a namespace) may not create siblings.
         */
        if ((clone_flags & CLONE_PARENT) != 0 && (this.current.signal.flags & SIGNAL_UNKILLABLE) != 0)
            return ERR_PTR<task_struct>(-errno.EINVAL);

        /*
         * A thread must stay in its group's pid namespace: it may not ask for
         * new pid or user namespaces, nor be created after unshare(CLONE_NEWPID).
         */
        if ((clone_flags & CLONE_THREAD) != 0)
        {
            if ((clone_flags & (CLONE_NEWUSER | CLONE_NEWPID)) != 0 ||
                this.task_active_pid_ns(this.current) != this.current.nsproxy!.pid_ns_for_children)
                return ERR_PTR<task_struct>(-errno.EINVAL);
        }

        if ((clone_flags & CLONE_PIDFD) != 0)
        {
            /* a pidfd is for a process that can be waited on: not detached */
            if ((clone_flags & CLONE_DETACHED) != 0)
                return ERR_PTR<task_struct>(-errno.EINVAL);
        }

        retval = -errno.ENOMEM;
        p = this.dup_task_struct(this.current)!;
        if (p == null)
            goto fork_out;
        if (args.comm != null)
            p.comm = args.comm;
        if (args.kthread)
            p.flags |= PF_KTHREAD;

        retval = this.copy_creds(p, clone_flags);
        if (retval < 0)
            goto bad_fork_free;

        retval = this.copy_files(clone_flags, p, args.no_files);
        if (retval != 0)
            goto bad_fork_cleanup_creds;
        retval = this.copy_sighand(clone_flags, p);
        if (retval != 0)
            goto bad_fork_cleanup_files;
        retval = this.copy_signal(clone_flags, p);
        if (retval != 0)
            goto bad_fork_cleanup_sighand;
        retval = this.copy_mm(clone_flags, p);
        if (retval != 0)
            goto bad_fork_cleanup_signal;
        retval = this.copy_namespaces(clone_flags, p);
        if (retval != 0)
            goto bad_fork_cleanup_mm;

        if (pid != this.init_struct_pid)
        {
            pid = this.alloc_pid(p.nsproxy!.pid_ns_for_children, args.set_tid, args.set_tid_size);
            if (IS_ERR(pid))
            {
                retval = (int)PTR_ERR(pid);
                goto bad_fork_cleanup_namespaces;
            }
        }

        /*
         * CLONE_PIDFD: the pidfd is made now, but installed only once the
         * child is attached and visible, after tasklist_lock is dropped.
         */
        if ((clone_flags & CLONE_PIDFD) != 0)
        {
            var flags = (clone_flags & CLONE_THREAD) != 0 ? PIDFD_THREAD : 0;

            /* no task is attached to pid yet: say so with PIDFD_STALE */
            retval = this.pidfd_prepare(pid!, flags | PIDFD_STALE, out pidfile);
            if (retval < 0)
                goto bad_fork_free_pid;
            pidfd = retval;

            retval = put_user((uint)pidfd, args.pidfd);
            if (retval != 0)
                goto bad_fork_put_pidfd;
        }

        p.pid = pid_nr(pid);
        if ((clone_flags & CLONE_THREAD) != 0)
        {
            p.group_leader = this.current.group_leader;
            p.tgid = this.current.tgid;
        }
        else
        {
            p.group_leader = p;
            p.tgid = p.pid;
        }

        /*
         * Make the task visible: everything that walks the task lists or
         * looks tasks up by pid sees it complete from here on.
         */
        this.write_lock_irq(this.tasklist_lock);

        /* CLONE_PARENT re-uses the old parent */
        if ((clone_flags & (CLONE_PARENT | CLONE_THREAD)) != 0)
        {
            p.real_parent = this.current.real_parent;
            if ((clone_flags & CLONE_THREAD) != 0)
                p.exit_signal = -1;
            else
                p.exit_signal = this.current.group_leader.exit_signal;
        }
        else
        {
            p.real_parent = this.current;
            p.exit_signal = args.exit_signal;
        }

        p.parent = p.real_parent;

        this.spin_lock(this.current.sighand!.siglock);

        /* no more forks into a namespace whose init died */
        if ((READ_ONCE(ref ns_of_pid(pid)!.pid_allocated) & PIDNS_ADDING) == 0)
        {
            retval = -errno.ENOMEM;
            goto bad_fork_core_free;
        }

        /* let kill terminate clone/fork in the middle */
        if (fatal_signal_pending(this.current))
        {
            retval = -errno.EINTR;
            goto bad_fork_core_free;
        }

        /* no more failure paths after this point */

        init_task_pid_links(p);
        if (p.pid != 0)
        {
            init_task_pid(p, pid_type.PIDTYPE_PID, pid!);
            if (thread_group_leader(p))
            {
                init_task_pid(p, pid_type.PIDTYPE_TGID, pid!);
                init_task_pid(p, pid_type.PIDTYPE_PGID, task_pgrp(this.current)!);
                init_task_pid(p, pid_type.PIDTYPE_SID, task_session(this.current)!);

                if (is_child_reaper(pid!))
                {
                    ns_of_pid(pid)!.child_reaper = p;
                    p.signal.flags |= SIGNAL_UNKILLABLE;
                }

                list_add_tail(p.sibling, p.real_parent!.children);
                list_add_tail_rcu(p.tasks, this.init_task.tasks);
                this.attach_pid(p, pid_type.PIDTYPE_TGID);
                this.attach_pid(p, pid_type.PIDTYPE_PGID);
                this.attach_pid(p, pid_type.PIDTYPE_SID);
            }
            else
            {
                this.current.signal.nr_threads++;
                this.current.signal.quick_threads++;
                atomic_inc(ref this.current.signal.live);
                this.refcount_inc(ref this.current.signal.sigcnt);
                p.signal = this.current.signal;
                list_add_tail_rcu(p.thread_node, p.signal.thread_head);
            }

            this.attach_pid(p, pid_type.PIDTYPE_PID);
            this.nr_threads++;
        }

        this.total_forks++;
        this.spin_unlock(this.current.sighand.siglock);
        this.write_unlock_irq(this.tasklist_lock);

        if (pidfile != null)
            this.fd_install((uint)pidfd, pidfile);

        return p;

    bad_fork_core_free:
        this.spin_unlock(this.current.sighand.siglock);
        this.write_unlock_irq(this.tasklist_lock);
    bad_fork_put_pidfd:
        if ((clone_flags & CLONE_PIDFD) != 0)
        {
            this.fput(pidfile);
            this.put_unused_fd((uint)pidfd);
        }

    bad_fork_free_pid:
        if (pid != this.init_struct_pid)
            this.free_pid(pid!);
    bad_fork_cleanup_namespaces:
        this.exit_task_namespaces(p);
    bad_fork_cleanup_mm:
        this.exit_mm_of(p);
    bad_fork_cleanup_signal:
        if ((clone_flags & CLONE_THREAD) == 0)
            this.free_signal_struct(p.signal);
    bad_fork_cleanup_sighand:
        this.__cleanup_sighand(p.sighand!);
    bad_fork_cleanup_files:
        this.exit_files(p);
    bad_fork_cleanup_creds:
        this.exit_creds(p);
    bad_fork_free:
        this.free_task(p);
    fork_out:
        return ERR_PTR<task_struct>(retval);
    }

    /// <summary>kernel_clone: the one entry for fork, clone, clone3 and kernel threads.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The child's pid as the caller sees it, or -errno.</returns>
    public long kernel_clone(kernel_clone_args args)
    {
        var clone_flags = args.flags;
        task_struct p;
        pid pid;
        long nr;

        /*
         * For legacy clone() the pidfd goes where the parent tid would: both
         * may be asked for only at different addresses.
         */
        if ((clone_flags & CLONE_PIDFD) != 0 && (clone_flags & CLONE_PARENT_SETTID) != 0 && args.pidfd != null && args.pidfd == args.parent_tid)
            return -errno.EINVAL;

        p = this.copy_process(null, args);
        if (IS_ERR(p))
            return PTR_ERR(p);

        pid = this.get_task_pid(p, pid_type.PIDTYPE_PID)!;
        nr = this.pid_vnr(pid);

        if ((clone_flags & CLONE_PARENT_SETTID) != 0)
            put_user((uint)nr, args.parent_tid);

        this.wake_up_new_task(p);

        this.put_pid(pid);
        return nr;
    }

    /// <summary>kernel_thread.</summary>
    /// <param name="comm">Its name.</param>
    /// <param name="flags">Clone flags.</param>
    /// <returns>Its pid.</returns>
    public long kernel_thread(string comm, ulong flags)
    {
        var args = new kernel_clone_args
        {
            flags = (flags | CLONE_VM | CLONE_UNTRACED) & ~CSIGNAL,
            exit_signal = (int)(flags & CSIGNAL),
            kthread = true,
            comm = comm,
        };

        return this.kernel_clone(args);
    }

    /// <summary>user_mode_thread: a task that will run in user space (init).</summary>
    /// <param name="comm">Its name.</param>
    /// <param name="flags">Clone flags.</param>
    /// <returns>Its pid.</returns>
    public long user_mode_thread(string comm, ulong flags)
    {
        var args = new kernel_clone_args
        {
            flags = (flags | CLONE_VM | CLONE_UNTRACED) & ~CSIGNAL,
            exit_signal = (int)(flags & CSIGNAL),
            comm = comm,
        };

        return this.kernel_clone(args);
    }

    /// <summary>sys_fork.</summary>
    /// <returns>The child's pid or -errno.</returns>
    public long sys_fork() => this.kernel_clone(new kernel_clone_args { exit_signal = SIGCHLD });

    /// <summary>
    /// copy_clone_args_from_user: checks clone3's struct clone_args and turns it into kernel_clone_args.
    /// The model's user memory is the struct itself: the copy cannot fault, and a set_tid array shorter
    /// than set_tid_size reads as a fault (EFAULT), as reading past the user's array would.
    /// </summary>
    /// <param name="kargs">Gets the kernel's arguments.</param>
    /// <param name="uargs">The user's struct.</param>
    /// <param name="usize">The size user space passed.</param>
    /// <returns>0 or -errno.</returns>
    private static int copy_clone_args_from_user(out kernel_clone_args kargs, clone_args uargs, ulong usize)
    {
        kargs = new kernel_clone_args();

        if (usize > (ulong)PAGE_SIZE)
            return -errno.E2BIG;
        if (usize < CLONE_ARGS_SIZE_VER0)
            return -errno.EINVAL;

        /* fields past usize were not passed: copy_struct_from_user leaves them zero */
        var args = new clone_args
        {
            flags = uargs.flags,
            pidfd = uargs.pidfd,
            child_tid = uargs.child_tid,
            parent_tid = uargs.parent_tid,
            exit_signal = uargs.exit_signal,
            stack = uargs.stack,
            stack_size = uargs.stack_size,
            tls = uargs.tls,
            set_tid = usize >= CLONE_ARGS_SIZE_VER1 ? uargs.set_tid : null,
            set_tid_size = usize >= CLONE_ARGS_SIZE_VER1 ? uargs.set_tid_size : 0,
            cgroup = usize >= CLONE_ARGS_SIZE_VER2 ? uargs.cgroup : 0,
        };

        if (args.set_tid_size > (ulong)MAX_PID_NS_LEVEL)
            return -errno.EINVAL;

        if (args.set_tid == null && args.set_tid_size > 0)
            return -errno.EINVAL;

        if (args.set_tid != null && args.set_tid_size == 0)
            return -errno.EINVAL;

        /* the upper 32 bits of exit_signal must be clear, and the signal valid */
        if ((args.exit_signal & ~CSIGNAL) != 0 || !valid_signal((long)args.exit_signal))
            return -errno.EINVAL;

        if ((args.flags & CLONE_INTO_CGROUP) != 0 && (args.cgroup > int.MaxValue || usize < CLONE_ARGS_SIZE_VER2))
            return -errno.EINVAL;

        kargs = new kernel_clone_args
        {
            flags = args.flags,
            pidfd = args.pidfd,
            parent_tid = args.parent_tid,
            exit_signal = (int)args.exit_signal,
            set_tid_size = (int)args.set_tid_size,
        };

        if (args.set_tid != null)
        {
            if ((ulong)args.set_tid.Length < args.set_tid_size)
                return -errno.EFAULT;
            kargs.set_tid = args.set_tid[..(int)args.set_tid_size];
        }

        return 0;
    }

    private static bool clone3_args_valid(kernel_clone_args kargs)
    {
        /* no flag clone3 does not know */
        if ((kargs.flags & ~(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP)) != 0)
            return false;

        /* CLONE_DETACHED and the CSIGNAL bits (but CLONE_NEWTIME, which reuses one) are kept free for clone3 */
        if ((kargs.flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME))) != 0)
            return false;

        if ((kargs.flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
            return false;

        if ((kargs.flags & (CLONE_THREAD | CLONE_PARENT)) != 0 && kargs.exit_signal != 0)
            return false;

        /* clone3_stack_valid: the model has no user stacks; a clone3 without one is valid upstream too */
        return true;
    }

    /// <summary>sys_clone3.</summary>
    /// <param name="uargs">The user's struct clone_args.</param>
    /// <param name="size">Its size as user space passes it.</param>
    /// <returns>The child's pid or -errno.</returns>
    public long sys_clone3(clone_args uargs, ulong size)
    {
        var err = copy_clone_args_from_user(out var kargs, uargs, size);
        if (err != 0)
            return err;

        if (!clone3_args_valid(kargs))
            return -errno.EINVAL;

        return this.kernel_clone(kargs);
    }

    /// <summary>mm_cache_init: the mm_struct cache.</summary>
    public void mm_cache_init() => this.mm_cachep = this.kmem_cache_create("mm_struct");

    /// <summary>proc_caches_init: the slab caches of fork.</summary>
    public void proc_caches_init()
    {
        this.sighand_cachep = this.kmem_cache_create("sighand_cache");
        this.signal_cachep = this.kmem_cache_create("signal_cache");
        this.nsproxy_cachep = this.kmem_cache_create("nsproxy");
    }

    private static int check_unshare_flags(ulong unshare_flags)
    {
        if ((unshare_flags & ~(CLONE_THREAD | CLONE_FS | CLONE_NEWNS | CLONE_SIGHAND | CLONE_VM | CLONE_FILES | CLONE_SYSVSEM |
                               CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME)) != 0)
            return -errno.EINVAL;
        return 0;
    }

    /* unshare_fd: a private copy of the file table if it is shared and CLONE_FILES asks for one */
    [__refs_unsafe("the copy's reference leaves through new_fdp; the analysis does not follow references through out parameters")]
    private int unshare_fd(ulong unshare_flags, out files_struct? new_fdp)
    {
        var fd = this.current.files;

        new_fdp = null;
        if ((unshare_flags & CLONE_FILES) != 0 && fd != null && atomic_read(ref fd.count) > 1)
        {
            fd = this.dup_fd(fd);
            if (IS_ERR(fd))
                return (int)PTR_ERR(fd);
            new_fdp = fd;
        }

        return 0;
    }

    /// <summary>ksys_unshare: only CLONE_NEWPID is modelled (the other namespaces are not part of the port).</summary>
    /// <param name="unshare_flags">CLONE_* flags.</param>
    /// <returns>0 or -errno.</returns>
    public int ksys_unshare(ulong unshare_flags)
    {
        nsproxy? new_nsproxy = null;
        int err;

        err = check_unshare_flags(unshare_flags);
        if (err != 0)
            return err;

        err = this.unshare_nsproxy_namespaces(unshare_flags, out new_nsproxy);
        if (err != 0)
            return err;

        if (new_nsproxy != null)
            this.switch_task_namespaces(this.current, new_nsproxy);

        return 0;
    }

    /// <summary>sys_unshare.</summary>
    /// <param name="unshare_flags">CLONE_* flags.</param>
    /// <returns>0 or -errno.</returns>
    public long sys_unshare(ulong unshare_flags) => this.ksys_unshare(unshare_flags);

    /// <summary>unshare_files: exec's private file table, so closing close-on-exec fds touches no one else.</summary>
    /// <returns>0 or -ENOMEM.</returns>
    public int unshare_files()
    {
        var task = this.current;
        files_struct? old, copy;
        int error;

        error = this.unshare_fd(CLONE_FILES, out copy);
        if (error != 0 || copy == null)
            return error;

        old = task.files!;
        this.task_lock(task);
        task.files = copy;
        this.task_unlock(task);
        this.put_files_struct(old);
        return 0;
    }
}
