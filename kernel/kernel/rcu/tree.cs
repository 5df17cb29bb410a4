// SPDX-License-Identifier: GPL-2.0-only

//
// The update side of RCU, with deterministic grace periods. A grace period
// waits for every other CPU that is inside a read section to leave it;
// callbacks queued with call_rcu() run once a grace period has passed, in
// softirq context, at fixed points: when a system call returns
// (rcu_note_context_switch, what a real CPU reports as a quiescent state),
// when the queue grows past qhimark, and in synchronize_rcu()/rcu_barrier().
// A single-threaded run therefore frees the same objects at the same steps
// every time.
using System;
using System.Collections.Generic;
using System.Threading;

namespace Linux;

/// <summary>RCU update side.</summary>
public sealed partial class vmlinux
{
    /// <summary>Queue length that forces a grace period from call_rcu (the kernel's qhimark).</summary>
    private const int qhimark = 10000;

    /// <summary>rcu_cpu_stall_timeout (CONFIG_RCU_CPU_STALL_TIMEOUT, 21 s), in milliseconds.</summary>
    private const long rcu_cpu_stall_timeout_ms = 21000;

    private readonly Queue<(rcu_head head, Action<rcu_head> func)> rcu_cblist = new();
    private int rcu_in_callbacks;

    /* a second CPU has come online: readers fence their entry (rcu_read_lock, rcu_cpu_starting) */
    private bool rcu_smp;

    /// <summary>Gets the number of callbacks waiting for a grace period.</summary>
    public int rcu_pending
    {
        get
        {
            lock (this.rcu_cblist)
                return this.rcu_cblist.Count;
        }
    }

    /// <summary>call_rcu: runs <paramref name="func"/> on <paramref name="head"/> after a grace period.</summary>
    /// <param name="head">The embedded head.</param>
    /// <param name="func">The callback.</param>
    [__context_unsafe("the head is queued; the callback takes over the reference")]
    public void call_rcu([__consumes] rcu_head head, Action<rcu_head> func)
    {
        int n;
        lock (this.rcu_cblist)
        {
            this.rcu_cblist.Enqueue((head, func));
            n = this.rcu_cblist.Count;
        }

        if (n > qhimark)
            this.rcu_note_context_switch();
    }

    /// <summary>synchronize_rcu: waits until every pre-existing reader has finished.</summary>
    [__might_sleep]
    public void synchronize_rcu()
    {
        this.might_sleep();
        var me = this.this_cpu;
        List<(cpu_context cpu, long seq)>? waits = null;

        /* pairs with the full barrier of a reader's outermost rcu_read_lock: see there */
        smp_mb();

        /* for_each_online_cpu: a grace period allocates nothing unless some CPU is inside a read section */
        foreach (var cpu in this.possible_cpus())
        {
            if (!cpu_online(cpu))
                continue;
            if (cpu != me && READ_ONCE(ref cpu.rcu_nesting) > 0)
                (waits ??= new()).Add((cpu, atomic_long_read(ref cpu.rcu_qs_seq)));
        }

        if (waits == null)
            return;

        foreach (var (cpu, seq) in waits)
        {
            var spin = default(SpinWait);
            var start = Environment.TickCount64;
            while (READ_ONCE(ref cpu.rcu_nesting) > 0 && atomic_long_read(ref cpu.rcu_qs_seq) == seq)
            {
                /* CONFIG_RCU_STALL_COMMON: a CPU that never leaves its read section is a bug, not a wait */
                if (Environment.TickCount64 - start > rcu_cpu_stall_timeout_ms)
                    this.BUG($"rcu: INFO: rcu_sched detected stalls on CPUs/tasks: {{ {cpu.id} }}");
                spin.SpinOnce();
            }
        }
    }

    /// <summary>
    /// rcu_cpu_starting: <paramref name="cpu"/> comes online. From the second CPU on, readers
    /// fence their entry (rcu_read_lock). A reader on another CPU may have read rcu_smp just
    /// before it is set, so the switch makes every CPU of the process execute a full barrier
    /// (sys_membarrier's IPI): a reader whose nesting store came before its CPU's barrier has
    /// that store seen by any later grace period; one whose store came after reads rcu_smp
    /// after it, sees it set, and fences. Only the first switch costs this.
    /// </summary>
    /// <param name="cpu">The CPU number.</param>
    internal void rcu_cpu_starting(int cpu)
    {
        if (cpu == 0 || Volatile.Read(ref this.rcu_smp))
            return;

        Volatile.Write(ref this.rcu_smp, true);
        Interlocked.MemoryBarrierProcessWide();
    }

    /// <summary>rcu_barrier: waits for every queued callback (and those they queue) to run.</summary>
    public void rcu_barrier()
    {
        while (this.rcu_pending > 0)
            this.rcu_do_batch(force: true);
    }

    /// <summary>
    /// A quiescent state of this CPU: if it holds no lock and is not in a read section,
    /// let a grace period pass and run the callbacks queued before it.
    /// </summary>
    public void rcu_note_context_switch()
    {
        var cpu = this.this_cpu;
        if (cpu.rcu_nesting > 0 || cpu.held_locks.Count > 0 || cpu.irqs_disabled > 0 || cpu.in_softirq)
            return;
        this.rcu_do_batch(force: false);
    }

    private void rcu_do_batch(bool force)
    {
        if (atomic_xchg(ref this.rcu_in_callbacks, 1) != 0)
        {
            if (!force)
                return;
            var spin = default(SpinWait);
            while (atomic_xchg(ref this.rcu_in_callbacks, 1) != 0)
                spin.SpinOnce();
        }

        try
        {
            (rcu_head head, Action<rcu_head> func)[] batch;
            lock (this.rcu_cblist)
            {
                batch = this.rcu_cblist.ToArray();
                this.rcu_cblist.Clear();
            }

            if (batch.Length == 0)
                return;
            this.synchronize_rcu();
            var cpu = this.this_cpu;
            cpu.in_softirq = true;
            try
            {
                foreach (var (head, func) in batch)
                    func(head);
            }
            finally
            {
                cpu.in_softirq = false;
            }
        }
        finally
        {
            atomic_set_release(ref this.rcu_in_callbacks, 0);
        }
    }
}
