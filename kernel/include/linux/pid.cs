// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/pid.h: struct pid, the kernel's handle on a task id that
// stays valid after the task is gone, and its inline helpers.
namespace Linux;

/// <summary>enum pid_type.</summary>
public enum pid_type
{
    PIDTYPE_PID,
    PIDTYPE_TGID,
    PIDTYPE_PGID,
    PIDTYPE_SID,
    PIDTYPE_MAX,
}

/// <summary>struct upid: a pid number as one namespace sees it.</summary>
public struct upid
{
    /// <summary>The number.</summary>
    public int nr;

    /// <summary>The namespace it is valid in.</summary>
    public pid_namespace ns;
}

/// <summary>struct pid's <c>hlist_head tasks[PIDTYPE_MAX]</c>: the heads live inside the pid, not in an array object.</summary>
[System.Runtime.CompilerServices.InlineArray((int)pid_type.PIDTYPE_MAX)]
public struct pid_task_heads
{
    private hlist_head head;
}

/// <summary>struct pid. Its <c>stashed</c> dentry pointer comes from <see cref="stashed_slot"/>, so &amp;pid->stashed is the pid itself.</summary>
public sealed class pid : stashed_slot
{
    /// <summary>Initializes a new instance of the <see cref="pid"/> class with room for <paramref name="levels"/> numbers.</summary>
    /// <param name="levels">level + 1.</param>
    public pid(int levels)
    {
        this.numbers = new upid[levels];
        this.rcu = new rcu_head(this);
        this.pidfs_node = new rb_node(this);
        for (var i = 0; i < (int)pid_type.PIDTYPE_MAX; i++)
            this.tasks[i] = new hlist_head();
    }

    public refcount_t count;
    public uint level;
    public spinlock_t @lock = new("&pid->lock");

    /* pidfs: identity, tree node, the stashed dentry and the attributes */
    public ulong ino;
    public rb_node pidfs_node;

    /* &pid->stashed, as libfs takes it */
    public stashed_slot stashed_slot => this;
    public pidfs_attr? attr;

    /* lists of tasks that use this pid */
    public pid_task_heads tasks;
    public hlist_head inodes = new();

    /* wait queue for pidfd notifications */
    [__lock_class("pid.wait_pidfd")]
    public wait_queue_head_t wait_pidfd = new("&pid->wait_pidfd");
    public rcu_head rcu;
    public upid[] numbers;
}

/// <summary>pid.h helpers.</summary>
public sealed partial class vmlinux
{
    /// <summary>Pids below this are reserved for daemons once the counter wraps.</summary>
    public const int RESERVED_PIDS = 300;

    /// <summary>get_pid: takes a reference (NULL-safe).</summary>
    /// <param name="pid">The pid.</param>
    /// <returns>The pid.</returns>
    [return: __returns_ref]
    public pid? get_pid([__gets_ref] pid? pid)
    {
        if (pid != null)
            this.refcount_inc(ref pid.count);
        return pid;
    }

    /// <summary>pid_has_task: is a task of this type attached?</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="type">The type.</param>
    /// <returns>True if any.</returns>
    public static bool pid_has_task(pid pid, pid_type type) => !hlist_empty(pid.tasks[(int)type]);

    /// <summary>ns_of_pid: the namespace the pid was allocated in.</summary>
    /// <param name="pid">The pid.</param>
    /// <returns>The namespace or NULL.</returns>
    public static pid_namespace? ns_of_pid(pid? pid) => pid?.numbers[pid.level].ns;

    /// <summary>is_child_reaper: is this pid 1 of its namespace?</summary>
    /// <param name="pid">The pid.</param>
    /// <returns>True for a namespace init.</returns>
    public static bool is_child_reaper(pid pid) => pid.numbers[pid.level].nr == 1;

    /// <summary>pid_nr: the number in the initial namespace (0 for NULL).</summary>
    /// <param name="pid">The pid.</param>
    /// <returns>The global number.</returns>
    public static int pid_nr(pid? pid) => pid != null ? pid.numbers[0].nr : 0;

    /// <summary>task_pid: the task's own pid.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The pid.</returns>
    public static pid? task_pid(task_struct task) => task.thread_pid;

    /// <summary>task_pid_nr: the global pid number.</summary>
    /// <param name="tsk">The task.</param>
    /// <returns>The number.</returns>
    public static int task_pid_nr(task_struct tsk) => tsk.pid;

    /// <summary>task_pid_nr_ns.</summary>
    /// <param name="tsk">The task.</param>
    /// <param name="ns">The namespace (NULL: the caller's).</param>
    /// <returns>The number.</returns>
    public int task_pid_nr_ns(task_struct tsk, pid_namespace? ns) => this.__task_pid_nr_ns(tsk, pid_type.PIDTYPE_PID, ns);

    /// <summary>task_pid_vnr.</summary>
    /// <param name="tsk">The task.</param>
    /// <returns>The number as the caller sees it.</returns>
    public int task_pid_vnr(task_struct tsk) => this.__task_pid_nr_ns(tsk, pid_type.PIDTYPE_PID, null);

    /// <summary>task_tgid_nr: the global thread-group id.</summary>
    /// <param name="tsk">The task.</param>
    /// <returns>The number.</returns>
    public static int task_tgid_nr(task_struct tsk) => tsk.tgid;

    /// <summary>pid_alive: has the task not been released yet?</summary>
    /// <param name="p">The task.</param>
    /// <returns>True while it has a pid.</returns>
    public static bool pid_alive(task_struct p) => p.thread_pid != null;

    /// <summary>task_tgid_nr_ns.</summary>
    /// <param name="tsk">The task.</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>The number.</returns>
    public int task_tgid_nr_ns(task_struct tsk, pid_namespace? ns) => this.__task_pid_nr_ns(tsk, pid_type.PIDTYPE_TGID, ns);

    /// <summary>task_tgid_vnr.</summary>
    /// <param name="tsk">The task.</param>
    /// <returns>The number as the caller sees it.</returns>
    public int task_tgid_vnr(task_struct tsk) => this.__task_pid_nr_ns(tsk, pid_type.PIDTYPE_TGID, null);

    /// <summary>task_ppid_nr_ns: the parent's tgid seen from <paramref name="ns"/>; 0 if the task is gone.</summary>
    /// <param name="tsk">The task.</param>
    /// <param name="ns">The namespace (NULL: the caller's).</param>
    /// <returns>The number.</returns>
    public int task_ppid_nr_ns(task_struct tsk, pid_namespace? ns)
    {
        var pid = 0;
        this.rcu_read_lock();
        if (pid_alive(tsk))
            pid = this.task_tgid_nr_ns(tsk.real_parent!, ns);
        this.rcu_read_unlock();
        return pid;
    }

    /// <summary>is_global_init: is this pid 1 of the initial namespace?</summary>
    /// <param name="tsk">The task.</param>
    /// <returns>True for the global init.</returns>
    public static bool is_global_init(task_struct tsk) => task_tgid_nr(tsk) == 1;
}
