// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/sched.h: the parts of struct task_struct the pid core and
// pidfs reach, with the kernel's field names.
namespace Linux;

/// <summary>task_struct's embedded list_heads (children, sibling, ptraced, ptrace_entry, thread_node, tasks).</summary>
[System.Runtime.CompilerServices.InlineArray(task_struct.LIST_HEADS)]
public struct task_list_heads
{
    private list_head_links head;
}

/// <summary>The head numbers of <see cref="task_list_heads"/>' pointers, stored apart so that each head is two references.</summary>
[System.Runtime.CompilerServices.InlineArray(task_struct.LIST_HEADS)]
public struct task_list_head_indices
{
    private list_head_index index;
}

/// <summary>task_struct's <c>hlist_node pid_links[PIDTYPE_MAX]</c>: the nodes' storage, inside the task.</summary>
[System.Runtime.CompilerServices.InlineArray((int)pid_type.PIDTYPE_MAX)]
public struct task_pid_link_nodes
{
    private hlist_node_links link;
}

/// <summary>The head numbers of <see cref="task_pid_link_nodes"/>' pprev pointers, stored apart so that each node is two references.</summary>
[System.Runtime.CompilerServices.InlineArray((int)pid_type.PIDTYPE_MAX)]
public struct task_pid_link_pprev_indices
{
    private sbyte pprev_index;
}

/// <summary>
/// All the head numbers of a task's list heads and pid_links, side by side: 16 bytes in one field, where
/// two fields would each be padded to a word in the task.
/// </summary>
public struct task_link_indices
{
    internal task_list_head_indices list_heads;
    internal task_pid_link_pprev_indices pid_links;
}

/// <summary>The hlist nodes of a task, as the <c>pid_links[type]</c> array reads them.</summary>
public readonly struct task_pid_links
{
    private readonly task_struct task;

    /// <summary>Initializes a new instance of the <see cref="task_pid_links"/> struct.</summary>
    /// <param name="task">The task.</param>
    public task_pid_links(task_struct task) => this.task = task;

    /// <summary>Gets &amp;task->pid_links[type].</summary>
    /// <param name="type">The pid type.</param>
    /// <returns>The node.</returns>
    public hlist_node this[int type] => new(this.task, type);
}

/// <summary>struct task_struct.</summary>
/// <remarks>
/// alloc_lock, embedded upstream, is the structure itself (C# gives an embedded lock no identity of its
/// own; sighand_struct is its siglock the same way): the task derives from it and <see cref="alloc_lock"/>
/// names it. Lockdep prints a lock by its class (lockdep_map.dep_class), so the task's own ToString() does
/// not name the lock in a report.
/// </remarks>
public sealed partial class task_struct : spinlock_t, list_head_container, hlist_node_container
{
    /* the list_heads the task embeds (list_head_container), by number */
    internal const int LIST_HEADS = 6;
    private const int CHILDREN = 0;
    private const int SIBLING = 1;
    private const int PTRACED = 2;
    private const int PTRACE_ENTRY = 3;
    private const int THREAD_NODE = 4;
    private const int TASKS = 5;

    /// <summary>Initializes a new instance of the <see cref="task_struct"/> class (alloc_lock: copy_process's spin_lock_init).</summary>
    public task_struct()
        : base("&p->alloc_lock")
    {
        for (var i = 0; i < LIST_HEADS; i++)
            vmlinux.INIT_LIST_HEAD(new list_head(this, i));
    }

    public uint __state;
    public uint flags;
    public refcount_t usage;
    public refcount_t rcu_users;
    public rcu_head rcu => new(this);

    public int exit_state;
    public int exit_code;
    public int exit_signal;
    public int pdeath_signal;
    public uint jobctl;
    public uint ptrace;

    /* cached copies of thread_pid's and the leader's global numbers */
    public int pid;
    public int tgid;

    /* real parent process, the one that wait()s for us */
    public task_struct? real_parent;
    public task_struct? parent;
    public list_head children => new(this, CHILDREN);
    public list_head sibling => new(this, SIBLING);
    public task_struct group_leader = null!;
    public list_head ptraced => new(this, PTRACED);
    public list_head ptrace_entry => new(this, PTRACE_ENTRY);

    /* the pid of this thread, and its links into each pid's task lists */
    public global::Linux.pid? thread_pid;
    private task_pid_link_nodes pid_link_nodes;
    public task_pid_links pid_links => new(this);
    public list_head thread_node => new(this, THREAD_NODE);
    public list_head tasks => new(this, TASKS);

    public cred real_cred = null!;
    public cred cred = null!;
    public string comm = string.Empty;

    public mm_struct? mm;
    public nsproxy? nsproxy;
    public signal_struct signal = null!;
    public sighand_struct? sighand;
    public sigpending pending;
    public ulong blocked;

    /* protects nsproxy, files, mm and the like (task_lock) */
    [__lock_class("task_struct.alloc_lock")]
    public spinlock_t alloc_lock => this;

    /* TIF_* bits (thread_info flags) */
    public int thread_flags;

    /* the model: what the task's user space does each time it runs (init reaps) */
    internal System.Action? user_code;

    /* the model: queued to run by the scheduler */
    internal bool on_rq;

    /* the model: the scheduler's rcu_users reference is gone */
    internal bool sched_released;

    /*
     * serialises try_to_wake_up against the task's own state changes; the sleeping host thread waits on it.
     * The task's own monitor: upstream embeds pi_lock in the task, and nothing else locks a task_struct.
     */
    internal object pi_lock => this;

    /* the CPU that runs the task, plus one (0: in user space or parked); claimed by compare-and-swap (sched/core.cs) */
    internal int on_cpu;

    /* the model: the CPU that holds on_cpu entered as the task for a host thread (run_as), not from the run queue */
    internal bool on_cpu_from_host;

    /* the model: how many run_as scopes of that CPU have the task (a system call made while running as it) */
    internal int on_cpu_nest;

    /* the model: the task runs from the run queue (its return to user space), not from a system call */
    internal bool sched_queued_run;

    /* children, sibling, ptraced, ptrace_entry, thread_node and tasks, upstream's embedded list_heads */
    private task_list_heads list_heads;

    /* the head numbers the list heads' and pid_links' pointers point at */
    private task_link_indices link_indices;

    /// <inheritdoc/>
    list_head_slot list_head_container.list_head_at(int index) => new(ref this.list_heads[index], ref this.link_indices.list_heads[index]);

    /// <inheritdoc/>
    hlist_node_slot hlist_node_container.hlist_node_at(int index) => new(ref this.pid_link_nodes[index], ref this.link_indices.pid_links[index]);

    /// <inheritdoc/>
    public override string ToString() => $"{this.comm}:{this.pid}";
}

/// <summary>sched.h helpers.</summary>
public sealed partial class vmlinux
{
    /* task->flags */
    public const uint PF_EXITING = 0x00000004;
    public const uint PF_POSTCOREDUMP = 0x00000008;
    public const uint PF_SIGNALED = 0x00000400;
    public const uint PF_KTHREAD = 0x00200000;

    /* task->exit_state */
    public const int EXIT_DEAD = 0x0010;
    public const int EXIT_ZOMBIE = 0x0020;
    public const int EXIT_TRACE = EXIT_ZOMBIE | EXIT_DEAD;

    /* task->__state */
    public const uint TASK_RUNNING = 0x0000;
    public const uint TASK_INTERRUPTIBLE = 0x0001;
    public const uint TASK_UNINTERRUPTIBLE = 0x0002;
    public const uint __TASK_STOPPED = 0x0004;
    public const uint __TASK_TRACED = 0x0008;
    public const uint TASK_DEAD = 0x0080;
    public const uint TASK_WAKEKILL = 0x0100;
    public const uint TASK_KILLABLE = TASK_WAKEKILL | TASK_UNINTERRUPTIBLE;
    public const uint TASK_STOPPED = TASK_WAKEKILL | __TASK_STOPPED;

    /// <summary>task_lock: protects ->nsproxy, ->files and friends.</summary>
    /// <param name="p">The task.</param>
    [__acquire("p.alloc_lock")]
    public void task_lock(task_struct p) => this.spin_lock(p.alloc_lock);

    /// <summary>task_unlock.</summary>
    /// <param name="p">The task.</param>
    [__release("p.alloc_lock")]
    public void task_unlock(task_struct p) => this.spin_unlock(p.alloc_lock);

    /// <summary>guard(task_lock)(p).</summary>
    /// <param name="p">The task.</param>
    /// <returns>The guard.</returns>
    [__guard("p.alloc_lock")]
    public lock_guard guard_task_lock(task_struct p) => this.guard_spinlock(p.alloc_lock);

    /// <summary>get_task_struct.</summary>
    /// <param name="t">The task.</param>
    /// <returns>The task.</returns>
    [return: __returns_ref]
    public task_struct get_task_struct([__gets_ref] task_struct t)
    {
        this.refcount_inc(ref t.usage);
        return t;
    }

    /// <summary>put_task_struct: the last put frees the task.</summary>
    /// <param name="t">The task.</param>
    public void put_task_struct([__releases_ref] task_struct t)
    {
        if (this.refcount_dec_and_test(ref t.usage))
            this.__put_task_struct(t);
    }

    /// <summary>DEFINE_FREE(put_task): the cleanup of __free(put_task).</summary>
    /// <param name="kernel">The kernel.</param>
    /// <param name="t">The task.</param>
    public static void put_task(vmlinux kernel, [__releases_ref] task_struct t) => kernel.put_task_struct(t);

    /// <summary>get_task_cred: the task's objective credentials, with a reference (NULL once released).</summary>
    /// <param name="task">The task.</param>
    /// <returns>The credentials.</returns>
    [return: __returns_ref]
    public cred? get_task_cred(task_struct task)
    {
        using var _ = this.guard_rcu();
        var c = task.real_cred;
        return c == null ? null : this.get_cred(c);
    }
}
