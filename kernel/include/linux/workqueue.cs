// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/workqueue.h and a minimal kernel/workqueue.c. Work items run
// in process context at the same fixed points as RCU callbacks, so a
// single-threaded run is deterministic.
using System;
using System.Collections.Generic;

namespace Linux;

/// <summary>struct work_struct.</summary>
public sealed class work_struct
{
    /// <summary>Initializes a new instance of the <see cref="work_struct"/> class.</summary>
    /// <param name="owner">The embedding structure.</param>
    public work_struct(object owner) => this.owner = owner;

    /// <summary>Gets the embedding structure.</summary>
    public object owner { get; }

    /// <summary>Gets or sets the function (INIT_WORK).</summary>
    public Action<work_struct>? func { get; set; }

    internal bool pending;
}

/// <summary>Work queues.</summary>
public sealed partial class vmlinux
{
    private readonly Queue<work_struct> system_wq = new();

    /// <summary>INIT_WORK.</summary>
    /// <param name="work">The work item.</param>
    /// <param name="func">Its function.</param>
    public static void INIT_WORK(work_struct work, Action<work_struct> func) => work.func = func;

    /// <summary>schedule_work: queues the item unless it is already pending.</summary>
    /// <param name="work">The work item.</param>
    /// <returns>True if queued.</returns>
    public bool schedule_work(work_struct work)
    {
        lock (this.system_wq)
        {
            if (work.pending)
                return false;
            work.pending = true;
            this.system_wq.Enqueue(work);
            return true;
        }
    }

    /// <summary>flush_scheduled_work: runs every queued item on this CPU.</summary>
    public void flush_scheduled_work()
    {
        while (true)
        {
            work_struct? w;
            lock (this.system_wq)
            {
                if (!this.system_wq.TryDequeue(out w))
                    return;
                w.pending = false;
            }

            w.func!(w);
        }
    }

    /// <summary>container_of for a structure embedding a work_struct.</summary>
    /// <typeparam name="T">The containing type.</typeparam>
    /// <param name="work">The work item.</param>
    /// <returns>The containing structure.</returns>
    public static T container_of<T>(work_struct work)
        where T : class => (T)work.owner;
}
