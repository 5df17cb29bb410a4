// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/signal.c, the part the pid core and pidfds reach: queueing a
// signal, complete_signal (a fatal signal takes down the whole group),
// waking the target, the parent's SIGCHLD (do_notify_parent), pidfd
// pollers (do_notify_pidfd), pidfd_send_signal, and get_signal as a task
// returns to user mode. Not ported: real-time queues and siginfo queueing
// (a pending bit is kept per signal), job control stops, ptrace, signalfd,
// /proc/<tgid> directory fds as pidfds (tgid_pidfd_to_pid: no procfs
// directories in the model), and user handlers (a caught signal is
// consumed without running anything).
namespace Linux;

/// <summary>struct kernel_siginfo (the fields the model uses).</summary>
public sealed class kernel_siginfo
{
    public int si_signo;
    public int si_errno;
    public int si_code;
    public int si_pid;
    public uint si_uid;
    public int si_status;
}

/// <summary>kernel/signal.c.</summary>
public sealed partial class vmlinux
{
    /* si_code values */
    public const int SI_USER = 0;
    public const int SI_KERNEL = 0x80;
    public const int SI_QUEUE = -1;
    public const int SI_TKILL = -6;

    /* thread flags */
    public const int TIF_SIGPENDING = 1;

    /// <summary>Whether a core-dumping signal writes a core (the host's RLIMIT_CORE: 0, so no).</summary>
    public bool core_dumps;

    /// <summary>SEND_SIG_NOINFO.</summary>
    public static readonly kernel_siginfo? SEND_SIG_NOINFO = null;

    /// <summary>SEND_SIG_PRIV: a signal the kernel sends.</summary>
    public static readonly kernel_siginfo SEND_SIG_PRIV = new() { si_code = SI_KERNEL };

    private const ulong SIG_KERNEL_IGNORE_MASK = (1UL << (SIGCONT - 1)) | (1UL << (SIGCHLD - 1)) | (1UL << (SIGWINCH - 1)) | (1UL << (SIGURG - 1));
    private const ulong SIG_KERNEL_COREDUMP_MASK = (1UL << (SIGQUIT - 1)) | (1UL << (SIGILL - 1)) | (1UL << (SIGTRAP - 1)) | (1UL << (SIGABRT - 1)) |
                                                   (1UL << (SIGFPE - 1)) | (1UL << (SIGSEGV - 1)) | (1UL << (SIGBUS - 1)) | (1UL << (SIGSYS - 1)) |
                                                   (1UL << (SIGXCPU - 1)) | (1UL << (SIGXFSZ - 1));

    /// <summary>valid_signal.</summary>
    /// <param name="sig">The signal.</param>
    /// <returns>True for 0.._NSIG.</returns>
    public static bool valid_signal(long sig) => sig >= 0 && sig <= _NSIG;

    /// <summary>sig_kernel_only: a signal no handler or mask can catch.</summary>
    /// <param name="sig">The signal.</param>
    /// <returns>True for SIGKILL and SIGSTOP.</returns>
    public static bool sig_kernel_only(int sig) => sig == SIGKILL || sig == SIGSTOP;

    /// <summary>sig_kernel_ignore: is the default action to ignore?</summary>
    /// <param name="sig">The signal.</param>
    /// <returns>True for SIGCHLD, SIGCONT, SIGWINCH, SIGURG.</returns>
    public static bool sig_kernel_ignore(int sig) => sig < 64 && (SIG_KERNEL_IGNORE_MASK & sigmask(sig)) != 0;

    /// <summary>sig_kernel_coredump: does the default action dump core?</summary>
    /// <param name="sig">The signal.</param>
    /// <returns>True for the core-dumping signals.</returns>
    public static bool sig_kernel_coredump(int sig) => sig < 64 && (SIG_KERNEL_COREDUMP_MASK & sigmask(sig)) != 0;

    /// <summary>set_tsk_thread_flag.</summary>
    /// <param name="t">The task.</param>
    /// <param name="flag">The flag.</param>
    public static void set_tsk_thread_flag(task_struct t, int flag) => System.Threading.Interlocked.Or(ref t.thread_flags, 1 << flag);

    /// <summary>clear_tsk_thread_flag.</summary>
    /// <param name="t">The task.</param>
    /// <param name="flag">The flag.</param>
    public static void clear_tsk_thread_flag(task_struct t, int flag) => System.Threading.Interlocked.And(ref t.thread_flags, ~(1 << flag));

    /// <summary>test_tsk_thread_flag.</summary>
    /// <param name="t">The task.</param>
    /// <param name="flag">The flag.</param>
    /// <returns>True if set.</returns>
    public static bool test_tsk_thread_flag(task_struct t, int flag) => (READ_ONCE(ref t.thread_flags) & (1 << flag)) != 0;

    /// <summary>signal_wake_up_state: marks a pending signal and wakes the task.</summary>
    /// <param name="t">The task.</param>
    /// <param name="state">Extra wake states.</param>
    [__must_hold("t.sighand.siglock")]
    public void signal_wake_up_state(task_struct t, uint state)
    {
        this.lockdep_assert_held(t.sighand!.siglock);
        set_tsk_thread_flag(t, TIF_SIGPENDING);

        /*
         * TASK_WAKEKILL also wakes a stopped or killable sleeper. The state is
         * not checked here: the task may be entering a stop on another CPU
         * right now, and wake_up_state() makes sure it wakes and handles its
         * death signal.
         */
        if (!this.wake_up_state(t, state | TASK_INTERRUPTIBLE))
            this.kick_process(t);
    }

    /// <summary>signal_wake_up.</summary>
    /// <param name="t">The task.</param>
    /// <param name="fatal">A fatal signal also wakes stopped tasks.</param>
    [__must_hold("t.sighand.siglock")]
    public void signal_wake_up(task_struct t, bool fatal)
    {
        uint state = 0;

        if (fatal)
            state = TASK_WAKEKILL | __TASK_TRACED;
        this.signal_wake_up_state(t, state);
    }

    private static bool sig_task_ignored(task_struct t, int sig, bool force)
    {
        var handler = t.sighand!.action[sig - 1].sa_handler;

        /* a namespace init (SIGNAL_UNKILLABLE) ignores default-handled signals unless forced from outside */
        if ((t.signal.flags & SIGNAL_UNKILLABLE) != 0 && handler == SIG_DFL && !(force && sig_kernel_only(sig)))
            return true;

        return handler == SIG_IGN || (handler == SIG_DFL && sig_kernel_ignore(sig));
    }

    private static bool sig_ignored(task_struct t, int sig, bool force)
    {
        /* a blocked signal is never ignored: its handler may change before unblock */
        if ((t.blocked & sigmask(sig)) != 0)
            return false;
        return sig_task_ignored(t, sig, force);
    }

    private static bool sig_fatal(task_struct t, int sig) =>
        sig == SIGKILL || (t.sighand!.action[sig - 1].sa_handler == SIG_DFL && !sig_kernel_ignore(sig) && sig != SIGSTOP && sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU);

    /// <summary>complete_signal: picks who handles the signal; a fatal one takes down the group at once.</summary>
    [__must_hold("p.sighand.siglock")]
    private void complete_signal(int sig, task_struct p, pid_type type)
    {
        var signal = p.signal;
        var t = p;

        /* the thread itself may take it, or for a group signal, any thread */
        if (type == pid_type.PIDTYPE_PID || (p.blocked & sigmask(sig)) == 0)
            t = p;
        else
        {
            foreach (var th in for_each_thread(p))
            {
                if ((th.blocked & sigmask(sig)) == 0 && (th.flags & PF_EXITING) == 0)
                {
                    t = th;
                    break;
                }
            }
        }

        if (sig_fatal(p, sig) && (signal.flags & SIGNAL_GROUP_EXIT) == 0 && ((t.blocked & sigmask(sig)) == 0 || sig == SIGKILL))
        {
            /* this signal is fatal to the whole group: start the exit now */
            signal.flags = SIGNAL_GROUP_EXIT;
            signal.group_exit_code = sig;
            signal.group_stop_count = 0;
            foreach (var th in for_each_thread(p))
            {
                /* threads share p's sighand, so its lock is held for them too */
                this.lockdep_assert_held(th.sighand!.siglock);
                th.pending.signal |= sigmask(SIGKILL);
                this.signal_wake_up(th, true);
            }

            return;
        }

        this.lockdep_assert_held(t.sighand!.siglock);
        this.signal_wake_up(t, sig == SIGKILL);
    }

    /// <summary>__send_signal_locked / send_signal_locked: queue the signal unless it is ignored.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo (or a SEND_SIG_* value).</param>
    /// <param name="t">The target.</param>
    /// <param name="type">PIDTYPE_PID for a thread, otherwise a group signal.</param>
    /// <returns>0.</returns>
    [__must_hold("t.sighand.siglock")]
    public int send_signal_locked(int sig, kernel_siginfo? info, task_struct t, pid_type type)
    {
        this.lockdep_assert_held(t.sighand!.siglock);

        /*
         * Should SIGKILL or SIGSTOP reach a pid namespace init? Only when the
         * kernel sends it or the sender sits in an ancestor namespace (it has
         * no number in t's namespace). The si_pid/si_uid rewriting of upstream
         * is not ported: siginfo here carries no ids across namespaces.
         */
        var force = info == SEND_SIG_PRIV || (info != null && info.si_code == SI_KERNEL) ||
            this.task_pid_nr_ns(this.current, this.task_active_pid_ns(t)) == 0;

        if (sig_ignored(t, sig, force) || (t.signal.flags & SIGNAL_GROUP_EXIT) != 0 && sig != SIGKILL)
            return 0;

        var pending = type != pid_type.PIDTYPE_PID ? t.signal.shared_pending : t.pending;
        pending.signal |= sigmask(sig);
        this.complete_signal(sig, t, type);
        return 0;
    }

    /// <summary>do_send_sig_info.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo.</param>
    /// <param name="p">The target.</param>
    /// <param name="type">The scope.</param>
    /// <returns>0 or -ESRCH when the target has no sighand any more.</returns>
    public int do_send_sig_info(int sig, kernel_siginfo? info, task_struct p, pid_type type)
    {
        var ret = -errno.ESRCH;

        if (this.lock_task_sighand(p, out var flags))
        {
            ret = this.send_signal_locked(sig, info, p, type);
            this.unlock_task_sighand(p, flags);
        }

        return ret;
    }

    /// <summary>group_send_sig_info.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo.</param>
    /// <param name="p">The target.</param>
    /// <param name="type">The scope.</param>
    /// <returns>0 or -errno.</returns>
    public int group_send_sig_info(int sig, kernel_siginfo? info, task_struct p, pid_type type)
    {
        int ret;

        this.rcu_read_lock();
        ret = this.check_kill_permission(sig, info, p);
        this.rcu_read_unlock();

        if (ret == 0 && sig != 0)
            ret = this.do_send_sig_info(sig, info, p, type);

        return ret;
    }

    /// <summary>check_kill_permission: same user or CAP_KILL (the model treats root as having it).</summary>
    private int check_kill_permission(int sig, kernel_siginfo? info, task_struct t)
    {
        if (!valid_signal(sig))
            return -errno.EINVAL;
        if (info == SEND_SIG_PRIV)
            return 0;
        var cred = this.current_cred();
        var tcred = t.cred;
        if (cred.euid != 0 && cred.euid != tcred.suid && cred.euid != tcred.uid && cred.uid != tcred.suid && cred.uid != tcred.uid)
            return -errno.EPERM;
        return 0;
    }

    /// <summary>do_notify_pidfd: wakes pidfd pollers of an exiting task with EPOLLIN.</summary>
    /// <param name="task">The task.</param>
    public void do_notify_pidfd(task_struct task)
    {
        var pid = task_pid(task)!;

        this.WARN_ON(task.exit_state == 0);
        this.__wake_up(pid.wait_pidfd, TASK_NORMAL, 0, EPOLLIN | EPOLLRDNORM);
    }

    /// <summary>
    /// do_notify_parent: tell the parent a child died. Returns true when the child must
    /// reap itself because the parent ignores SIGCHLD.
    /// </summary>
    /// <param name="tsk">The dead child.</param>
    /// <param name="sig">The signal to send (its exit_signal).</param>
    /// <returns>True to autoreap.</returns>
    [__must_hold("tasklist_lock")]
    public bool do_notify_parent(task_struct tsk, int sig)
    {
        sighand_struct psig;
        var autoreap = false;

        this.WARN_ON_ONCE(sig == -1);
        this.WARN_ON_ONCE(tsk.ptrace == 0 && (tsk.group_leader != tsk || !thread_group_empty(tsk)));

        /* the group is gone, or a traced thread died: pidfd pollers learn now */
        this.do_notify_pidfd(tsk);

        psig = tsk.parent!.sighand!;
        this.spin_lock_irqsave(psig.siglock, out var flags);
        if (tsk.ptrace == 0 && sig == SIGCHLD && psig.action[SIGCHLD - 1].sa_handler == SIG_IGN)
        {
            autoreap = true;
            sig = 0;
        }

        this.lockdep_assert_held(tsk.parent.sighand!.siglock);
        if (valid_signal(sig) && sig != 0)
            this.send_signal_locked(sig, null, tsk.parent, pid_type.PIDTYPE_TGID);
        this.__wake_up_parent(tsk, tsk.parent);
        this.spin_unlock_irqrestore(psig.siglock, flags);

        return autoreap;
    }

    /// <summary>
    /// get_signal, as the model's tasks run it on the way back to user mode: dequeue
    /// pending signals; a fatal one ends the group. Returns false when nothing is left.
    /// </summary>
    /// <returns>Whether a signal was handled.</returns>
    public bool get_signal()
    {
        var task = this.current;
        var sighand = task.sighand;
        if (sighand == null || task.exit_state != 0)
            return false;

        this.spin_lock_irq(sighand.siglock);
        var signal = task.signal;
        if ((signal.flags & SIGNAL_GROUP_EXIT) != 0)
        {
            /* the group is dying: this thread goes with it */
            task.pending.signal &= ~sigmask(SIGKILL);
            this.spin_unlock_irq(sighand.siglock);
            this.do_group_exit(signal.group_exit_code);
            return true;
        }

        var mask = (task.pending.signal | signal.shared_pending.signal) & ~task.blocked;
        if (mask == 0)
        {
            clear_tsk_thread_flag(task, TIF_SIGPENDING);
            this.spin_unlock_irq(sighand.siglock);
            return false;
        }

        var sig = System.Numerics.BitOperations.TrailingZeroCount(mask) + 1;
        task.pending.signal &= ~sigmask(sig);
        signal.shared_pending.signal &= ~sigmask(sig);
        var handler = sighand.action[sig - 1].sa_handler;
        this.spin_unlock_irq(sighand.siglock);

        if (handler == SIG_IGN || (handler == SIG_DFL && sig_kernel_ignore(sig)) || handler == SIG_HANDLER)
            return true;

        /* default action: terminate (a core-dumping signal reports the core bit) */
        task.flags |= PF_SIGNALED;
        this.do_group_exit(sig_kernel_coredump(sig) && this.core_dumps ? sig | 0x80 : sig);
        return true;
    }

    /// <summary>exit_to_user_mode: the model's return to user space handles pending signals.</summary>
    public void exit_to_user_mode()
    {
        while (this.current.exit_state == 0 && test_tsk_thread_flag(this.current, TIF_SIGPENDING) && this.get_signal())
        {
        }
    }

    /// <summary>exit_signals: the task is exiting (PF_EXITING); it takes no more group signals.</summary>
    /// <param name="tsk">The task.</param>
    public void exit_signals(task_struct tsk)
    {
        if (thread_group_empty(tsk) || (tsk.signal.flags & SIGNAL_GROUP_EXIT) != 0)
        {
            tsk.flags |= PF_EXITING;
            return;
        }

        this.spin_lock_irq(tsk.sighand!.siglock);
        tsk.flags |= PF_EXITING;
        this.spin_unlock_irq(tsk.sighand.siglock);
    }

    /// <summary>zap_other_threads: SIGKILL every other live thread of p's group.</summary>
    /// <param name="p">The thread that stays.</param>
    /// <returns>How many threads were signalled.</returns>
    public int zap_other_threads(task_struct p)
    {
        var count = 0;

        /* checked at run time: callers reach the lock through their own sighand pointer */
        this.lockdep_assert_held(p.sighand!.siglock);

        p.signal.group_stop_count = 0;
        foreach (var t in for_each_thread(p))
        {
            if (t == p || t.exit_state != 0)
                continue;
            count++;
            this.lockdep_assert_held(t.sighand!.siglock);
            t.pending.signal |= sigmask(SIGKILL);
            this.signal_wake_up(t, true);
        }

        return count;
    }

    /// <summary>
    /// __lock_task_sighand: lock the task's sighand, unless the task has been released.
    /// ->sighand can change under us (release_task clears it with the siglock held, de_thread
    /// may swap it), so it is read again once its lock is held and the loop retries when it
    /// moved; the sighand stays valid for the RCU section (__cleanup_sighand frees after a
    /// grace period).
    /// </summary>
    /// <param name="tsk">The task.</param>
    /// <param name="flags">The saved irq state.</param>
    /// <returns>The locked sighand, or null (nothing locked) once the task is released.</returns>
    [__context_unsafe("returns with the lock of the sighand it returns held, exactly when that is not null")]
    public sighand_struct? __lock_task_sighand(task_struct tsk, out ulong flags)
    {
        sighand_struct? sighand;

        flags = 0;
        this.rcu_read_lock();
        while (true)
        {
            sighand = this.rcu_dereference_check(READ_ONCE(ref tsk.sighand), false);
            if (sighand == null)
                break;

            /*
             * This sighand can be freed only after a grace period, so its
             * lock is still a lock; but it may no longer be the task's.
             */
            this.spin_lock_irqsave(sighand.siglock, out flags);
            if (sighand == READ_ONCE(ref tsk.sighand))
                break;
            this.spin_unlock_irqrestore(sighand.siglock, flags);
        }

        this.rcu_read_unlock();

        return sighand;
    }

    /// <summary>flush_signal_handlers: on exec, caught signals return to their default action.</summary>
    /// <param name="t">The task.</param>
    /// <param name="force_default">Also reset ignored signals.</param>
    public static void flush_signal_handlers(task_struct t, bool force_default)
    {
        var ka = t.sighand!.action;
        for (var i = _NSIG; i-- > 0;)
        {
            if (force_default || ka[i].sa_handler != SIG_IGN)
                ka[i].sa_handler = SIG_DFL;
        }
    }

    /// <summary>The pidfd_send_signal() flags.</summary>
    public const uint PIDFD_SEND_SIGNAL_FLAGS = PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP | PIDFD_SIGNAL_PROCESS_GROUP;

    /// <summary>prepare_kill_siginfo: the siginfo of a kill(2)-style signal.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">The siginfo to fill.</param>
    /// <param name="type">PIDTYPE_PID makes it SI_TKILL.</param>
    public void prepare_kill_siginfo(int sig, kernel_siginfo info, pid_type type)
    {
        info.si_signo = sig;
        info.si_errno = 0;
        info.si_code = type == pid_type.PIDTYPE_PID ? SI_TKILL : SI_USER;
        info.si_pid = this.task_tgid_vnr(this.current);
        info.si_uid = from_kuid_munged(this.current_user_ns(), this.current_cred().uid);
    }

    /// <summary>kill_pid_info_type: signal the task(s) of <paramref name="pid"/> with the given scope.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo.</param>
    /// <param name="pid">The pid.</param>
    /// <param name="type">The scope.</param>
    /// <returns>0 or -errno (ESRCH without a task).</returns>
    public int kill_pid_info_type(int sig, kernel_siginfo? info, pid pid, pid_type type)
    {
        int error = -errno.ESRCH;
        task_struct? p;

        while (true)
        {
            this.rcu_read_lock();
            p = this.pid_task(pid, pid_type.PIDTYPE_PID);
            if (p != null)
                error = this.group_send_sig_info(sig, info, p, type);
            this.rcu_read_unlock();
            if (p == null || error != -errno.ESRCH)
                return error;

            /*
             * The task was unhashed in between: a thread doing exec may be
             * taking over the pid. Try again.
             */
        }
    }

    /// <summary>__kill_pgrp_info: every process of the group.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo.</param>
    /// <param name="pgrp">The process group.</param>
    /// <returns>0 if any was signalled, else the last error (-ESRCH for an empty group).</returns>
    [__must_hold("read:tasklist_lock")]
    public int __kill_pgrp_info(int sig, kernel_siginfo? info, pid pgrp)
    {
        var success = false;
        var retval = -errno.ESRCH;

        foreach (var p in hlist_entries<task_struct>(pgrp.tasks[(int)pid_type.PIDTYPE_PGID]))
        {
            var err = this.group_send_sig_info(sig, info, p, pid_type.PIDTYPE_PGID);
            success |= err == 0;
            retval = err;
        }

        return success ? 0 : retval;
    }

    /// <summary>kill_pgrp_info.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo.</param>
    /// <param name="pgrp">The process group.</param>
    /// <returns>0 or -errno.</returns>
    public int kill_pgrp_info(int sig, kernel_siginfo? info, pid pgrp)
    {
        int ret;

        this.read_lock(this.tasklist_lock);
        ret = this.__kill_pgrp_info(sig, info, pgrp);
        this.read_unlock(this.tasklist_lock);

        return ret;
    }

    /* a pidfs file's pid (a /proc/<tgid> directory fd would be the other kind: not modelled) */
    [__borrowed]
    private pid pidfd_to_pid(@file file)
    {
        pid pid;

        pid = this.pidfd_pid(file);
        if (!IS_ERR(pid))
            return pid;

        return ERR_PTR<pid>(-errno.EBADF);
    }

    /* is pid in the caller's pid namespace or one below it? */
    private bool access_pidfd_pidns(pid pid)
    {
        var active = this.task_active_pid_ns(this.current);
        var p = ns_of_pid(pid);

        while (true)
        {
            if (p == null)
                return false;
            if (p == active)
                break;
            p = p.parent;
        }

        return true;
    }

    /* user memory: a kernel_siginfo is readable, anything else faults */
    private static int copy_siginfo_from_user_any(kernel_siginfo kinfo, object info)
    {
        if (info is not kernel_siginfo u)
            return -errno.EFAULT;
        kinfo.si_signo = u.si_signo;
        kinfo.si_errno = u.si_errno;
        kinfo.si_code = u.si_code;
        kinfo.si_pid = u.si_pid;
        kinfo.si_uid = u.si_uid;
        kinfo.si_status = u.si_status;
        return 0;
    }

    private int do_pidfd_send_signal(pid pid, int sig, pid_type type, object? info, uint flags)
    {
        var kinfo = new kernel_siginfo();

        switch (flags)
        {
            case PIDFD_SIGNAL_THREAD:
                type = pid_type.PIDTYPE_PID;
                break;
            case PIDFD_SIGNAL_THREAD_GROUP:
                type = pid_type.PIDTYPE_TGID;
                break;
            case PIDFD_SIGNAL_PROCESS_GROUP:
                type = pid_type.PIDTYPE_PGID;
                break;
        }

        if (info != null)
        {
            var ret = copy_siginfo_from_user_any(kinfo, info);
            if (ret != 0)
                return ret;

            if (sig != kinfo.si_signo)
                return -errno.EINVAL;

            /* only a process may send itself a signal with a forged siginfo */
            if ((task_pid(this.current) != pid || type > pid_type.PIDTYPE_TGID) && (kinfo.si_code >= 0 || kinfo.si_code == SI_TKILL))
                return -errno.EPERM;
        }
        else
        {
            this.prepare_kill_siginfo(sig, kinfo, type);
        }

        if (type == pid_type.PIDTYPE_PGID)
            return this.kill_pgrp_info(sig, kinfo, pid);

        return this.kill_pid_info_type(sig, kinfo, pid, type);
    }

    /// <summary>
    /// sys_pidfd_send_signal: signal the process (or thread, or process group) a pidfd refers
    /// to. The scope comes from the pidfd (PIDFD_THREAD: the thread) unless a flag overrides it.
    /// </summary>
    /// <param name="pidfd">A pidfd, PIDFD_SELF_THREAD or PIDFD_SELF_THREAD_GROUP.</param>
    /// <param name="sig">The signal (0 only checks).</param>
    /// <param name="info">A siginfo in user memory, or null.</param>
    /// <param name="flags">At most one PIDFD_SIGNAL_* flag.</param>
    /// <returns>0 or -errno.</returns>
    public long sys_pidfd_send_signal(int pidfd, int sig, object? info, uint flags)
    {
        pid? pid;
        pid_type type;
        int ret;

        /* no other flags until an extension needs them */
        if ((flags & ~PIDFD_SEND_SIGNAL_FLAGS) != 0)
            return -errno.EINVAL;

        /* at most one scope flag */
        if (System.Numerics.BitOperations.PopCount(flags & PIDFD_SEND_SIGNAL_FLAGS) > 1)
            return -errno.EINVAL;

        switch (pidfd)
        {
            case PIDFD_SELF_THREAD:
                pid = this.get_task_pid(this.current, pid_type.PIDTYPE_PID);
                type = pid_type.PIDTYPE_PID;
                break;
            case PIDFD_SELF_THREAD_GROUP:
                pid = this.get_task_pid(this.current, pid_type.PIDTYPE_TGID);
                type = pid_type.PIDTYPE_TGID;
                break;
            default:
            {
                using var f = this.fdget(pidfd);
                if (fd_empty(f))
                    return -errno.EBADF;

                /* is this a pidfd? */
                var p = this.pidfd_to_pid(fd_file(f)!);
                if (IS_ERR(p))
                    return PTR_ERR(p);

                if (!this.access_pidfd_pidns(p))
                    return -errno.EINVAL;

                /* the scope follows the kind of pidfd */
                if ((READ_ONCE(ref fd_file(f)!.f_flags) & PIDFD_THREAD) != 0)
                    type = pid_type.PIDTYPE_PID;
                else
                    type = pid_type.PIDTYPE_TGID;

                return this.do_pidfd_send_signal(p, sig, type, info, flags);
            }
        }

        ret = this.do_pidfd_send_signal(pid!, sig, type, info, flags);
        this.put_pid(pid);

        return ret;
    }
}
