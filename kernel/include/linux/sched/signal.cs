// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/sched/signal.h: the thread group's shared state
// (signal_struct), the signal handlers (sighand_struct) and the helpers that
// walk a thread group.
using System.Collections.Generic;

namespace Linux;

/// <summary>struct sigpending (a value: embedded in task_struct and signal_struct, as upstream embeds it).</summary>
public struct sigpending
{
    /// <summary>Pending signal bits (bit sig-1).</summary>
    public ulong signal;
}

/// <summary>struct k_sigaction (only the handler is modelled).</summary>
/// <remarks>
/// Upstream's sa_handler is a function pointer; the model has no user code to point at, so a handler is one
/// of three tokens and a byte holds it (sighand_struct's 64 actions are then 64 bytes, not 256).
/// </remarks>
public struct k_sigaction
{
    /// <summary>SIG_DFL, SIG_IGN or SIG_HANDLER (a user handler is installed).</summary>
    public byte sa_handler;
}

/// <summary>sighand_struct's <c>struct k_sigaction action[_NSIG]</c>, inside the sighand_struct.</summary>
[System.Runtime.CompilerServices.InlineArray(vmlinux._NSIG)]
public struct sighand_action
{
    private k_sigaction action;
}

/// <summary>signal_struct's <c>struct rlimit rlim[RLIM_NLIMITS]</c>, inside the signal_struct.</summary>
[System.Runtime.CompilerServices.InlineArray(vmlinux.RLIM_NLIMITS)]
public struct signal_rlim
{
    private rlimit rlim;
}

/// <summary>signal_struct's <c>struct pid *pids[PIDTYPE_MAX]</c>, inside the signal_struct.</summary>
[System.Runtime.CompilerServices.InlineArray((int)pid_type.PIDTYPE_MAX)]
public struct signal_pids
{
    private pid? pid;
}

/// <summary>struct sighand_struct.</summary>
/// <remarks>
/// siglock is upstream's first member, embedded: C# gives an embedded lock no identity of its own, so
/// the structure derives from it (as a wait queue head is its own lock, wait.cs) and <see cref="siglock"/> names it.
/// </remarks>
public sealed class sighand_struct : spinlock_t
{
    /// <summary>Initializes a new instance of the <see cref="sighand_struct"/> class (siglock: spin_lock_init).</summary>
    public sighand_struct()
        : base("&sighand->siglock")
    {
    }

    public refcount_t count;
    public sighand_action action;

    [__lock_class("sighand_struct.siglock")]
    public spinlock_t siglock => this;
}

/// <summary>struct signal_struct.</summary>
/// <remarks>
/// wait_chldexit, embedded upstream, is the structure itself (C# gives an embedded wait queue head no
/// identity of its own; a wait queue head is its own lock, wait.cs); <see cref="wait_chldexit"/> names it.
/// </remarks>
public sealed class signal_struct : wait_queue_head_t, list_head_container
{
    /// <summary>Initializes a new instance of the <see cref="signal_struct"/> class (wait_chldexit: init_waitqueue_head).</summary>
    public signal_struct()
        : base("&sig->wait_chldexit")
    {
        vmlinux.INIT_LIST_HEAD(this.thread_head);
        this.rlim = vmlinux.INIT_RLIMITS();
    }

    public refcount_t sigcnt;
    public int live;
    public int nr_threads;
    public int quick_threads;
    private list_head_links thread_head_links;
    private byte thread_head_next_index;
    private byte thread_head_prev_index;
    public list_head thread_head => new(this, 0);
    public wait_queue_head_t wait_chldexit => this;
    public task_struct? curr_target;
    public sigpending shared_pending;
    public int group_exit_code;
    public int notify_count;
    public task_struct? group_exec_task;
    public int group_stop_count;
    public uint flags;
    public bool is_child_subreaper;
    public bool has_child_subreaper;

    /* resource limits (INIT_RLIMITS for init), copied on fork under task_lock(group_leader) */
    public signal_rlim rlim;

    /* PIDTYPE_TGID, PGID and SID pids of the group (PIDTYPE_PID is unused here) */
    public signal_pids pids;

    [__lock_class("signal_struct.stats_lock")]
    public spinlock_t stats_lock = new("&sig->stats_lock");

    /* held by exec while it changes credentials and mm; readers (pidfd_getfd, ptrace) wait */
    [__lock_class("signal_struct.exec_update_lock")]
    public rw_semaphore exec_update_lock = new("&sig->exec_update_lock");

    /// <inheritdoc/>
    list_head_slot list_head_container.list_head_at(int index) => new(ref this.thread_head_links, ref this.thread_head_next_index, ref this.thread_head_prev_index);
}

/// <summary>Thread-group helpers.</summary>
public sealed partial class vmlinux
{
    /* signal_struct->flags */
    public const uint SIGNAL_STOP_STOPPED = 0x00000001;
    public const uint SIGNAL_STOP_CONTINUED = 0x00000002;
    public const uint SIGNAL_GROUP_EXIT = 0x00000004;

    /* for init: ignore fatal signals */
    public const uint SIGNAL_UNKILLABLE = 0x00000040;

    /* the parent still has to be told of a stop or a continue (prepare_signal sets, get_signal reports) */
    public const uint SIGNAL_CLD_STOPPED = 0x00000010;
    public const uint SIGNAL_CLD_CONTINUED = 0x00000020;
    public const uint SIGNAL_CLD_MASK = SIGNAL_CLD_STOPPED | SIGNAL_CLD_CONTINUED;
    public const uint SIGNAL_STOP_MASK = SIGNAL_CLD_MASK | SIGNAL_STOP_STOPPED | SIGNAL_STOP_CONTINUED;

    /* include/linux/sched/jobctl.h: task->jobctl */
    public const uint JOBCTL_STOP_SIGMASK = 0xffff;
    public const uint JOBCTL_STOP_DEQUEUED = 1u << 16;
    public const uint JOBCTL_STOP_PENDING = 1u << 17;
    public const uint JOBCTL_STOP_CONSUME = 1u << 18;
    public const uint JOBCTL_TRAP_STOP = 1u << 19;
    public const uint JOBCTL_TRAP_NOTIFY = 1u << 20;
    public const uint JOBCTL_TRAPPING = 1u << 21;
    public const uint JOBCTL_TRAP_FREEZE = 1u << 23;
    public const uint JOBCTL_PTRACE_FROZEN = 1u << 24;
    public const uint JOBCTL_STOPPED = 1u << 26;
    public const uint JOBCTL_TRACED = 1u << 27;
    public const uint JOBCTL_TRAP_MASK = JOBCTL_TRAP_STOP | JOBCTL_TRAP_NOTIFY;
    public const uint JOBCTL_PENDING_MASK = JOBCTL_STOP_PENDING | JOBCTL_TRAP_MASK;

    /// <summary>signal_set_stop_flags: replace the stop bits of sig->flags (never during a group exit).</summary>
    /// <param name="sig">The signal_struct.</param>
    /// <param name="flags">The new SIGNAL_STOP_MASK bits.</param>
    public void signal_set_stop_flags(signal_struct sig, uint flags)
    {
        this.WARN_ON((sig.flags & SIGNAL_GROUP_EXIT) != 0);
        sig.flags = (sig.flags & ~SIGNAL_STOP_MASK) | flags;
    }

    /// <summary>task_is_stopped: is the task in a group stop (JOBCTL_STOPPED)?</summary>
    /// <param name="task">The task.</param>
    /// <returns>True if stopped.</returns>
    public static bool task_is_stopped(task_struct task) => (READ_ONCE(ref task.jobctl) & JOBCTL_STOPPED) != 0;

    /// <summary>task_is_stopped_or_traced.</summary>
    /// <param name="task">The task.</param>
    /// <returns>True if stopped or traced.</returns>
    public static bool task_is_stopped_or_traced(task_struct task) => (READ_ONCE(ref task.jobctl) & (JOBCTL_STOPPED | JOBCTL_TRACED)) != 0;

    /// <summary>thread_group_leader.</summary>
    /// <param name="p">The task.</param>
    /// <returns>True for the group leader.</returns>
    public static bool thread_group_leader(task_struct p) => p.exit_signal >= 0;

    /// <summary>same_thread_group.</summary>
    /// <param name="p1">A task.</param>
    /// <param name="p2">Another task.</param>
    /// <returns>True if they share a signal_struct.</returns>
    public static bool same_thread_group(task_struct p1, task_struct p2) => p1.signal == p2.signal;

    /// <summary>thread_group_empty: is the task a group leader with no other thread (the last on its group's thread list)?</summary>
    /// <param name="p">The task.</param>
    /// <returns>True if a leader alone.</returns>
    public static bool thread_group_empty(task_struct p) => thread_group_leader(p) && list_is_last(p.thread_node, p.signal.thread_head);

    /// <summary>delay_group_leader: a zombie leader whose other threads still run is not reported yet.</summary>
    /// <param name="p">The task.</param>
    /// <returns>True if its exit must wait for the sub-threads.</returns>
    public static bool delay_group_leader(task_struct p) => thread_group_leader(p) && !thread_group_empty(p);

    /// <summary>for_each_thread: the threads of p's group.</summary>
    /// <param name="p">Any thread of the group.</param>
    /// <returns>The threads, leader first.</returns>
    public static IEnumerable<task_struct> for_each_thread(task_struct p) => list_entries<task_struct>(p.signal.thread_head);

    /// <summary>next_thread: the thread after t in its group (wrapping).</summary>
    /// <param name="t">The thread.</param>
    /// <returns>The next thread.</returns>
    public static task_struct next_thread(task_struct t)
    {
        var n = t.thread_node.next;
        if (n == t.signal.thread_head)
            n = n.next;
        return (task_struct)n.owner!;
    }

    /// <summary>task_pid_type: the task's pid of the given type.</summary>
    /// <param name="task">The task.</param>
    /// <param name="type">The type.</param>
    /// <returns>The pid.</returns>
    public static pid? task_pid_type(task_struct task, pid_type type)
    {
        if (type == pid_type.PIDTYPE_PID)
            return task_pid(task);
        return task.signal.pids[(int)type];
    }

    /// <summary>task_tgid.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The thread-group pid.</returns>
    public static pid? task_tgid(task_struct task) => task.signal.pids[(int)pid_type.PIDTYPE_TGID];

    /// <summary>task_pgrp.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The process-group pid.</returns>
    public static pid? task_pgrp(task_struct task) => task.signal.pids[(int)pid_type.PIDTYPE_PGID];

    /// <summary>task_session.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The session pid.</returns>
    public static pid? task_session(task_struct task) => task.signal.pids[(int)pid_type.PIDTYPE_SID];

    /// <summary>
    /// lock_task_sighand: lock the task's ->sighand unless the task is already released; the
    /// kernel's returns the sighand, every caller here only asks whether it got it.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="flags">The saved irq state.</param>
    /// <returns>True with task->sighand->siglock held; false (nothing held) once released.</returns>
    [__cond_acquires(true, "task.sighand.siglock")]
    public bool lock_task_sighand(task_struct task, out ulong flags) => this.__lock_task_sighand(task, out flags) != null;

    /// <summary>unlock_task_sighand: ->sighand cannot change while its lock is held.</summary>
    /// <param name="task">The task.</param>
    /// <param name="flags">The saved irq state.</param>
    [__releases("task.sighand.siglock")]
    public void unlock_task_sighand(task_struct task, ulong flags) => this.spin_unlock_irqrestore(task.sighand!.siglock, flags);

    /// <summary>for_other_threads: the threads of p's group other than p.</summary>
    /// <param name="p">A thread.</param>
    /// <returns>The other threads.</returns>
    public static IEnumerable<task_struct> for_other_threads(task_struct p)
    {
        foreach (var t in for_each_thread(p))
        {
            if (t != p)
                yield return t;
        }
    }

    /// <summary>signal_pending.</summary>
    /// <param name="p">The task.</param>
    /// <returns>True with an unblocked signal pending.</returns>
    public static bool signal_pending(task_struct p) => test_tsk_thread_flag(p, TIF_SIGPENDING);

    /// <summary>__fatal_signal_pending: is SIGKILL pending for this thread?</summary>
    /// <param name="p">The task.</param>
    /// <returns>True if so.</returns>
    public static bool __fatal_signal_pending(task_struct p) => (p.pending.signal & sigmask(SIGKILL)) != 0;

    /// <summary>fatal_signal_pending: a signal is pending and it is SIGKILL.</summary>
    /// <param name="p">The task.</param>
    /// <returns>True when the task is being killed.</returns>
    public static bool fatal_signal_pending(task_struct p) => signal_pending(p) && __fatal_signal_pending(p);
}
