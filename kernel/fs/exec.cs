// SPDX-License-Identifier: GPL-2.0-only

//
// fs/exec.c: execve, as far as the pid core and pidfs see it. The heart of
// the port is de_thread(): an exec makes the caller the only thread of its
// group. Every other thread is killed and waited for; when a non-leader
// execs, it then waits for the old leader to be a zombie, takes over the
// leader's pid (exchange_tids, transfer_pid for the group, process group and
// session pids, the leader's place on the task and sibling lists) and
// releases the old leader, which now carries the caller's old pid. So a
// pidfd of the process keeps working across the exec, and a thread pidfd of
// the exec'ing thread sees its old pid reaped.
//
// Around de_thread, begin_new_exec does the steps the model has state for:
// a private file table (unshare_files), the new address space (exec_mmap,
// under exec_update_lock until setup_new_exec), a private signal table
// (unshare_sighand), close-on-exec, the new comm and default handlers.
//
// Not ported, with the reason:
// - Opening and loading the program (do_open_execat, prepare_binprm,
//   kernel_read, the binfmt list and its loaders, setup_arg_pages,
//   copy_strings of argv/envp, bprm_mm_init's stack): the model has no files
//   to read and no user memory. One built-in format stands for them
//   (model_load_binary): it accepts any name and does to the task what
//   load_elf_binary does once the image is mapped (begin_new_exec,
//   setup_new_exec, finalize_exec).
// - New credentials (prepare_bprm_creds, bprm_creds_from_file, the setuid
//   bits, commit_creds, cred_guard_mutex, check_unsafe_exec, LSM and audit
//   hooks): there are no setuid files, no LSM and no ptrace, so an exec keeps
//   the caller's credentials and nothing can race with a credential change.
// - ptrace events, io_uring, perf, rseq, mm_cid, posix timers, futexes and
//   robust lists (exec_mm_release), personality, the stack rlimit
//   (finalize_exec stores it; the model has no stack), the task's
//   start_time (the model keeps no times).
namespace Linux;

/// <summary>struct linux_binprm: what an exec carries from the system call to the loader.</summary>
public sealed class linux_binprm
{
    /// <summary>The new address space (bprm->mm), handed to the task by exec_mmap.</summary>
    public mm_struct? mm;

    /// <summary>The name of the program being executed.</summary>
    public string filename = string.Empty;

    /// <summary>The name actually executed (an interpreter may change it; never here).</summary>
    public string interp = string.Empty;

    /// <summary>Set by begin_new_exec: from here on a failure kills the task instead of returning.</summary>
    public bool point_of_no_return;
}

/// <summary>fs/exec.c.</summary>
public sealed partial class vmlinux
{
    /// <summary>The longest comm, NUL excluded (TASK_COMM_LEN - 1).</summary>
    public const int TASK_COMM_LEN = 16;

    /*
     * exec_mmap: the task switches to the new address space. On success it
     * returns with exec_update_lock held for writing; setup_new_exec drops
     * it once the task is fully the new program, so pidfd_getfd and the like
     * never see a half-exec'd task.
     */
    [__cond_acquires(false, "current.signal.exec_update_lock")]
    private int exec_mmap(mm_struct mm)
    {
        task_struct tsk;
        mm_struct? old_mm;
        int ret;

        tsk = this.current;
        old_mm = this.current.mm;
        /* not ported: exec_mm_release (futexes, robust lists, vfork completion) */

        ret = this.down_write_killable(tsk.signal.exec_update_lock);
        if (ret != 0)
            return ret;

        this.task_lock(tsk);
        this.local_irq_disable();
        tsk.mm = mm;
        this.local_irq_enable();
        this.task_unlock(tsk);
        if (old_mm != null)
            mmput(old_mm);

        return 0;
    }

    /*
     * de_thread: make tsk the only thread of its group. The other threads
     * get SIGKILL (they exit with code 0: do_group_exit sees group_exec_task)
     * and are waited for through notify_count, which __exit_signal counts
     * down. A non-leader then waits for the leader to be a zombie (exit_notify
     * wakes it when notify_count is negative), takes the leader's pids and
     * places, and releases the old leader, which leaves with tsk's old pid.
     * -EAGAIN when another group exit or exec is under way, or when tsk is
     * killed while it waits.
     */
    private int de_thread(task_struct tsk)
    {
        var sig = tsk.signal;
        var oldsighand = tsk.sighand!;
        var @lock = oldsighand.siglock;

        if (thread_group_empty(tsk))
            goto no_thread_group;

        /* kill all other threads in the thread group */
        this.spin_lock_irq(@lock);
        if ((sig.flags & SIGNAL_GROUP_EXIT) != 0 || sig.group_exec_task != null)
        {
            /* another group action is in progress: return so that the signal is processed */
            this.spin_unlock_irq(@lock);
            return -errno.EAGAIN;
        }

        sig.group_exec_task = tsk;
        sig.notify_count = this.zap_other_threads(tsk);
        if (!thread_group_leader(tsk))
            sig.notify_count--;

        while (sig.notify_count != 0)
        {
            this.__set_current_state(TASK_KILLABLE);
            this.spin_unlock_irq(@lock);
            this.schedule();
            if (__fatal_signal_pending(tsk))
                goto killed;
            this.spin_lock_irq(@lock);
        }

        this.spin_unlock_irq(@lock);

        /*
         * Every other thread has exited. A non-leader still has to wait for
         * the leader to be a zombie, and then take its pid.
         */
        if (!thread_group_leader(tsk))
        {
            var leader = tsk.group_leader;

            /* upstream's for (;;) loop, whose only way out keeps tasklist_lock, as a goto */
        wait_leader:
            /* not ported: cgroup_threadgroup_change_begin (no cgroups) */
            this.write_lock_irq(this.tasklist_lock);

            /* under tasklist_lock, so exit_notify() cannot miss ->group_exec_task */
            sig.notify_count = -1;
            if (leader.exit_state == 0)
            {
                this.__set_current_state(TASK_KILLABLE);
                this.write_unlock_irq(this.tasklist_lock);
                this.schedule();
                if (__fatal_signal_pending(tsk))
                    goto killed;
                goto wait_leader;
            }

            /* not ported: start_time/start_boottime (the model keeps no times) */
            this.BUG_ON(!same_thread_group(leader, tsk));

            /*
             * The exec starts a new thread group with the old tgid: the two
             * threads swap their pids, tsk becomes the group, process group and
             * session leader, and the old leader becomes an ordinary thread
             * that is released with tsk's old pid.
             */
            this.exchange_tids(tsk, leader);
            this.transfer_pid(leader, tsk, pid_type.PIDTYPE_TGID);
            this.transfer_pid(leader, tsk, pid_type.PIDTYPE_PGID);
            this.transfer_pid(leader, tsk, pid_type.PIDTYPE_SID);

            list_replace_rcu(leader.tasks, tsk.tasks);
            list_replace_init(leader.sibling, tsk.sibling);

            tsk.group_leader = tsk;
            leader.group_leader = tsk;

            tsk.exit_signal = SIGCHLD;
            leader.exit_signal = -1;

            this.BUG_ON(leader.exit_state != EXIT_ZOMBIE);
            leader.exit_state = EXIT_DEAD;

            /* not ported: waking a ptracer of the leader (no ptrace) */
            this.write_unlock_irq(this.tasklist_lock);

            this.release_task(leader);
        }

        sig.group_exec_task = null;
        sig.notify_count = 0;

    no_thread_group:
        /* we have changed execution domain */
        tsk.exit_signal = SIGCHLD;

        this.BUG_ON(!thread_group_leader(tsk));
        return 0;

    killed:
        /* protects against exit_notify() and __exit_signal() */
        this.read_lock(this.tasklist_lock);
        sig.group_exec_task = null;
        sig.notify_count = 0;
        this.read_unlock(this.tasklist_lock);
        return -errno.EAGAIN;
    }

    /*
     * unshare_sighand: the exec'd program gets its own signal table if it
     * shared one with a process outside its group (CLONE_SIGHAND without
     * CLONE_THREAD), so flush_signal_handlers() cannot touch the other's.
     */
    private int unshare_sighand(task_struct me)
    {
        var oldsighand = me.sighand!;

        if (refcount_read(ref oldsighand.count) != 1)
        {
            sighand_struct? newsighand;

            /* shared with a CLONE_SIGHAND, non-CLONE_THREAD task: switch to a new one */
            newsighand = this.kmem_cache_alloc(this.sighand_cachep!, GFP_KERNEL, () => new sighand_struct());
            if (newsighand == null)
                return -errno.ENOMEM;

            refcount_set(ref newsighand.count, 1);

            this.write_lock_irq(this.tasklist_lock);
            this.spin_lock(oldsighand.siglock);
            newsighand.action = oldsighand.action;
            rcu_assign_pointer(ref me.sighand, newsighand);
            this.spin_unlock(oldsighand.siglock);
            this.write_unlock_irq(this.tasklist_lock);

            this.__cleanup_sighand(oldsighand);
        }

        return 0;
    }

    /// <summary>__set_task_comm: the task's name, cut to TASK_COMM_LEN - 1 characters (unlocked, as upstream).</summary>
    /// <param name="tsk">The task.</param>
    /// <param name="buf">The new name.</param>
    /// <param name="exec">Whether an exec renames it (perf's concern; unused).</param>
    public static void __set_task_comm(task_struct tsk, string buf, bool exec)
    {
        _ = exec;
        tsk.comm = buf.Length < TASK_COMM_LEN ? buf : buf[..(TASK_COMM_LEN - 1)];
    }

    /*
     * begin_new_exec: the point of no return. Errors after it are not seen by
     * the program: the task either has a fatal signal pending already (it was
     * killed during de_thread) or bprm_execve kills it.
     */
    [__cond_acquires(false, "current.signal.exec_update_lock")]
    private int begin_new_exec(linux_binprm bprm)
    {
        var me = this.current;
        int retval;

        /* not ported: bprm_creds_from_file (no setuid files, no LSM) */

        /* ensure all future errors are fatal */
        bprm.point_of_no_return = true;

        /* make this the only thread in the thread group */
        retval = this.de_thread(me);
        if (retval != 0)
            goto @out;

        /* not ported: fs->in_exec (check_unsafe_exec is not ported), io_uring_task_cancel */

        /* ensure the files table is not shared */
        retval = this.unshare_files();
        if (retval != 0)
            goto @out;

        /* not ported: set_mm_exe_file and would_dump (no files) */

        /* release all of the old mmap stuff */
        retval = this.exec_mmap(bprm.mm!);
        if (retval != 0)
            goto @out;

        bprm.mm = null;

        /* not ported: exec_task_namespaces (only the pid namespace is modelled, and exec keeps it), posix timers */

        /* make the signal table private */
        retval = this.unshare_sighand(me);
        if (retval != 0)
            goto out_unlock;

        /* not ported: PF_* flags of subsystems the model lacks, flush_thread, personality */

        /*
         * close-on-exec before the dumpability changes, so a process that can
         * still reach us never sees descriptors that should be closed
         */
        if (me.files != null)
            this.do_close_on_exec(me.files);

        /*
         * Dumpability: a task whose effective ids differ from its real ones
         * gets fs.suid_dumpable (no sysctl here: its default, DISABLE). The
         * model has no unreadable binaries (BINPRM_FLAGS_ENFORCE_NONDUMP).
         */
        var cred = this.current_cred();
        if (!(cred.euid == cred.uid && cred.egid == cred.gid))
            set_dumpable(me.mm!, SUID_DUMP_DISABLE);
        else
            set_dumpable(me.mm!, SUID_DUMP_USER);

        /* not ported: perf_event_exec */
        __set_task_comm(me, kbasename(bprm.filename), true);

        /*
         * An exec changes our domain: caught signals return to their default
         * action. No lock: after unshare_sighand nobody else uses the table.
         * Not ported: self_exec_id (it guards pdeath_signal/parent_exec_id
         * checks the model does not make).
         */
        flush_signal_handlers(me, false);

        /* not ported: set_cred_ucounts, commit_creds, the LSM hooks (credentials are kept) */
        return 0;

    out_unlock:
        this.up_write(me.signal.exec_update_lock);

    @out:
        return retval;
    }

    [__releases("current.signal.exec_update_lock")]
    private void setup_new_exec(linux_binprm bprm)
    {
        _ = bprm;

        /* not ported: arch_pick_mmap_layout, arch_setup_new_exec, the mm's task_size */
        this.up_write(this.current.signal.exec_update_lock);
    }

    /* free_bprm: whatever the exec did not hand over (the new mm, unless exec_mmap took it), and bprm itself */
    private void free_bprm(linux_binprm bprm)
    {
        if (bprm.mm != null)
        {
            mmput(bprm.mm);
            bprm.mm = null;
        }

        this.kfree(bprm);
    }

    /*
     * alloc_bprm: the exec's state and its new address space. Not ported:
     * do_open_execat (no files: every name is an executable of the model's
     * one format) and the argument pages.
     */
    private linux_binprm alloc_bprm(int fd, string filename, int flags)
    {
        linux_binprm? bprm;

        _ = fd;
        _ = flags;
        bprm = this.kzalloc<linux_binprm>(GFP_KERNEL);
        if (bprm == null)
            return ERR_PTR<linux_binprm>(-errno.ENOMEM);

        bprm.filename = filename;
        bprm.interp = bprm.filename;

        /* bprm_mm_init: the address space the program will run in (no stack vma in the model) */
        bprm.mm = this.mm_alloc();
        if (bprm.mm != null)
            return bprm;

        this.free_bprm(bprm);
        return ERR_PTR<linux_binprm>(-errno.ENOMEM);
    }

    /*
     * The model's one binary format, where upstream walks the registered
     * formats: it takes every program and does what a loader does to the
     * task once the image is read (load_elf_binary: begin_new_exec,
     * setup_new_exec, finalize_exec, start_thread).
     */
    private int model_load_binary(linux_binprm bprm)
    {
        var retval = this.begin_new_exec(bprm);
        if (retval != 0)
            return retval;

        this.setup_new_exec(bprm);
        /* not ported: finalize_exec (the stack rlimit), start_thread (no registers) */
        return 0;
    }

    /* search_binary_handler: the format list holds only the model's format */
    private int search_binary_handler(linux_binprm bprm) => this.model_load_binary(bprm);

    /* exec_binprm: binfmt rewrites (interpreters) never happen with the model's one format */
    private int exec_binprm(linux_binprm bprm)
    {
        var ret = this.search_binary_handler(bprm);
        if (ret < 0)
            return ret;

        /* not ported: audit_bprm, the sched_process_exec tracepoint, ptrace_event, proc_exec_connector */
        return 0;
    }

    /* bprm_execve: run the exec; past the point of no return a failure kills the task */
    private int bprm_execve(linux_binprm bprm)
    {
        int retval;

        /* not ported: prepare_bprm_creds, check_unsafe_exec, in_execve, sched_exec, LSM (see above) */

        retval = this.exec_binprm(bprm);
        if (retval < 0)
            goto @out;

        /* execve succeeded */
        return retval;

    @out:
        /*
         * Past the point of no return the task must not go back to the old
         * program: unless it is dying already, it dies of SIGSEGV.
         */
        if (bprm.point_of_no_return && !fatal_signal_pending(this.current))
            this.force_fatal_sig(SIGSEGV);

        return retval;
    }

    private int do_execveat_common(int fd, string filename, int flags)
    {
        linux_binprm bprm;
        int retval;

        /* not ported: RLIMIT_NPROC re-check after a set*uid (no user counts) */
        bprm = this.alloc_bprm(fd, filename, flags);
        if (IS_ERR(bprm))
            return (int)PTR_ERR(bprm);

        /* not ported: counting and copying argv/envp (no user memory) */
        retval = this.bprm_execve(bprm);
        this.free_bprm(bprm);
        return retval;
    }

    /// <summary>sys_execve: the calling thread runs program <paramref name="filename"/> (the model's one format).</summary>
    /// <param name="filename">The program's name; its last component becomes the comm.</param>
    /// <returns>0, or -errno (-EAGAIN when the group is exiting or the caller was killed while waiting).</returns>
    public long sys_execve(string filename) => this.do_execveat_common(AT_FDCWD, filename, 0);

    /* kbasename: the part of a path after its last '/' */
    private static string kbasename(string path)
    {
        var tail = path.LastIndexOf('/');
        return tail < 0 ? path : path[(tail + 1)..];
    }
}
