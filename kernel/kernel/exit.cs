// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/exit.c: a task's exit, its zombie state, and reaping. release_task
// unhashes the task under tasklist_lock but frees its pids only after the
// lock is dropped (struct release_task_post), because free_pid takes
// pidmap_lock and must never nest inside tasklist_lock.
//
// A thread may exit alone (sys_exit): a non-leader is released at once
// (exit_notify autoreaps it and wakes its thread pidfds), a leader stays a
// zombie that nobody is told about (delay_group_leader) until the last
// thread is released: then release_task gives it the group's exit code and
// notifies its parent and its pidfds. An exec by a thread (de_thread in
// fs/exec.cs) waits here too: __exit_signal counts notify_count down for
// the threads it killed, exit_notify wakes it once the leader is a zombie.
//
// Not ported: ptrace (exit_ptrace, EXIT_TRACE reaping, ptrace_do_wait),
// process-group orphaning (kill_orphaned_pgrp), rusage and cputime
// accounting, and the parts of do_exit for subsystems the model lacks
// (page tables, fs, sem, shm, timers, io, perf).
namespace Linux;

/// <summary>struct waitid_info.</summary>
public sealed class waitid_info
{
    public int pid;
    public uint uid;
    public int status;
    public int cause;
}

/// <summary>struct wait_opts.</summary>
public sealed class wait_opts
{
    public pid_type wo_type;
    public int wo_flags;
    public pid? wo_pid;
    public waitid_info? wo_info;
    public int wo_stat;
    public wait_queue_entry? child_wait;
    public int notask_error;
}

/// <summary>The siginfo waitid writes to user space.</summary>
public sealed class siginfo_t
{
    public int si_signo;
    public int si_errno;
    public int si_code;
    public int si_pid;
    public uint si_uid;
    public int si_status;
}

/// <summary>For things release_task() must do after tasklist_lock is released.</summary>
public sealed class release_task_post
{
    public readonly pid?[] pids = new pid?[(int)pid_type.PIDTYPE_MAX];
}

/// <summary>kernel/exit.c.</summary>
public sealed partial class vmlinux
{
    [__must_hold("tasklist_lock")]
    private void __unhash_process(release_task_post post, task_struct p, bool group_dead)
    {
        var pid = task_pid(p)!;

        this.nr_threads--;

        this.detach_pid(post.pids, p, pid_type.PIDTYPE_PID);
        this.wake_up_all(pid.wait_pidfd);

        if (group_dead)
        {
            this.detach_pid(post.pids, p, pid_type.PIDTYPE_TGID);
            this.detach_pid(post.pids, p, pid_type.PIDTYPE_PGID);
            this.detach_pid(post.pids, p, pid_type.PIDTYPE_SID);

            list_del_rcu(p.tasks);
            list_del_init(p.sibling);
        }

        list_del_rcu(p.thread_node);
    }

    /* expects tasklist_lock write-held */
    [__must_hold("tasklist_lock")]
    private void __exit_signal(release_task_post post, task_struct tsk)
    {
        var sig = tsk.signal;
        var group_dead = thread_group_leader(tsk);
        sighand_struct sighand;

        sighand = this.rcu_dereference_check(tsk.sighand!, this.lockdep_tasklist_lock_is_held());
        this.spin_lock(sighand.siglock);

        if (!group_dead)
        {
            /* someone may be waiting for the group exit to finish */
            if (sig.notify_count > 0 && --sig.notify_count == 0)
                this.wake_up_process(sig.group_exec_task!);

            if (tsk == sig.curr_target)
                sig.curr_target = next_thread(tsk);
        }

        this.spin_lock(sig.stats_lock);
        sig.nr_threads--;
        this.__unhash_process(post, tsk, group_dead);
        this.spin_unlock(sig.stats_lock);

        tsk.sighand = null;
        this.spin_unlock(sighand.siglock);

        this.__cleanup_sighand(sighand);
    }

    private void delayed_put_task_struct(rcu_head rhp)
    {
        var tsk = container_of<task_struct>(rhp);

        this.put_task_struct(tsk);
    }

    /// <summary>put_task_struct_rcu_user: the last user-visible reference frees after a grace period.</summary>
    /// <param name="task">The task.</param>
    public void put_task_struct_rcu_user(task_struct task)
    {
        if (this.refcount_dec_and_test(ref task.rcu_users))
            this.call_rcu(task.rcu, this.delayed_put_task_struct);
    }

    /// <summary>release_thread: nothing to do on this architecture.</summary>
    /// <param name="dead_task">The task.</param>
    public static void release_thread(task_struct dead_task)
    {
    }

    /// <summary>release_task: a reaped task leaves every list; its pids are freed after tasklist_lock.</summary>
    /// <param name="p">The task (EXIT_DEAD).</param>
    [__must_not_hold("tasklist_lock")]
    public void release_task(task_struct p)
    {
        release_task_post post;
        task_struct leader;
        bool zap_leader;
    repeat:
        post = new release_task_post();

        /* not ported: dec_rlimit_ucounts (no per-user process counts here) */

        this.pidfs_exit(p);

        /*
         * Not ported: cgroup_task_release (no cgroups). Upstream reads
         * thread_pid here, before __unhash_process() clears it, only for
         * proc_flush_pid() below, which is not ported either.
         */

        this.write_lock_irq(this.tasklist_lock);
        /* not ported: ptrace_release_task (no ptrace) */
        this.__exit_signal(post, p);

        /*
         * If this was the last thread besides a zombie leader, it is time
         * to tell the leader's parent.
         */
        zap_leader = false;
        leader = p.group_leader;
        if (leader != p && thread_group_empty(leader) && leader.exit_state == EXIT_ZOMBIE)
        {
            /* for pidfs_exit() and do_notify_parent() */
            if ((leader.signal.flags & SIGNAL_GROUP_EXIT) != 0)
                leader.exit_code = leader.signal.group_exit_code;
            /*
             * If the leader's parent ignores SIGCHLD, we are the one
             * that must release the leader.
             */
            zap_leader = this.do_notify_parent(leader, leader.exit_signal);
            if (zap_leader)
                leader.exit_state = EXIT_DEAD;
        }

        this.write_unlock_irq(this.tasklist_lock);
        /*
         * Not ported: proc_flush_pid (procfs keeps no dentries of pids here),
         * exit_cred_namespaces (namespaces other than pid are not modelled,
         * so there is no active count of them to drop) and
         * add_device_randomness.
         */
        this.free_pids(post.pids);
        release_thread(p);
        /*
         * Nobody can reach ->pending any more (the task is off every list),
         * so it is cleared without the lock.
         */
        p.pending.signal = 0;
        if (thread_group_leader(p))
            p.signal.shared_pending.signal = 0;

        this.put_task_struct_rcu_user(p);

        p = leader;
        if (zap_leader)
            goto repeat;
    }

    /*
     * will_become_orphaned_pgrp: a process group is orphaned when no member has a
     * parent in another group of the same session (POSIX 3.2.2.2); ignored_task is
     * left out, as if it had already exited.
     */
    private bool will_become_orphaned_pgrp(pid pgrp, task_struct? ignored_task)
    {
        foreach (var p in hlist_entries<task_struct>(pgrp.tasks[(int)pid_type.PIDTYPE_PGID]))
        {
            if ((p == ignored_task) || (p.exit_state != 0 && thread_group_empty(p)) || is_global_init(p.real_parent!))
                continue;

            if (task_pgrp(p.real_parent!) != pgrp && task_session(p.real_parent!) == task_session(p))
                return false;
        }

        return true;
    }

    /// <summary>is_current_pgrp_orphaned: is the caller's process group orphaned?</summary>
    /// <returns>True if so.</returns>
    public bool is_current_pgrp_orphaned()
    {
        bool retval;

        this.read_lock(this.tasklist_lock);
        retval = this.will_become_orphaned_pgrp(task_pgrp(this.current)!, null);
        this.read_unlock(this.tasklist_lock);

        return retval;
    }

    /* the task stops using its address space (only the mm pointer is modelled) */
    private void exit_mm()
    {
        var mm = this.current.mm;

        if (mm == null)
            return;
        this.task_lock(this.current);
        this.local_irq_disable();
        this.current.mm = null;
        this.local_irq_enable();
        this.task_unlock(this.current);
        mmput(mm);
    }

    /* copy_process's error path: drop the mm the new task got */
    private void exit_mm_of(task_struct p)
    {
        var mm = p.mm;
        p.mm = null;
        if (mm != null)
            mmput(mm);
    }

    private static task_struct? find_alive_thread(task_struct p)
    {
        foreach (var t in for_each_thread(p))
        {
            if ((t.flags & PF_EXITING) == 0)
                return t;
        }

        return null;
    }

    [__must_hold("tasklist_lock")]
    private task_struct find_child_reaper(task_struct father, list_head dead)
    {
        var pid_ns = this.task_active_pid_ns(father)!;
        var reaper = pid_ns.child_reaper!;

        if (reaper != father)
            return reaper;

        var alive = find_alive_thread(father);
        if (alive != null)
        {
            pid_ns.child_reaper = alive;
            return alive;
        }

        this.write_unlock_irq(this.tasklist_lock);

        foreach (var p in list_entries<task_struct>(dead))
        {
            list_del_init(p.ptrace_entry);
            this.release_task(p);
        }

        this.zap_pid_ns_processes(pid_ns);
        this.write_lock_irq(this.tasklist_lock);

        return father;
    }

    /*
     * When we die, our children go to another thread of our group if one
     * lives, else to the closest child_subreaper ancestor, else to the init
     * of our pid namespace.
     */
    private task_struct find_new_reaper(task_struct father, task_struct child_reaper)
    {
        task_struct? thread, reaper;

        thread = find_alive_thread(father);
        if (thread != null)
            return thread;

        if (father.signal.has_child_subreaper)
        {
            var ns_level = task_pid(father)!.level;
            /*
             * The first subreaper ancestor in our pid namespace; the level
             * check keeps a setns()+fork() parent from leaving it.
             */
            for (reaper = father.real_parent!; task_pid(reaper)!.level == ns_level; reaper = reaper.real_parent!)
            {
                if (reaper == this.init_task)
                    break;
                if (!reaper.signal.is_child_subreaper)
                    continue;
                thread = find_alive_thread(reaper);
                if (thread != null)
                    return thread;
            }
        }

        return child_reaper;
    }

    /* anything that must be release_task'd goes on @dead */
    [__must_hold("tasklist_lock")]
    private void reparent_leader(task_struct father, task_struct p, list_head dead)
    {
        if (p.exit_state == EXIT_DEAD)
            return;

        /* nobody may kill init with a custom exit signal */
        p.exit_signal = SIGCHLD;

        /* a child that already died: tell its new parent */
        if (p.ptrace == 0 && p.exit_state == EXIT_ZOMBIE && thread_group_empty(p))
        {
            if (this.do_notify_parent(p, p.exit_signal))
            {
                p.exit_state = EXIT_DEAD;
                list_add(p.ptrace_entry, dead);
            }
        }
    }

    /* make init (or a subreaper) inherit all the children */
    [__must_hold("tasklist_lock")]
    private void forget_original_parent(task_struct father, list_head dead)
    {
        task_struct reaper;

        /* can drop and retake tasklist_lock */
        reaper = this.find_child_reaper(father, dead);
        if (list_empty(father.children))
            return;

        reaper = this.find_new_reaper(father, reaper);
        foreach (var p in list_entries<task_struct>(father.children))
        {
            foreach (var t in for_each_thread(p))
            {
                t.real_parent = reaper;
                this.BUG_ON((t.ptrace == 0) != (t.parent == father));
                if (t.ptrace == 0)
                    t.parent = t.real_parent;
                if (t.pdeath_signal != 0)
                    this.group_send_sig_info(t.pdeath_signal, in SEND_SIG_NOINFO, t, pid_type.PIDTYPE_TGID);
            }

            /* a threaded reparent needs no notification */
            if (!same_thread_group(reaper, father))
                this.reparent_leader(father, p, dead);
        }

        list_splice_tail_init(father.children, reaper.children);
    }

    /* tell the closest relatives, so they can mourn us properly */
    private void exit_notify(task_struct tsk, bool group_dead)
    {
        bool autoreap;
        var dead = LIST_HEAD();

        this.write_lock_irq(this.tasklist_lock);
        this.forget_original_parent(tsk, dead);

        tsk.exit_state = EXIT_ZOMBIE;

        if (thread_group_leader(tsk))
        {
            autoreap = thread_group_empty(tsk) && this.do_notify_parent(tsk, tsk.exit_signal);
        }
        else
        {
            autoreap = true;
            /* an untraced sub-thread */
            this.do_notify_pidfd(tsk);
        }

        if (autoreap)
        {
            tsk.exit_state = EXIT_DEAD;
            list_add(tsk.ptrace_entry, dead);
        }

        /* a multi-threaded exec waits for the group leader */
        if (tsk.signal.notify_count < 0)
            this.wake_up_process(tsk.signal.group_exec_task!);
        this.write_unlock_irq(this.tasklist_lock);

        foreach (var p in list_entries<task_struct>(dead))
        {
            list_del_init(p.ptrace_entry);
            this.release_task(p);
        }
    }

    private void synchronize_group_exit(task_struct tsk, long code)
    {
        var sighand = tsk.sighand!;
        var signal = tsk.signal;

        this.spin_lock_irq(sighand.siglock);
        signal.quick_threads--;
        if (signal.quick_threads == 0 && (signal.flags & SIGNAL_GROUP_EXIT) == 0)
        {
            signal.flags = SIGNAL_GROUP_EXIT;
            signal.group_exit_code = (int)code;
            signal.group_stop_count = 0;
        }

        tsk.flags |= PF_POSTCOREDUMP;
        this.spin_unlock_irq(sighand.siglock);
    }

    /// <summary>
    /// do_exit: the current task dies. In C this never returns; in the model it returns
    /// with the task a zombie (or released), and the CPU must not run as it again.
    /// </summary>
    /// <param name="code">The exit code (wait-status encoding).</param>
    public void do_exit(long code)
    {
        var tsk = this.current;
        bool group_dead;

        this.WARN_ON(this.irqs_disabled());

        this.synchronize_group_exit(tsk, code);
        this.exit_signals(tsk); /* sets PF_EXITING */

        group_dead = atomic_dec_and_test(ref tsk.signal.live);
        if (group_dead && is_global_init(tsk))
            this.BUG($"Attempted to kill init! exitcode=0x{(tsk.signal.group_exit_code != 0 ? tsk.signal.group_exit_code : (int)code):x8}");

        tsk.exit_code = (int)code;

        this.exit_mm();

        this.exit_files(tsk);
        this.exit_nsproxy_namespaces(tsk);

        this.exit_notify(tsk, group_dead);

        /* the locks this task held die with it: none may be left */
        this.WARN_ON(this.lockdep_depth() != 0);

        this.do_task_dead(tsk);
    }

    /// <summary>sys_exit: this thread exits.</summary>
    /// <param name="error_code">The status.</param>
    /// <returns>Never returns to the task (0 for the model).</returns>
    public long sys_exit(int error_code)
    {
        this.do_exit((error_code & 0xff) << 8);
        return 0;
    }

    /// <summary>do_group_exit: take down every thread of the group (fatal signals and exit_group).</summary>
    /// <param name="exit_code">The exit code.</param>
    public void do_group_exit(int exit_code)
    {
        var sig = this.current.signal;

        if ((sig.flags & SIGNAL_GROUP_EXIT) != 0)
            exit_code = sig.group_exit_code;
        else if (sig.group_exec_task != null)
            exit_code = 0;
        else
        {
            var sighand = this.current.sighand!;

            this.spin_lock_irq(sighand.siglock);
            if ((sig.flags & SIGNAL_GROUP_EXIT) != 0)
                /* another thread got here first */
                exit_code = sig.group_exit_code;
            else if (sig.group_exec_task != null)
                exit_code = 0;
            else
            {
                sig.group_exit_code = exit_code;
                sig.flags = SIGNAL_GROUP_EXIT;
                this.zap_other_threads(this.current);
            }

            this.spin_unlock_irq(sighand.siglock);
        }

        this.do_exit(exit_code);
    }

    /// <summary>sys_exit_group: the whole process exits.</summary>
    /// <param name="error_code">The status.</param>
    /// <returns>Never returns to the task (0 for the model).</returns>
    public long sys_exit_group(int error_code)
    {
        this.do_group_exit((error_code & 0xff) << 8);
        return 0;
    }

    private static bool eligible_pid(wait_opts wo, task_struct p) =>
        wo.wo_type == pid_type.PIDTYPE_MAX || task_pid_type(p, wo.wo_type) == wo.wo_pid;

    private static bool eligible_child(wait_opts wo, bool ptrace, task_struct p)
    {
        if (!eligible_pid(wo, p))
            return false;

        /* __WALL waits for every child, clone or not */
        if (ptrace || (wo.wo_flags & __WALL) != 0)
            return true;

        /*
         * Otherwise __WCLONE selects the "clone" children (those that report
         * with a signal other than SIGCHLD), and its absence the others.
         */
        if ((p.exit_signal != SIGCHLD) ^ ((wo.wo_flags & __WCLONE) != 0))
            return false;

        return true;
    }

    /*
     * One zombie task. Entered with tasklist_lock read-held: returns 0 with
     * it still held when the task is of no interest, or nonzero with it
     * released when the system call should return.
     */
    [__cond_releases(true, "read:tasklist_lock")]
    private int wait_task_zombie(wait_opts wo, task_struct p)
    {
        int state, status;
        var pid = this.task_pid_vnr(p);
        var uid = p.cred.uid;
        waitid_info? infop;

        if ((wo.wo_flags & WEXITED) == 0)
            return 0;

        if ((wo.wo_flags & WNOWAIT) != 0)
        {
            status = (p.signal.flags & SIGNAL_GROUP_EXIT) != 0 ? p.signal.group_exit_code : p.exit_code;
            this.get_task_struct(p);
            this.read_unlock(this.tasklist_lock);
            this.put_task_struct(p);
            goto out_info;
        }

        /* only one waiter can move the task to EXIT_DEAD */
        state = EXIT_DEAD;
        if (cmpxchg(ref p.exit_state, EXIT_ZOMBIE, state) != EXIT_ZOMBIE)
            return 0;

        /* we own the task now; nobody else can reap it */
        this.read_unlock(this.tasklist_lock);

        status = (p.signal.flags & SIGNAL_GROUP_EXIT) != 0 ? p.signal.group_exit_code : p.exit_code;
        wo.wo_stat = status;

        this.release_task(p);

    out_info:
        infop = wo.wo_info;
        if (infop != null)
        {
            if ((status & 0x7f) == 0)
            {
                infop.cause = CLD_EXITED;
                infop.status = status >> 8;
            }
            else
            {
                infop.cause = (status & 0x80) != 0 ? CLD_DUMPED : CLD_KILLED;
                infop.status = status & 0x7f;
            }

            infop.pid = pid;
            infop.uid = uid;
        }

        return pid;
    }

    /* the stop code a waiter may report: the group's, once the group stop completed */
    private static bool task_stopped_code(task_struct p, bool ptrace) =>
        !ptrace && (p.signal.flags & SIGNAL_STOP_STOPPED) != 0;

    /*
     * wait_task_stopped: report a stopped child (WUNTRACED/WSTOPPED). Returns 0
     * with tasklist_lock still read-held when there is nothing to report, or
     * the pid with it released. Without WNOWAIT the report is consumed
     * (group_exit_code cleared).
     */
    [__cond_releases(true, "read:tasklist_lock")]
    private int wait_task_stopped(wait_opts wo, bool ptrace, task_struct p)
    {
        waitid_info? infop;
        int exit_code, why, pid;
        uint uid = 0;

        /* ptraced stopped tasks are seen whatever the options; the others need WUNTRACED */
        if (!ptrace && (wo.wo_flags & WUNTRACED) == 0)
            return 0;

        if (!task_stopped_code(p, ptrace))
            return 0;

        exit_code = 0;
        this.spin_lock_irq(p.sighand!.siglock);

        if (!task_stopped_code(p, ptrace))
            goto unlock_sig;

        exit_code = p.signal.group_exit_code;
        if (exit_code == 0)
            goto unlock_sig;

        if ((wo.wo_flags & WNOWAIT) == 0)
            p.signal.group_exit_code = 0;

        uid = from_kuid_munged(this.current_user_ns(), p.cred.uid);
    unlock_sig:
        this.spin_unlock_irq(p.sighand.siglock);
        if (exit_code == 0)
            return 0;

        /* keep it from being reaped under us while tasklist_lock is dropped */
        this.get_task_struct(p);
        pid = this.task_pid_vnr(p);
        why = ptrace ? CLD_TRAPPED : CLD_STOPPED;
        this.read_unlock(this.tasklist_lock);
        this.put_task_struct(p);

        infop = wo.wo_info;
        if (infop == null)
        {
            wo.wo_stat = (exit_code << 8) | 0x7f;
        }
        else
        {
            infop.cause = why;
            infop.status = exit_code;
            infop.pid = pid;
            infop.uid = uid;
        }

        return pid;
    }

    /*
     * wait_task_continued: report a continued child (WCONTINUED), as
     * wait_task_stopped does a stopped one; without WNOWAIT the report is
     * consumed (SIGNAL_STOP_CONTINUED cleared).
     */
    [__cond_releases(true, "read:tasklist_lock")]
    private int wait_task_continued(wait_opts wo, task_struct p)
    {
        waitid_info? infop;
        int pid;
        uint uid;

        if ((wo.wo_flags & WCONTINUED) == 0)
            return 0;

        if ((p.signal.flags & SIGNAL_STOP_CONTINUED) == 0)
            return 0;

        this.spin_lock_irq(p.sighand!.siglock);

        /* re-check with the lock held */
        if ((p.signal.flags & SIGNAL_STOP_CONTINUED) == 0)
        {
            this.spin_unlock_irq(p.sighand.siglock);
            return 0;
        }

        if ((wo.wo_flags & WNOWAIT) == 0)
            p.signal.flags &= ~SIGNAL_STOP_CONTINUED;
        uid = from_kuid_munged(this.current_user_ns(), p.cred.uid);
        this.spin_unlock_irq(p.sighand.siglock);

        pid = this.task_pid_vnr(p);
        this.get_task_struct(p);
        this.read_unlock(this.tasklist_lock);
        this.put_task_struct(p);

        infop = wo.wo_info;
        if (infop == null)
        {
            wo.wo_stat = 0xffff;
        }
        else
        {
            infop.cause = CLD_CONTINUED;
            infop.pid = pid;
            infop.uid = uid;
            infop.status = SIGCONT;
        }

        return pid;
    }

    /*
     * Consider one child for do_wait(): nonzero (with tasklist_lock
     * released) ends the wait.
     */
    [__cond_releases(true, "read:tasklist_lock")]
    private int wait_consider_task(wait_opts wo, bool ptrace, task_struct p)
    {
        var exit_state = READ_ONCE(ref p.exit_state);

        if (exit_state == EXIT_DEAD)
            return 0;

        if (!eligible_child(wo, ptrace, p))
            return 0;

        /* slay the zombie? */
        if (exit_state == EXIT_ZOMBIE)
        {
            /* a group leader whose threads still run is not reaped yet */
            if (!delay_group_leader(p))
                return this.wait_task_zombie(wo, p);

            /*
             * Stopped and continued states stay visible through a zombie leader.
             * Without ptrace, notask_error is cleared whatever the flags: with
             * WEXITED naturally; otherwise live sub-threads mean there are
             * events to wait for, and once they are all released this is called
             * again and returns without clearing it. (A ptracer clears it only
             * for WCONTINUED|WEXITED: its stopped state cannot change once the
             * task is dead.)
             */
            if (!ptrace || (wo.wo_flags & (WCONTINUED | WEXITED)) != 0)
                wo.notask_error = 0;
        }
        else
        {
            /* alive: it will stop, continue or exit, so there is something to wait for */
            wo.notask_error = 0;
        }

        /* wait for stopped (the ptrace stop is not modelled) */
        var ret = this.wait_task_stopped(wo, ptrace, p);
        if (ret != 0)
            return ret;

        /* wait for continued: only the real parent uses WCONTINUED */
        return this.wait_task_continued(wo, p);
    }

    [__cond_releases(true, "read:tasklist_lock")]
    private int do_wait_thread(wait_opts wo, task_struct tsk)
    {
        foreach (var p in list_entries<task_struct>(tsk.children))
        {
            var ret = this.wait_consider_task(wo, false, p);

            if (ret != 0)
                return ret;
        }

        return 0;
    }

    private static bool pid_child_should_wake(wait_opts wo, task_struct p)
    {
        if (!eligible_pid(wo, p))
            return false;

        if ((wo.wo_flags & __WNOTHREAD) != 0 && wo.child_wait!.@private != p.parent)
            return false;

        return true;
    }

    /// <summary>child_wait_callback: wakes the waiter only for a child it waits for.</summary>
    /// <param name="wait">wo->child_wait.</param>
    /// <param name="mode">Which sleepers.</param>
    /// <param name="sync">Sync wakeup hint.</param>
    /// <param name="key">The child that changed state.</param>
    /// <returns>Nonzero when the waiter was woken.</returns>
    private int child_wait_callback(wait_queue_entry wait, uint mode, int sync, object? key)
    {
        var wo = container_of<wait_opts>(wait);

        if (key is task_struct p && pid_child_should_wake(wo, p))
            return this.default_wake_function(wait, mode, sync, key);

        return 0;
    }

    /// <summary>__wake_up_parent: wake waiters in the parent's wait4/waitid.</summary>
    /// <param name="p">The child.</param>
    /// <param name="parent">The parent.</param>
    public void __wake_up_parent(task_struct p, task_struct parent) =>
        this.__wake_up(parent.signal.wait_chldexit, TASK_INTERRUPTIBLE, 1, p);

    private bool is_effectively_child(wait_opts wo, bool ptrace, task_struct target)
    {
        var parent = !ptrace ? target.real_parent! : target.parent!;

        return this.current == parent || ((wo.wo_flags & __WNOTHREAD) == 0 && same_thread_group(this.current, parent));
    }

    /* waiting for one pid: no need to walk the children */
    [__cond_releases(true, "read:tasklist_lock")]
    private int do_wait_pid(wait_opts wo)
    {
        task_struct? target;
        int retval;

        target = this.pid_task(wo.wo_pid, pid_type.PIDTYPE_TGID);
        if (target != null && this.is_effectively_child(wo, false, target))
        {
            retval = this.wait_consider_task(wo, false, target);
            if (retval != 0)
                return retval;
        }

        return 0;
    }

    /// <summary>__do_wait: one pass over the eligible children.</summary>
    /// <param name="wo">The wait options.</param>
    /// <returns>A pid, 0 (WNOHANG), -ERESTARTSYS (sleep and retry) or -ECHILD.</returns>
    public long __do_wait(wait_opts wo)
    {
        long retval;

        /*
         * Nothing that can match: return at once. notask_error is cleared
         * by any child that may match later, even if not now.
         */
        wo.notask_error = -errno.ECHILD;
        if (wo.wo_type < pid_type.PIDTYPE_MAX && (wo.wo_pid == null || !pid_has_task(wo.wo_pid, wo.wo_type)))
            goto notask;

        this.read_lock(this.tasklist_lock);

        if (wo.wo_type == pid_type.PIDTYPE_PID)
        {
            retval = this.do_wait_pid(wo);
            if (retval != 0)
                return retval;
        }
        else
        {
            var tsk = this.current;

            do
            {
                retval = this.do_wait_thread(wo, tsk);
                if (retval != 0)
                    return retval;

                if ((wo.wo_flags & __WNOTHREAD) != 0)
                    break;
                tsk = next_thread(tsk);
            }
            while (tsk != this.current);
        }

        this.read_unlock(this.tasklist_lock);

    notask:
        retval = wo.notask_error;
        if (retval == 0 && (wo.wo_flags & WNOHANG) == 0)
            return -errno.ERESTARTSYS;

        return retval;
    }

    private long do_wait(wait_opts wo)
    {
        long retval;

        /* init_waitqueue_func_entry(&wo->child_wait, child_wait_callback); .private = current */
        wo.child_wait = new wait_queue_entry(this.current, this.child_wait_callback) { container = wo };
        this.add_wait_queue(this.current.signal.wait_chldexit, wo.child_wait);

        do
        {
            this.set_current_state(TASK_INTERRUPTIBLE);
            retval = this.__do_wait(wo);
            if (retval != -errno.ERESTARTSYS)
                break;
            if (signal_pending(this.current))
                break;
            this.schedule();
        }
        while (true);

        this.__set_current_state(TASK_RUNNING);
        this.remove_wait_queue(this.current.signal.wait_chldexit, wo.child_wait);
        return retval;
    }

    /// <summary>kernel_waitid_prepare: checks the arguments and resolves the pid to wait for.</summary>
    /// <param name="wo">The wait options to fill.</param>
    /// <param name="which">P_ALL, P_PID, P_PGID or P_PIDFD.</param>
    /// <param name="upid">The id.</param>
    /// <param name="infop">Where the result goes.</param>
    /// <param name="options">W* options.</param>
    /// <returns>0 or -errno.</returns>
    public int kernel_waitid_prepare(wait_opts wo, int which, int upid, waitid_info? infop, int options)
    {
        uint f_flags = 0;
        pid? pid = null;
        pid_type type;

        if ((options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) != 0)
            return -errno.EINVAL;
        if ((options & (WEXITED | WSTOPPED | WCONTINUED)) == 0)
            return -errno.EINVAL;

        switch (which)
        {
            case P_ALL:
                type = pid_type.PIDTYPE_MAX;
                break;
            case P_PID:
                type = pid_type.PIDTYPE_PID;
                if (upid <= 0)
                    return -errno.EINVAL;

                pid = this.find_get_pid(upid);
                break;
            case P_PGID:
                type = pid_type.PIDTYPE_PGID;
                if (upid < 0)
                    return -errno.EINVAL;

                if (upid != 0)
                    pid = this.find_get_pid(upid);
                else
                    pid = this.get_task_pid(this.current, pid_type.PIDTYPE_PGID);
                break;
            case P_PIDFD:
                type = pid_type.PIDTYPE_PID;
                if (upid < 0)
                    return -errno.EINVAL;

                pid = this.pidfd_get_pid((uint)upid, out f_flags);
                if (IS_ERR(pid))
                    return (int)PTR_ERR(pid);

                break;
            default:
                return -errno.EINVAL;
        }

        wo.wo_type = type;
        wo.wo_pid = pid;
        wo.wo_flags = options;
        wo.wo_info = infop;
        if ((f_flags & O_NONBLOCK) != 0)
            wo.wo_flags |= WNOHANG;

        return 0;
    }

    private long kernel_waitid(int which, int upid, waitid_info infop, int options)
    {
        var wo = new wait_opts();
        long ret;

        ret = this.kernel_waitid_prepare(wo, which, upid, infop, options);
        if (ret != 0)
            return ret;

        ret = this.do_wait(wo);
        if (ret == 0 && (options & WNOHANG) == 0 && (wo.wo_flags & WNOHANG) != 0)
            ret = -errno.EAGAIN;

        this.put_pid(wo.wo_pid);
        return ret;
    }

    /// <summary>sys_waitid.</summary>
    /// <param name="which">P_ALL, P_PID, P_PGID or P_PIDFD.</param>
    /// <param name="upid">The id.</param>
    /// <param name="infop">The siginfo to fill (user memory), or null.</param>
    /// <param name="options">W* options.</param>
    /// <returns>0 or -errno.</returns>
    public long sys_waitid(int which, int upid, siginfo_t? infop, int options)
    {
        var info = new waitid_info { status = 0 };
        var err = this.kernel_waitid(which, upid, info, options);
        var signo = 0;

        if (err > 0)
        {
            signo = SIGCHLD;
            err = 0;
        }

        if (infop == null)
            return err;

        infop.si_signo = signo;
        infop.si_errno = 0;
        infop.si_code = info.cause;
        infop.si_pid = info.pid;
        infop.si_uid = info.uid;
        infop.si_status = info.status;
        return err;
    }

    /// <summary>kernel_wait4.</summary>
    /// <param name="upid">-1: any child; &lt;-1: a process group; 0: our group; &gt;0: that pid.</param>
    /// <param name="stat_addr">Where the status goes (user memory), or null.</param>
    /// <param name="options">W* options.</param>
    /// <param name="ru">Unused (no rusage in the model).</param>
    /// <returns>The pid reaped, 0 with WNOHANG, or -errno.</returns>
    public long kernel_wait4(int upid, int[]? stat_addr, int options, object? ru)
    {
        var wo = new wait_opts();
        pid? pid = null;
        pid_type type;
        long ret;

        if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) != 0)
            return -errno.EINVAL;

        /* -INT_MIN is not defined */
        if (upid == int.MinValue)
            return -errno.ESRCH;

        if (upid == -1)
            type = pid_type.PIDTYPE_MAX;
        else if (upid < 0)
        {
            type = pid_type.PIDTYPE_PGID;
            pid = this.find_get_pid(-upid);
        }
        else if (upid == 0)
        {
            type = pid_type.PIDTYPE_PGID;
            pid = this.get_task_pid(this.current, pid_type.PIDTYPE_PGID);
        }
        else
        {
            type = pid_type.PIDTYPE_PID;
            pid = this.find_get_pid(upid);
        }

        wo.wo_type = type;
        wo.wo_pid = pid;
        wo.wo_flags = options | WEXITED;
        wo.wo_info = null;
        wo.wo_stat = 0;
        ret = this.do_wait(wo);
        this.put_pid(pid);
        if (ret > 0 && stat_addr != null)
            stat_addr[0] = wo.wo_stat;

        return ret;
    }

    /// <summary>sys_wait4.</summary>
    /// <param name="upid">See kernel_wait4.</param>
    /// <param name="stat_addr">Where the status goes, or null.</param>
    /// <param name="options">W* options.</param>
    /// <returns>The pid reaped, 0 with WNOHANG, or -errno.</returns>
    public long sys_wait4(int upid, int[]? stat_addr, int options) => this.kernel_wait4(upid, stat_addr, options, null);
}
