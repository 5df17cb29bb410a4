// SPDX-License-Identifier: GPL-2.0-only

//
// The "architecture" this kernel runs on is the .NET runtime. A host thread
// that enters a booted kernel becomes one of its CPUs for as long as it stays
// inside: it gets a cpu_context holding what real hardware keeps per CPU
// (the current task, the irq and preempt state, the RCU nesting and the
// locks lockdep sees held).
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Linux;

/// <summary>Per-CPU (per host thread) state of one booted kernel.</summary>
public sealed class cpu_context
{
    internal cpu_context(vmlinux kernel, int id)
    {
        this.kernel = kernel;
        this.id = id;
    }

    /// <summary>Gets the kernel this CPU belongs to.</summary>
    public vmlinux kernel { get; }

    /// <summary>Gets the CPU number (order of first entry).</summary>
    public int id { get; }

    /// <summary>Gets or sets the task this CPU runs as.</summary>
    public task_struct? current { get; set; }

    /// <summary>Gets or sets the irq-disable depth.</summary>
    public int irqs_disabled { get; set; }

    /// <summary>The RCU read-side nesting depth (read by other CPUs during a grace period).</summary>
    internal int rcu_nesting;

    /// <summary>The count of outermost RCU read sections left (a quiescent-state counter).</summary>
    internal long rcu_qs_seq;

    /// <summary>The radix tree nodes in this CPU's preload pool (radix_tree_preloads.nr, lib/radix-tree.cs).</summary>
    internal int radix_tree_preloads_nr;

    /// <summary>The hard interrupt nesting (vmlinux.run_hardirq).</summary>
    internal int hardirq_count;

    /// <summary>Gets or sets a value indicating whether RCU callbacks are being run (softirq context).</summary>
    public bool in_softirq { get; set; }

    /// <summary>The host thread this CPU is.</summary>
    internal int owner_thread;

    /// <summary>The CPU's hotplug state (cpuhp_cpu_state.state): online from its first entry until shutdown (kernel/cpu.cs).</summary>
    internal cpuhp_state cpuhp_state = cpuhp_state.CPUHP_ONLINE;

    /// <summary>The locks this CPU holds, innermost last (lockdep's held_locks; always empty without CONFIG_LOCKDEP).</summary>
    internal readonly List<held_lock> held_locks = new();
}

/// <summary>The booted kernel: every global and every function of the port lives here.</summary>
public sealed partial class vmlinux
{
    [ThreadStatic]
    private static cpu_context? this_cpu_ptr;

    private readonly List<cpu_context> cpus = new();
    private readonly object cpus_lock = new();

    /* the CPUs that have entered, copied on each new one (attach_cpu): for_each_online_cpu reads it without cpus_lock */
    private cpu_context[] cpu_possible_array = [];

    /// <summary>Gets the CPU the calling thread runs as in this kernel, attaching the thread if needed.</summary>
    public cpu_context this_cpu
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var c = this_cpu_ptr;
            if (c != null && ReferenceEquals(c.kernel, this))
                return c;
            return this.attach_cpu();
        }
    }

    /// <summary>Gets the task the calling thread runs as (the kernel's <c>current</c>); a CPU running nothing runs the idle task.</summary>
    public task_struct current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => this.this_cpu.current ?? this.init_task;
    }

    /// <summary>
    /// Runs the calling thread as <paramref name="task"/> until the returned scope is disposed.
    /// This is the model's context switch. The task is claimed for this CPU first
    /// (prepare_task): while another CPU runs it, this waits until it has left that CPU.
    /// </summary>
    /// <param name="task">The task to run as.</param>
    /// <returns>A scope that switches back.</returns>
    public cpu_switch run_as(task_struct task)
    {
        var cpu = this.this_cpu;
        this.prepare_task(cpu, task);
        return context_switch(cpu, task);
    }

    /// <summary>context_switch: <paramref name="cpu"/>, which has claimed <paramref name="task"/> (prepare_task), runs as it.</summary>
    /// <param name="cpu">This CPU.</param>
    /// <param name="task">The task.</param>
    /// <returns>A scope that switches back.</returns>
    internal static cpu_switch context_switch(cpu_context cpu, task_struct task)
    {
        var prev = cpu.current;
        cpu.current = task;
        return new cpu_switch(cpu, prev);
    }

    /// <summary>Gets every CPU that has entered this kernel and is still online (for_each_online_cpu).</summary>
    /// <returns>A copy of the list of online CPUs.</returns>
    internal cpu_context[] online_cpus()
    {
        lock (this.cpus_lock)
            return this.cpus.FindAll(cpu_online).ToArray();
    }

    /// <summary>cpu_online(cpu): the CPU has come all the way up and has not been taken down.</summary>
    /// <param name="cpu">The CPU.</param>
    /// <returns>True when its hotplug state is CPUHP_ONLINE.</returns>
    internal static bool cpu_online(cpu_context cpu) => cpu.cpuhp_state == cpuhp_state.CPUHP_ONLINE;

    /// <summary>
    /// Gets every CPU that has entered this kernel, online or not, without a copy: for_each_online_cpu is a loop over
    /// this that skips the CPUs that are not cpu_online() (a grace period runs one per batch of callbacks).
    /// </summary>
    /// <returns>The CPUs, by number (never changed: a new CPU replaces the array).</returns>
    internal cpu_context[] possible_cpus() => Volatile.Read(ref this.cpu_possible_array);

    /// <summary>per_cpu_ptr: the state of CPU number <paramref name="cpu"/>.</summary>
    /// <param name="cpu">The CPU number.</param>
    /// <returns>Its state.</returns>
    internal cpu_context per_cpu_ptr(int cpu)
    {
        lock (this.cpus_lock)
            return this.cpus[cpu];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private cpu_context attach_cpu()
    {
        lock (this.cpus_lock)
        {
            var c = this.cpus.Find(x => x.owner_thread == Environment.CurrentManagedThreadId);
            if (c == null)
            {
                c = new cpu_context(this, this.cpus.Count) { owner_thread = Environment.CurrentManagedThreadId };
                this.cpus.Add(c);
                Volatile.Write(ref this.cpu_possible_array, this.cpus.ToArray());
                this.rcu_cpu_starting(c.id);
            }

            this_cpu_ptr = c;
            return c;
        }
    }
}

/// <summary>Switches a CPU back to its previous task when disposed.</summary>
public readonly struct cpu_switch : IDisposable
{
    private readonly cpu_context cpu;
    private readonly task_struct? prev;

    internal cpu_switch(cpu_context cpu, task_struct? prev)
    {
        this.cpu = cpu;
        this.prev = prev;
    }

    /// <summary>Switches back; the task leaves the CPU (finish_task): one that died while running is finished off (finish_task_switch), a live one takes a kick it missed.</summary>
    public void Dispose()
    {
        var old = this.cpu.current;
        this.cpu.current = this.prev;
        if (old != null)
            this.cpu.kernel.finish_task_and_switch(old);
    }
}
