// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/wait.h and kernel/sched/wait.c: wait queues. The queue's own
// spinlock is a real lock class of its own ("&pid->wait_pidfd" for pidfds),
// because pidfs uses it beyond waking: it serialises pidfs_register_pid with
// pidfs_exit.
using System;
using System.Collections.Generic;

namespace Linux;

/// <summary>struct wait_queue_entry.</summary>
public sealed class wait_queue_entry
{
    /// <summary>Initializes a new instance of the <see cref="wait_queue_entry"/> class.</summary>
    /// <param name="private">The waiting task (or poll table).</param>
    /// <param name="func">The wake function; returns nonzero when it woke someone.</param>
    public wait_queue_entry(object? @private, Func<wait_queue_entry, uint, int, object?, int> func)
    {
        this.@private = @private;
        this.func = func;
    }

    /// <summary>Gets the waiting task or poll table.</summary>
    public object? @private { get; }

    /// <summary>Gets the wake function.</summary>
    public Func<wait_queue_entry, uint, int, object?, int> func { get; }

    /// <summary>Gets the structure this entry is embedded in (what container_of finds), or null.</summary>
    public object? container { get; init; }
}

/// <summary>wait_queue_head_t (not sealed: a structure embedding one is its own queue, as signal_struct and files_struct).</summary>
/// <remarks>
/// The queue's lock is embedded as its first member, as in C: the queue object is its own lock object
/// (so &amp;wq_head->lock costs no object of its own), and <see cref="@lock"/> names it.
/// </remarks>
public class wait_queue_head_t : spinlock_t
{
    /// <summary>Initializes a new instance of the <see cref="wait_queue_head_t"/> class (init_waitqueue_head).</summary>
    /// <param name="name">The lock class of the queue's lock.</param>
    /// <param name="file">The initialisation site (init_waitqueue_head is a macro: each site has its own lock_class_key).</param>
    /// <param name="line">Its line.</param>
    public wait_queue_head_t(string name, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
        : base(name, file, line)
    {
    }

    /// <summary>Gets the queue's lock.</summary>
    public spinlock_t @lock => this;

    /// <summary>Gets the entries (guarded by lock).</summary>
    /* NULL until the first waiter: most queues (one per struct pid) never see one */
    internal List<wait_queue_entry>? head;
}

/// <summary>Wait-queue operations.</summary>
public sealed partial class vmlinux
{
    /// <summary>TASK_NORMAL: wake interruptible and uninterruptible sleepers.</summary>
    public const uint TASK_NORMAL = 3;

    /// <summary>init_waitqueue_head: an empty queue.</summary>
    /// <param name="wq_head">The queue.</param>
    public static void init_waitqueue_head(wait_queue_head_t wq_head) => wq_head.head = null;

    /// <summary>add_wait_queue.</summary>
    /// <param name="wq_head">The queue.</param>
    /// <param name="wq_entry">The entry.</param>
    public void add_wait_queue(wait_queue_head_t wq_head, wait_queue_entry wq_entry)
    {
        using var _ = this.guard_spinlock_irqsave(wq_head.@lock);
        (wq_head.head ??= new()).Add(wq_entry);
    }

    /// <summary>remove_wait_queue.</summary>
    /// <param name="wq_head">The queue.</param>
    /// <param name="wq_entry">The entry.</param>
    public void remove_wait_queue(wait_queue_head_t wq_head, wait_queue_entry wq_entry)
    {
        using var _ = this.guard_spinlock_irqsave(wq_head.@lock);
        wq_head.head?.Remove(wq_entry);
    }

    /// <summary>__wake_up: calls each entry's wake function under the queue lock.</summary>
    /// <param name="wq_head">The queue.</param>
    /// <param name="mode">Which sleepers.</param>
    /// <param name="nr_exclusive">How many exclusive waiters (0 = all).</param>
    /// <param name="key">The poll key (event mask) or null.</param>
    public void __wake_up(wait_queue_head_t wq_head, uint mode, int nr_exclusive, object? key)
    {
        using (this.guard_spinlock_irqsave(wq_head.@lock))
        {
            foreach (var e in wq_head.head?.ToArray() ?? [])
                e.func(e, mode, 0, key);
        }
    }

    /// <summary>__wake_up_locked_key: as __wake_up with the queue lock already held.</summary>
    /// <param name="wq_head">The queue.</param>
    /// <param name="mode">Which sleepers.</param>
    /// <param name="key">The poll key.</param>
    public void __wake_up_locked_key(wait_queue_head_t wq_head, uint mode, object? key)
    {
        this.lockdep_assert_held(wq_head.@lock);
        foreach (var e in wq_head.head?.ToArray() ?? [])
            e.func(e, mode, 0, key);
    }

    /// <summary>wake_up_all.</summary>
    /// <param name="wq_head">The queue.</param>
    public void wake_up_all(wait_queue_head_t wq_head) => this.__wake_up(wq_head, TASK_NORMAL, 0, null);

    /// <summary>wake_up_interruptible_poll / wake_up_all_poll with an event key.</summary>
    /// <param name="wq_head">The queue.</param>
    /// <param name="key">The events.</param>
    public void wake_up_poll(wait_queue_head_t wq_head, uint key) => this.__wake_up(wq_head, TASK_NORMAL, 1, key);

    /// <summary>container_of for a structure embedding a wait_queue_entry.</summary>
    /// <typeparam name="T">The containing type.</typeparam>
    /// <param name="wait">The entry.</param>
    /// <returns>The containing structure.</returns>
    public static T container_of<T>(wait_queue_entry wait)
        where T : class => (T)wait.container!;

    /// <summary>waitqueue_active.</summary>
    /// <param name="wq_head">The queue.</param>
    /// <returns>True when someone waits.</returns>
    public static bool waitqueue_active(wait_queue_head_t wq_head) => wq_head.head?.Count > 0;
}
