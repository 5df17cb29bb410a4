// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/pid.h: struct pid, the kernel's handle on a task id that
// stays valid after the task is gone, and its inline helpers.
using System.Threading;

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

/// <summary>struct pid.</summary>
public sealed class pid
{
    /// <summary>Initializes a new instance of the <see cref="pid"/> class with room for <paramref name="levels"/> numbers.</summary>
    /// <param name="levels">level + 1.</param>
    public pid(int levels)
    {
        this.numbers = new upid[levels];
        this.rcu = new rcu_head(this);
        this.pidfs_node = new rb_node(this);
        this.stashed_slot = new stashed_slot(() => Volatile.Read(ref this.stashed), (old, n) => Interlocked.CompareExchange(ref this.stashed, n, old));
        for (var i = 0; i < this.tasks.Length; i++)
            this.tasks[i] = new hlist_head();
    }

    public refcount_t count;
    public uint level;
    public spinlock_t @lock = new("&pid->lock");

    /* pidfs: identity, tree node, the stashed dentry and the attributes */
    public ulong ino;
    public rb_node pidfs_node;
    public dentry? stashed;

    /* &pid->stashed, as libfs takes it: one slot object per pid */
    public readonly stashed_slot stashed_slot;
    public pidfs_attr? attr;

    /* lists of tasks that use this pid */
    public readonly hlist_head[] tasks = new hlist_head[(int)pid_type.PIDTYPE_MAX];
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
    public pid? get_pid(pid? pid)
    {
        if (pid != null)
            this.refcount_inc(ref pid.count);
        return pid;
    }

    /// <summary>pid_has_task: is a task of this type attached?</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="type">The type.</param>
    /// <returns>True if any.</returns>
    public static bool pid_has_task(pid pid, pid_type type) => Volatile.Read(ref pid.tasks[(int)type].first) != null;

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
}
