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
using System.Runtime.CompilerServices;

namespace Linux;

/// <summary>
/// struct kernel_siginfo (the fields the model uses). A value, as upstream's: a sender keeps it on its stack
/// and passes a pointer to it (<c>in</c>/<c>ref</c>); SEND_SIG_NOINFO is the null reference and SEND_SIG_PRIV
/// a reference to one fixed instance, as their special pointer values in C.
/// </summary>
public struct kernel_siginfo
{
    public int si_signo;
    public int si_errno;
    public int si_code;
    public int si_pid;
    public uint si_uid;
    public int si_status;
}

/// <summary>enum sig_handler: which action force_sig_info_to_task leaves in place.</summary>
public enum sig_handler
{
    /// <summary>The current handler, unless the signal is blocked or ignored.</summary>
    HANDLER_CURRENT,

    /// <summary>The default action.</summary>
    HANDLER_SIG_DFL,

    /// <summary>The default action, which nothing can change any more.</summary>
    HANDLER_EXIT,
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

    /* the first realtime signal: below it, one instance of a signal is queued */
    public const int SIGRTMIN = 32;

    /// <summary>Whether a core-dumping signal writes a core (the host's RLIMIT_CORE: 0, so no).</summary>
    public bool core_dumps;

    private static readonly kernel_siginfo send_sig_priv = new() { si_code = SI_KERNEL };

    /// <summary>Gets SEND_SIG_NOINFO: no siginfo (the null pointer).</summary>
    public static ref readonly kernel_siginfo SEND_SIG_NOINFO => ref Unsafe.NullRef<kernel_siginfo>();

    /// <summary>Gets SEND_SIG_PRIV: a signal the kernel sends.</summary>
    public static ref readonly kernel_siginfo SEND_SIG_PRIV => ref send_sig_priv;

    /* info == SEND_SIG_PRIV: the pointers compared, as C compares them */
    private static bool is_send_sig_priv(in kernel_siginfo info) => Unsafe.AreSame(in info, in send_sig_priv);

    private const ulong SIG_KERNEL_IGNORE_MASK = (1UL << (SIGCONT - 1)) | (1UL << (SIGCHLD - 1)) | (1UL << (SIGWINCH - 1)) | (1UL << (SIGURG - 1));
    private const ulong SIG_KERNEL_COREDUMP_MASK = (1UL << (SIGQUIT - 1)) | (1UL << (SIGILL - 1)) | (1UL << (SIGTRAP - 1)) | (1UL << (SIGABRT - 1)) |
                                                   (1UL << (SIGFPE - 1)) | (1UL << (SIGSEGV - 1)) | (1UL << (SIGBUS - 1)) | (1UL << (SIGSYS - 1)) |
                                                   (1UL << (SIGXCPU - 1)) | (1UL << (SIGXFSZ - 1));
    private const ulong SIG_KERNEL_STOP_MASK = (1UL << (SIGSTOP - 1)) | (1UL << (SIGTSTP - 1)) | (1UL << (SIGTTIN - 1)) | (1UL << (SIGTTOU - 1));

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

    /// <summary>sig_kernel_stop: is the default action to stop (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU)?</summary>
    /// <param name="sig">The signal.</param>
    /// <returns>True for the stop signals.</returns>
    public static bool sig_kernel_stop(int sig) => sig < 64 && (SIG_KERNEL_STOP_MASK & sigmask(sig)) != 0;

    private static bool sig_fatal(task_struct t, int sig) =>
        sig == SIGKILL || (t.sighand!.action[sig - 1].sa_handler == SIG_DFL && !sig_kernel_ignore(sig) && !sig_kernel_stop(sig));

    /// <summary>set_tsk_thread_flag.</summary>
    /// <param name="t">The task.</param>
    /// <param name="flag">The flag.</param>
    public static void set_tsk_thread_flag(task_struct t, int flag) => set_bit(flag, ref t.thread_flags);

    /// <summary>clear_tsk_thread_flag.</summary>
    /// <param name="t">The task.</param>
    /// <param name="flag">The flag.</param>
    public static void clear_tsk_thread_flag(task_struct t, int flag) => clear_bit(flag, ref t.thread_flags);

    /// <summary>test_tsk_thread_flag.</summary>
    /// <param name="t">The task.</param>
    /// <param name="flag">The flag.</param>
    /// <returns>True if set.</returns>
    public static bool test_tsk_thread_flag(task_struct t, int flag) => (READ_ONCE(ref t.thread_flags) & (1 << flag)) != 0;

    /// <summary>signal_wake_up.</summary>
    /// <param name="t">The task.</param>
    /// <param name="fatal">A fatal signal also wakes stopped tasks.</param>
    [__must_hold("t.sighand.siglock")]
    public void signal_wake_up(task_struct t, bool fatal)
    {
        uint state = 0;

        if (fatal && (t.jobctl & JOBCTL_PTRACE_FROZEN) == 0)
        {
            t.jobctl &= ~(JOBCTL_STOPPED | JOBCTL_TRACED);
            state = TASK_WAKEKILL | __TASK_TRACED;
        }

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

    /* recalc_sigpending_tsk: set TIF_SIGPENDING if anything is deliverable (never clears) */
    private static bool recalc_sigpending_tsk(task_struct t)
    {
        if ((t.jobctl & (JOBCTL_PENDING_MASK | JOBCTL_TRAP_FREEZE)) != 0 ||
            (t.pending.signal & ~t.blocked) != 0 || (t.signal.shared_pending.signal & ~t.blocked) != 0)
        {
            set_tsk_thread_flag(t, TIF_SIGPENDING);
            return true;
        }

        return false;
    }

    /// <summary>recalc_sigpending: clear TIF_SIGPENDING of current when nothing is deliverable.</summary>
    public void recalc_sigpending()
    {
        if (!recalc_sigpending_tsk(this.current) && test_tsk_thread_flag(this.current, TIF_SIGPENDING))
            clear_tsk_thread_flag(this.current, TIF_SIGPENDING);
    }

    /* next_signal: the lowest pending signal not in mask (the synchronous ones first) */
    private static int next_signal(ref sigpending pending, ulong mask)
    {
        const ulong SYNCHRONOUS_MASK = (1UL << (SIGSEGV - 1)) | (1UL << (SIGBUS - 1)) | (1UL << (SIGILL - 1)) |
                                       (1UL << (SIGTRAP - 1)) | (1UL << (SIGFPE - 1)) | (1UL << (SIGSYS - 1));
        var x = pending.signal & ~mask;

        if (x == 0)
            return 0;
        if ((x & SYNCHRONOUS_MASK) != 0)
            x &= SYNCHRONOUS_MASK;
        return System.Numerics.BitOperations.TrailingZeroCount(x) + 1;
    }

    /// <summary>
    /// task_set_jobctl_pending: set jobctl pending bits (a new stop signo replaces the old);
    /// a no-op for a task that is dying or exiting.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="mask">JOBCTL_PENDING_MASK, STOP_CONSUME and STOP_SIGMASK bits.</param>
    /// <returns>False when the task was dying and nothing was set.</returns>
    [__must_hold("task.sighand.siglock")]
    public bool task_set_jobctl_pending(task_struct task, uint mask)
    {
        this.BUG_ON((mask & ~(JOBCTL_PENDING_MASK | JOBCTL_STOP_CONSUME | JOBCTL_STOP_SIGMASK | JOBCTL_TRAPPING)) != 0);

        if (__fatal_signal_pending(task) || (task.flags & PF_EXITING) != 0)
            return false;

        if ((mask & JOBCTL_STOP_SIGMASK) != 0)
            task.jobctl &= ~JOBCTL_STOP_SIGMASK;

        task.jobctl |= mask;
        return true;
    }

    /// <summary>task_clear_jobctl_pending: clear pending bits; clearing STOP_PENDING clears the other stop bits too.</summary>
    /// <param name="task">The task.</param>
    /// <param name="mask">JOBCTL_PENDING_MASK bits.</param>
    [__must_hold("task.sighand.siglock")]
    public void task_clear_jobctl_pending(task_struct task, uint mask)
    {
        this.BUG_ON((mask & ~JOBCTL_PENDING_MASK) != 0);

        if ((mask & JOBCTL_STOP_PENDING) != 0)
            mask |= JOBCTL_STOP_CONSUME | JOBCTL_STOP_DEQUEUED;

        task.jobctl &= ~mask;

        /* no ptrace: nobody waits on JOBCTL_TRAPPING (task_clear_jobctl_trapping) */
    }

    /*
     * task_participate_group_stop: the task takes part in a group stop. Its stop
     * bits are cleared and, with STOP_CONSUME, the group's count goes down; the
     * task that completes a fresh group stop sets SIGNAL_STOP_STOPPED and must
     * tell the parent (returns true).
     */
    [__must_hold("task.sighand.siglock")]
    private bool task_participate_group_stop(task_struct task)
    {
        var sig = task.signal;
        var consume = (task.jobctl & JOBCTL_STOP_CONSUME) != 0;

        this.WARN_ON_ONCE((task.jobctl & JOBCTL_STOP_PENDING) == 0);

        this.task_clear_jobctl_pending(task, JOBCTL_STOP_PENDING);

        if (!consume)
            return false;

        if (!this.WARN_ON_ONCE(sig.group_stop_count == 0))
            sig.group_stop_count--;

        /* only a fresh group stop is reported: see do_signal_stop() */
        if (sig.group_stop_count == 0 && (sig.flags & SIGNAL_STOP_STOPPED) == 0)
        {
            this.signal_set_stop_flags(sig, SIGNAL_STOP_STOPPED);
            return true;
        }

        return false;
    }

    /// <summary>flush_signal_handlers: on exec, caught signals return to their default action.</summary>
    /// <param name="t">The task.</param>
    /// <param name="force_default">Also reset ignored signals.</param>
    public static void flush_signal_handlers(task_struct t, bool force_default)
    {
        ref var ka = ref t.sighand!.action;
        for (var i = _NSIG; i-- > 0;)
        {
            if (force_default || ka[i].sa_handler != SIG_IGN)
                ka[i].sa_handler = SIG_DFL;
        }
    }

    /* dequeue_signal: the next unblocked signal, the thread's own queue first */
    [__must_hold("current.sighand.siglock")]
    private int dequeue_signal(ulong mask, out pid_type type)
    {
        var tsk = this.current;
        int signr;

        this.lockdep_assert_held(tsk.sighand!.siglock);

        type = pid_type.PIDTYPE_PID;
        signr = next_signal(ref tsk.pending, mask);
        if (signr == 0)
        {
            type = pid_type.PIDTYPE_TGID;
            signr = next_signal(ref tsk.signal.shared_pending, mask);
            if (signr != 0)
                tsk.signal.shared_pending.signal &= ~sigmask(signr);
        }
        else
        {
            tsk.pending.signal &= ~sigmask(signr);
        }

        this.recalc_sigpending();
        if (signr == 0)
            return 0;

        if (sig_kernel_stop(signr))
        {
            /*
             * Mark that a stop signal was dequeued: once the siglock is dropped
             * it is no longer pending, yet a SIGCONT (or SIGKILL) in between
             * must still cancel it, which they do by clearing this flag.
             */
            tsk.jobctl |= JOBCTL_STOP_DEQUEUED;
        }

        return signr;
    }

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

    /* remove the signals in mask from a pending set */
    [__must_hold("p.sighand.siglock")]
    private void flush_sigqueue_mask(task_struct p, ulong mask, ref sigpending s)
    {
        this.lockdep_assert_held(p.sighand!.siglock);

        if ((mask & s.signal) == 0)
            return;

        s.signal &= ~mask;
    }

    /// <summary>check_kill_permission: same user or CAP_KILL (the model treats root as having it).</summary>
    private int check_kill_permission(int sig, in kernel_siginfo info, task_struct t)
    {
        if (!valid_signal(sig))
            return -errno.EINVAL;
        if (is_send_sig_priv(in info))
            return 0;
        var cred = this.current_cred();
        var tcred = t.cred;
        if (cred.euid != 0 && cred.euid != tcred.suid && cred.euid != tcred.uid && cred.uid != tcred.suid && cred.uid != tcred.uid)
            return -errno.EPERM;
        return 0;
    }

    /*
     * prepare_signal: the process-wide effects of stop and continue signals, which
     * happen when the signal is generated whether it is blocked, ignored or
     * handled. SIGCONT continues the group here; the stop itself is the default
     * action of a stop signal, taken in get_signal(). Returns whether the signal
     * is to be delivered at all.
     */
    [__must_hold("p.sighand.siglock")]
    private bool prepare_signal(int sig, task_struct p, bool force)
    {
        var signal = p.signal;
        ulong flush;

        if ((signal.flags & SIGNAL_GROUP_EXIT) != 0)
        {
            /* the process is dying (no core dump in the model): drop the signal */
            return false;
        }
        else if (sig_kernel_stop(sig))
        {
            /* a stop signal: remove SIGCONT from every queue */
            flush = sigmask(SIGCONT);
            this.flush_sigqueue_mask(p, flush, ref signal.shared_pending);
            foreach (var t in for_each_thread(p))
                this.flush_sigqueue_mask(p, flush, ref t.pending);
        }
        else if (sig == SIGCONT)
        {
            uint why;

            /* remove every stop signal from every queue, wake every thread */
            flush = SIG_KERNEL_STOP_MASK;
            this.flush_sigqueue_mask(p, flush, ref signal.shared_pending);
            foreach (var t in for_each_thread(p))
            {
                this.flush_sigqueue_mask(p, flush, ref t.pending);
                this.lockdep_assert_held(t.sighand!.siglock);
                this.task_clear_jobctl_pending(t, JOBCTL_STOP_PENDING);
                t.jobctl &= ~JOBCTL_STOPPED;
                this.wake_up_state(t, __TASK_STOPPED);
            }

            /*
             * Tell the parent CLD_CONTINUED if we were stopped. In the middle of a
             * group stop, act as if it had finished and then continued: SIGCHLD
             * does not queue, so only CLD_STOPPED is reported, as if the
             * CLD_CONTINUED after it had been dropped.
             */
            why = 0;
            if ((signal.flags & SIGNAL_STOP_STOPPED) != 0)
                why |= SIGNAL_CLD_CONTINUED;
            else if (signal.group_stop_count != 0)
                why |= SIGNAL_CLD_STOPPED;

            if (why != 0)
            {
                /*
                 * The first thread back from do_signal_stop() takes the siglock,
                 * sees SIGNAL_CLD_MASK and tells the parent: see get_signal().
                 */
                this.signal_set_stop_flags(signal, why | SIGNAL_STOP_CONTINUED);
                signal.group_stop_count = 0;
                signal.group_exit_code = 0;
            }
        }

        return !sig_ignored(p, sig, force);
    }

    /*
     * wants_signal: can p take sig now? Threads that cannot were ruled out because
     * they are not running and already have signals pending; they will dequeue
     * from the shared queue when they run.
     */
    private static bool wants_signal(int sig, task_struct p)
    {
        if ((p.blocked & sigmask(sig)) != 0)
            return false;

        if ((p.flags & PF_EXITING) != 0)
            return false;

        if (sig == SIGKILL)
            return true;

        if (task_is_stopped_or_traced(p))
            return false;

        return READ_ONCE(ref p.on_cpu) != 0 || !signal_pending(p);
    }

    /// <summary>complete_signal: find a thread to take the signal; a fatal one takes down the group at once.</summary>
    [__must_hold("p.sighand.siglock")]
    private void complete_signal(int sig, task_struct p, pid_type type)
    {
        var signal = p.signal;
        task_struct t;

        /* try the suggested task first (maybe not the main thread) */
        if (wants_signal(sig, p))
        {
            t = p;
        }
        else if (type == pid_type.PIDTYPE_PID || thread_group_empty(p))
        {
            /* one thread, and it need not be woken: it dequeues before it runs again */
            return;
        }
        else
        {
            /* otherwise a thread that can take it */
            t = signal.curr_target ?? p;
            while (!wants_signal(sig, t))
            {
                t = next_thread(t);
                if (t == (signal.curr_target ?? p))
                {
                    /* nobody needs waking: the eligible threads will find it queued */
                    return;
                }
            }

            signal.curr_target = t;
        }

        /* a killable thread was found: a fatal signal takes the whole group down now */
        if (sig_fatal(p, sig) && (signal.flags & SIGNAL_GROUP_EXIT) == 0 && (t.blocked & sigmask(sig)) == 0)
        {
            /*
             * Start a group exit and wake everybody (a core-dumping signal too:
             * the model writes no core, so nothing has to wait for the dumper).
             */
            signal.flags = SIGNAL_GROUP_EXIT;
            signal.group_exit_code = sig;
            signal.group_stop_count = 0;
            foreach (var th in for_each_thread(p))
            {
                /* threads share p's sighand, so its lock is held for them too */
                this.lockdep_assert_held(th.sighand!.siglock);
                this.task_clear_jobctl_pending(th, JOBCTL_PENDING_MASK);
                th.pending.signal |= sigmask(SIGKILL);
                this.signal_wake_up(th, true);
            }

            return;
        }

        /* the signal is queued: tell the chosen thread to wake and dequeue it */
        this.lockdep_assert_held(t.sighand!.siglock);
        this.signal_wake_up(t, sig == SIGKILL);
    }

    /* only one instance of a non-realtime signal is queued */
    private static bool legacy_queue(ref sigpending signals, int sig) => sig < SIGRTMIN && (signals.signal & sigmask(sig)) != 0;

    /// <summary>__send_signal_locked / send_signal_locked: queue the signal unless it is ignored.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo (or a SEND_SIG_* value).</param>
    /// <param name="t">The target.</param>
    /// <param name="type">PIDTYPE_PID for a thread, otherwise a group signal.</param>
    /// <returns>0.</returns>
    [__must_hold("t.sighand.siglock")]
    public int send_signal_locked(int sig, in kernel_siginfo info, task_struct t, pid_type type)
    {
        this.lockdep_assert_held(t.sighand!.siglock);

        /*
         * Should SIGKILL or SIGSTOP reach a pid namespace init? Only when the
         * kernel sends it or the sender sits in an ancestor namespace (it has
         * no number in t's namespace). The si_pid/si_uid rewriting of upstream
         * is not ported: siginfo here carries no ids across namespaces.
         */
        var force = is_send_sig_priv(in info) || (!Unsafe.IsNullRef(in info) && info.si_code == SI_KERNEL) ||
            this.task_pid_nr_ns(this.current, this.task_active_pid_ns(t)) == 0;

        if (!this.prepare_signal(sig, t, force))
            return 0;

        ref var pending = ref type != pid_type.PIDTYPE_PID ? ref t.signal.shared_pending : ref t.pending;

        /* one of each non-realtime signal is queued (siginfo queues are not modelled) */
        if (legacy_queue(ref pending, sig))
            return 0;

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
    public int do_send_sig_info(int sig, in kernel_siginfo info, task_struct p, pid_type type)
    {
        var ret = -errno.ESRCH;

        if (this.lock_task_sighand(p, out var flags))
        {
            ret = this.send_signal_locked(sig, in info, p, type);
            this.unlock_task_sighand(p, flags);
        }

        return ret;
    }

    /*
     * force_sig_info_to_task: a signal the task cannot refuse. A blocked or
     * ignored signal (or any, unless HANDLER_CURRENT) gets its default action
     * back and is unblocked; with the default action it also kills a
     * namespace init.
     */
    private int force_sig_info_to_task(in kernel_siginfo info, task_struct t, sig_handler handler)
    {
        int ret;
        bool blocked, ignored;
        var sig = info.si_signo;

        this.spin_lock_irqsave(t.sighand!.siglock, out var flags);
        ref var action = ref t.sighand.action[sig - 1];
        ignored = action.sa_handler == SIG_IGN;
        blocked = (t.blocked & sigmask(sig)) != 0;
        if (blocked || ignored || handler != sig_handler.HANDLER_CURRENT)
        {
            action.sa_handler = SIG_DFL;

            /* not ported: SA_IMMUTABLE for HANDLER_EXIT (sa_flags are not modelled) */
            if (blocked)
                t.blocked &= ~sigmask(sig);
        }

        /* a traced init stays unkillable, except for HANDLER_EXIT */
        if (action.sa_handler == SIG_DFL && (t.ptrace == 0 || handler == sig_handler.HANDLER_EXIT))
            t.signal.flags &= ~SIGNAL_UNKILLABLE;
        this.lockdep_assert_held(t.sighand.siglock);
        ret = this.send_signal_locked(sig, in info, t, pid_type.PIDTYPE_PID);

        /* the signal may have been pending and blocked already */
        if (!signal_pending(t))
            this.signal_wake_up(t, false);
        this.spin_unlock_irqrestore(t.sighand.siglock, flags);

        return ret;
    }

    /// <summary>
    /// zap_other_threads: SIGKILL every other live thread of p's group. The count includes
    /// threads that are already zombies (a leader that exited alone): de_thread() subtracts
    /// the leader itself and waits for the rest through notify_count.
    /// </summary>
    /// <param name="p">The thread that stays.</param>
    /// <returns>How many other threads the group has.</returns>
    public int zap_other_threads(task_struct p)
    {
        var count = 0;

        /* checked at run time: callers reach the lock through their own sighand pointer */
        this.lockdep_assert_held(p.sighand!.siglock);

        p.signal.group_stop_count = 0;
        foreach (var t in for_other_threads(p))
        {
            this.lockdep_assert_held(t.sighand!.siglock);
            this.task_clear_jobctl_pending(t, JOBCTL_PENDING_MASK);

            /* no io_uring or vhost workers in the model: every thread counts */
            count++;

            /* don't bother with already dead threads */
            if (t.exit_state != 0)
                continue;
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
    [__cond_acquires(true, "tsk.sighand.siglock")]
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

    /// <summary>group_send_sig_info.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo.</param>
    /// <param name="p">The target.</param>
    /// <param name="type">The scope.</param>
    /// <returns>0 or -errno.</returns>
    public int group_send_sig_info(int sig, in kernel_siginfo info, task_struct p, pid_type type)
    {
        int ret;

        this.rcu_read_lock();
        ret = this.check_kill_permission(sig, in info, p);
        this.rcu_read_unlock();

        if (ret == 0 && sig != 0)
            ret = this.do_send_sig_info(sig, in info, p, type);

        return ret;
    }

    /// <summary>__kill_pgrp_info: every process of the group.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo.</param>
    /// <param name="pgrp">The process group.</param>
    /// <returns>0 if any was signalled, else the last error (-ESRCH for an empty group).</returns>
    [__must_hold("read:tasklist_lock")]
    public int __kill_pgrp_info(int sig, in kernel_siginfo info, pid pgrp)
    {
        var success = false;
        var retval = -errno.ESRCH;

        foreach (var p in hlist_entries<task_struct>(pgrp.tasks[(int)pid_type.PIDTYPE_PGID]))
        {
            var err = this.group_send_sig_info(sig, in info, p, pid_type.PIDTYPE_PGID);
            success |= err == 0;
            retval = err;
        }

        return success ? 0 : retval;
    }

    /// <summary>kill_pid_info_type: signal the task(s) of <paramref name="pid"/> with the given scope.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo.</param>
    /// <param name="pid">The pid.</param>
    /// <param name="type">The scope.</param>
    /// <returns>0 or -errno (ESRCH without a task).</returns>
    public int kill_pid_info_type(int sig, in kernel_siginfo info, pid pid, pid_type type)
    {
        int error = -errno.ESRCH;
        task_struct? p;

        while (true)
        {
            this.rcu_read_lock();
            p = this.pid_task(pid, pid_type.PIDTYPE_PID);
            if (p != null)
                error = this.group_send_sig_info(sig, in info, p, type);
            this.rcu_read_unlock();
            if (p == null || error != -errno.ESRCH)
                return error;

            /*
             * The task was unhashed in between: a thread doing exec may be
             * taking over the pid. Try again.
             */
        }
    }

    /// <summary>force_fatal_sig: the current task dies of <paramref name="sig"/>, whatever its handler.</summary>
    /// <param name="sig">The signal.</param>
    public void force_fatal_sig(int sig)
    {
        var info = new kernel_siginfo
        {
            si_signo = sig,
            si_errno = 0,
            si_code = SI_KERNEL,
            si_pid = 0,
            si_uid = 0,
        };
        this.force_sig_info_to_task(in info, this.current, sig_handler.HANDLER_SIG_DFL);
    }

    /// <summary>kill_pgrp_info.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">Its siginfo.</param>
    /// <param name="pgrp">The process group.</param>
    /// <returns>0 or -errno.</returns>
    public int kill_pgrp_info(int sig, in kernel_siginfo info, pid pgrp)
    {
        int ret;

        this.read_lock(this.tasklist_lock);
        ret = this.__kill_pgrp_info(sig, in info, pgrp);
        this.read_unlock(this.tasklist_lock);

        return ret;
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
            this.send_signal_locked(sig, in SEND_SIG_NOINFO, tsk.parent, pid_type.PIDTYPE_TGID);
        this.__wake_up_parent(tsk, tsk.parent);
        this.spin_unlock_irqrestore(psig.siglock, flags);

        return autoreap;
    }

    /*
     * do_notify_parent_cldstop: tell the parent of the group leader that the group
     * stopped or continued (for_ptracer: the tracer; no ptrace in the model).
     */
    [__must_hold("read:tasklist_lock")]
    private void do_notify_parent_cldstop(task_struct tsk, bool for_ptracer, int why)
    {
        kernel_siginfo info = default;
        task_struct parent;
        sighand_struct sighand;

        if (for_ptracer)
        {
            parent = tsk.parent!;
        }
        else
        {
            tsk = tsk.group_leader;
            parent = tsk.real_parent!;
        }

        info.si_signo = SIGCHLD;
        info.si_errno = 0;
        this.rcu_read_lock();
        info.si_pid = this.task_pid_nr_ns(tsk, this.task_active_pid_ns(parent));
        info.si_uid = from_kuid_munged(this.current_user_ns(), tsk.cred.uid);
        this.rcu_read_unlock();

        info.si_code = why;
        switch (why)
        {
            case CLD_CONTINUED:
                info.si_status = SIGCONT;
                break;
            case CLD_STOPPED:
                info.si_status = tsk.signal.group_exit_code & 0x7f;
                break;
            case CLD_TRAPPED:
                info.si_status = tsk.exit_code & 0x7f;
                break;
            default:
                this.BUG($"do_notify_parent_cldstop: why {why}");
                break;
        }

        sighand = parent.sighand!;
        this.spin_lock_irqsave(sighand.siglock, out var flags);

        /* SA_NOCLDSTOP is not modelled (k_sigaction keeps only the handler) */
        this.lockdep_assert_held(parent.sighand!.siglock);
        if (sighand.action[SIGCHLD - 1].sa_handler != SIG_IGN)
            this.send_signal_locked(SIGCHLD, in info, parent, pid_type.PIDTYPE_TGID);

        /* even without a SIGCHLD, wait4 callers must wake */
        this.__wake_up_parent(tsk, parent);
        this.spin_unlock_irqrestore(sighand.siglock, flags);
    }

    /*
     * do_signal_stop: without JOBCTL_STOP_PENDING, start a group stop for signr and
     * take part in it; with it, take part in the group stop under way. Returns true,
     * with the siglock released, once this task stopped (and was woken); false when
     * the group stop was cancelled meanwhile, with the siglock still held.
     */
    [__cond_releases(true, "current.sighand.siglock")]
    private bool do_signal_stop(int signr)
    {
        var current = this.current;
        var sig = current.signal;

        if ((current.jobctl & JOBCTL_STOP_PENDING) == 0)
        {
            var gstop = JOBCTL_STOP_PENDING | JOBCTL_STOP_CONSUME;

            /* signr is kept in jobctl for retries */
            this.WARN_ON_ONCE((signr & ~JOBCTL_STOP_SIGMASK) != 0);

            if ((current.jobctl & JOBCTL_STOP_DEQUEUED) == 0 || (sig.flags & SIGNAL_GROUP_EXIT) != 0 || sig.group_exec_task != null)
                return false;

            /*
             * No group stop is under way: start one. group_exit_code is
             * recorded only for a fresh stop (SIGNAL_STOP_STOPPED not set).
             */
            if ((sig.flags & SIGNAL_STOP_STOPPED) == 0)
                sig.group_exit_code = signr;

            sig.group_stop_count = 0;
            if (this.task_set_jobctl_pending(current, (uint)signr | gstop))
                sig.group_stop_count++;

            foreach (var t in for_other_threads(current))
            {
                /* TASK_STOPPED for a group stop is set under the siglock: no race here */
                this.lockdep_assert_held(t.sighand!.siglock);
                if (!task_is_stopped(t) && this.task_set_jobctl_pending(t, (uint)signr | gstop))
                {
                    sig.group_stop_count++;
                    this.signal_wake_up(t, false);
                }
            }
        }

        var notify = 0;

        /* alone, or the last of the group to stop: report to the parent */
        if (this.task_participate_group_stop(current))
            notify = CLD_STOPPED;

        current.jobctl |= JOBCTL_STOPPED;
        this.set_special_state(TASK_STOPPED);
        this.spin_unlock_irq(current.sighand!.siglock);

        /*
         * Tell the parent the group stop is complete, without the siglock or
         * tasklist_lock held in between: this goes to the real parent of the
         * group leader.
         */
        if (notify != 0)
        {
            this.read_lock(this.tasklist_lock);
            this.do_notify_parent_cldstop(current, false, notify);
            this.read_unlock(this.tasklist_lock);
        }

        /* now we do not run again until SIGCONT or SIGKILL wakes us */
        this.schedule();
        return true;
    }

    /// <summary>
    /// get_signal, as the model's tasks run it on the way back to user mode: report a
    /// stop or continue to the parent, take part in a group stop, dequeue signals and take
    /// their default actions (ignore, stop, or end the group). Returns true when a user
    /// handler is to run (the model runs none: the signal is consumed), false when nothing
    /// is left to deliver, or when the task stopped and is parked (see schedule()).
    /// </summary>
    /// <returns>Whether a signal for a user handler was dequeued.</returns>
    public bool get_signal()
    {
        var current = this.current;
        var sighand = current.sighand;
        var signal = current.signal;
        int signr;

        if (sighand == null || current.exit_state != 0 || !signal_pending(current))
            return false;

    relock:
        /* the model: a task parked by a stop leaves here; it comes back once woken */
        if (task_parked(current))
            return false;

        this.spin_lock_irq(sighand.siglock);

        /*
         * Every stopped thread comes here after its wake-up: report to the
         * parent what prepare_signal(SIGCONT) recorded in SIGNAL_CLD_MASK.
         */
        if ((signal.flags & SIGNAL_CLD_MASK) != 0)
        {
            int why;

            if ((signal.flags & SIGNAL_CLD_CONTINUED) != 0)
                why = CLD_CONTINUED;
            else
                why = CLD_STOPPED;

            signal.flags &= ~SIGNAL_CLD_MASK;

            this.spin_unlock_irq(sighand.siglock);

            /* always per process; no ptracer to tell in the model */
            this.read_lock(this.tasklist_lock);
            this.do_notify_parent_cldstop(current, false, why);
            this.read_unlock(this.tasklist_lock);

            goto relock;
        }

        while (true)
        {
            /* has this task already been marked for death? */
            if ((signal.flags & SIGNAL_GROUP_EXIT) != 0 || signal.group_exec_task != null)
            {
                signr = SIGKILL;
                current.pending.signal &= ~sigmask(SIGKILL);
                this.recalc_sigpending();
                goto fatal;
            }

            if ((current.jobctl & JOBCTL_STOP_PENDING) != 0 && this.do_signal_stop(0))
                goto relock;

            signr = this.dequeue_signal(current.blocked, out _);

            if (signr == 0)
                break; /* will return false */

            var handler = sighand.action[signr - 1].sa_handler;

            if (handler == SIG_IGN)
                continue;
            if (handler != SIG_DFL)
            {
                /* a user handler: the model runs none, the signal is consumed */
                this.spin_unlock_irq(sighand.siglock);
                return true;
            }

            /* now the default action of this signal */
            if (sig_kernel_ignore(signr))
                continue;

            /* a namespace init gets no signal it does not want, except SIGKILL/SIGSTOP from outside */
            if ((signal.flags & SIGNAL_UNKILLABLE) != 0 && !sig_kernel_only(signr))
                continue;

            if (sig_kernel_stop(signr))
            {
                /*
                 * Stop every thread of the group. The job-control stops
                 * (SIGTSTP, SIGTTIN, SIGTTOU) are discarded in an orphaned
                 * process group, checked with the siglock dropped.
                 */
                if (signr != SIGSTOP)
                {
                    this.spin_unlock_irq(sighand.siglock);

                    /* signals can be posted during this window */
                    if (this.is_current_pgrp_orphaned())
                        goto relock;

                    this.spin_lock_irq(sighand.siglock);
                }

                if (this.do_signal_stop(signr))
                {
                    /* it released the siglock */
                    goto relock;
                }

                /* no stop after all: a SIGCONT got in first */
                continue;
            }

        fatal:
            this.spin_unlock_irq(sighand.siglock);

            /* anything else is fatal (a core-dumping signal reports the core bit) */
            current.flags |= PF_SIGNALED;
            this.do_group_exit(sig_kernel_coredump(signr) && this.core_dumps ? signr | 0x80 : signr);
            return false;
        }

        this.spin_unlock_irq(sighand.siglock);
        return false;
    }

    /// <summary>
    /// exit_signals: the task is exiting (PF_EXITING) and takes no more group signals; if a
    /// group stop was waiting for it, it completes its part (and may tell the parent).
    /// Not ported: retarget_shared_pending (the group's pending signals stay on the shared
    /// queue, where another thread dequeues them when it runs).
    /// </summary>
    /// <param name="tsk">The task.</param>
    public void exit_signals(task_struct tsk)
    {
        var group_stop = 0;

        if (thread_group_empty(tsk) || (tsk.signal.flags & SIGNAL_GROUP_EXIT) != 0)
        {
            tsk.flags |= PF_EXITING;
            return;
        }

        this.spin_lock_irq(tsk.sighand!.siglock);

        /* from now on the task is invisible to group-wide signals: wants_signal(), do_signal_stop() */
        tsk.flags |= PF_EXITING;

        if (!signal_pending(tsk))
            goto @out;

        if ((tsk.jobctl & JOBCTL_STOP_PENDING) != 0 && this.task_participate_group_stop(tsk))
            group_stop = CLD_STOPPED;
    @out:
        this.spin_unlock_irq(tsk.sighand.siglock);

        /* a group stop this completed is reported to the real parent of the group leader */
        if (group_stop != 0)
        {
            this.read_lock(this.tasklist_lock);
            this.do_notify_parent_cldstop(tsk, false, group_stop);
            this.read_unlock(this.tasklist_lock);
        }
    }

    /// <summary>prepare_kill_siginfo: the siginfo of a kill(2)-style signal.</summary>
    /// <param name="sig">The signal.</param>
    /// <param name="info">The siginfo to fill.</param>
    /// <param name="type">PIDTYPE_PID makes it SI_TKILL.</param>
    public void prepare_kill_siginfo(int sig, ref kernel_siginfo info, pid_type type)
    {
        info.si_signo = sig;
        info.si_errno = 0;
        info.si_code = type == pid_type.PIDTYPE_PID ? SI_TKILL : SI_USER;
        info.si_pid = this.task_tgid_vnr(this.current);
        info.si_uid = from_kuid_munged(this.current_user_ns(), this.current_cred().uid);
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
    private static int copy_siginfo_from_user_any(ref kernel_siginfo kinfo, object info)
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

    /// <summary>The pidfd_send_signal() flags.</summary>
    public const uint PIDFD_SEND_SIGNAL_FLAGS = PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP | PIDFD_SIGNAL_PROCESS_GROUP;

    private int do_pidfd_send_signal(pid pid, int sig, pid_type type, object? info, uint flags)
    {
        kernel_siginfo kinfo = default;

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
            var ret = copy_siginfo_from_user_any(ref kinfo, info);
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
            this.prepare_kill_siginfo(sig, ref kinfo, type);
        }

        if (type == pid_type.PIDTYPE_PGID)
            return this.kill_pgrp_info(sig, in kinfo, pid);

        return this.kill_pid_info_type(sig, in kinfo, pid, type);
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

    /// <summary>exit_to_user_mode: the model's return to user space handles pending signals.</summary>
    /// <param name="tsk">The returning task, current (the entry code has it in hand, as the kernel's has its regs).</param>
    public void exit_to_user_mode(task_struct tsk)
    {
        while (tsk.exit_state == 0 && signal_pending(tsk) && !task_parked(tsk))
            this.get_signal();
    }
}
