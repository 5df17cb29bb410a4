// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/sched/core.c, the model's scheduler. A task runs only while a host
// thread runs as it (vmlinux.run_as): a system call on a test's thread, or
// the scheduler running a queued task's return to user space.
//
// Sleeping and waking follow the kernel's protocol, so no wake-up can be
// lost: a sleeper sets its state with set_current_state() (a full barrier),
// then checks its condition, then calls schedule(); a waker changes the
// condition, then calls try_to_wake_up(), which moves a task whose state
// matches back to TASK_RUNNING under the task's pi_lock. schedule() sleeps
// only while the state is not TASK_RUNNING, so a wake-up that lands anywhere
// between set_current_state() and schedule() makes schedule() return at once.
//
// A woken task that no host thread is running (it sits in user space, or it
// was parked by a stop) is queued; the run queue is emptied at every system
// call return, and by a CPU that sleeps in schedule(). A task run from the
// queue has no stack of its own to sleep on: if it sleeps (a stopped task)
// it is parked, and it runs its return to user space again once woken. A CPU
// that sleeps with no other CPU that could wake it is reported as a hung task.
//
// A task runs on one CPU at a time. In the kernel that holds because a task
// sits on one runqueue and __schedule picks it, and sets p->on_cpu, under
// that runqueue's lock. The model has one run queue and also host threads
// that enter a system call as a task, so p->on_cpu is a claim instead: the
// number of the CPU running p (plus one), set by compare-and-swap from 0, so
// only one CPU can win it, and cleared when p leaves that CPU. Every way of
// running a task takes it (prepare_task): a system call (run_as) waits until
// the task is off the other CPU, as the task's own next system call comes
// only after its return to user space; the scheduler takes a queued task only
// if it is on no CPU, and checks whether it can run only once it holds it.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Linux;

/// <summary>The scheduler.</summary>
public sealed partial class vmlinux
{
    /* wake_flags */
    public const int WF_SYNC = 0x10;

    /// <summary>How long a sleeping CPU waits for a wake-up before the model calls it hung.</summary>
    private static readonly TimeSpan hung_task_timeout = TimeSpan.FromSeconds(30);

    private readonly Queue<task_struct> runqueue = new();

    /// <summary>
    /// might_sleep: warns when called in atomic context (spinlock held, irqs off, RCU read side). The check is
    /// CONFIG_DEBUG_ATOMIC_SLEEP's (__might_sleep): without it the kernel's might_sleep() is only might_resched(),
    /// a scheduling point the model has no use for, so the call compiles to nothing.
    /// </summary>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__might_sleep]
    [System.Diagnostics.Conditional("CONFIG_DEBUG_ATOMIC_SLEEP")]
    public void might_sleep([CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        var cpu = this.this_cpu;
        var spinning = false;
        foreach (var h in cpu.held_locks)
        {
            if (h.map.dep_class.wait_type_inner == lockdep_wait_type.LD_WAIT_SPIN)
                spinning = true;
        }

        if (spinning || cpu.irqs_disabled > 0 || cpu.rcu_nesting > 0 || cpu.in_softirq)
            this.__might_resched_report(file, line);
    }

    /// <summary>set_current_state: the state store is ordered before the sleeper's condition check (smp_store_mb).</summary>
    /// <param name="state_value">The new state.</param>
    public void set_current_state(uint state_value)
    {
        WRITE_ONCE(ref this.current.__state, state_value);
        smp_mb();
    }

    /// <summary>__set_current_state: a plain store (back to TASK_RUNNING, no condition to order against).</summary>
    /// <param name="state_value">The new state.</param>
    public void __set_current_state(uint state_value) => WRITE_ONCE(ref this.current.__state, state_value);

    /// <summary>
    /// set_special_state: a state that a wake-up for another reason must not undo (TASK_STOPPED,
    /// TASK_DEAD); taken under pi_lock so it cannot race with try_to_wake_up's check.
    /// </summary>
    /// <param name="state_value">The new state.</param>
    public void set_special_state(uint state_value)
    {
        var p = this.current;
        lock (p.pi_lock)
            WRITE_ONCE(ref p.__state, state_value);
    }

    /// <summary>
    /// try_to_wake_up: if <paramref name="p"/>'s state matches <paramref name="state"/>, make it
    /// TASK_RUNNING and get it running: its host thread sleeping in schedule() returns, and a
    /// task no host thread runs is queued.
    /// </summary>
    /// <param name="p">The task.</param>
    /// <param name="state">The states that may be woken.</param>
    /// <param name="wake_flags">WF_* (unused by the model).</param>
    /// <returns>True if the task was woken.</returns>
    public bool try_to_wake_up(task_struct p, uint state, int wake_flags)
    {
        /* order the waker's condition stores before the state load (smp_mb__after_spinlock) */
        lock (p.pi_lock)
        {
            if ((READ_ONCE(ref p.__state) & state) == 0)
                return false;

            WRITE_ONCE(ref p.__state, TASK_RUNNING);
            Monitor.PulseAll(p.pi_lock);
        }

        this.ttwu_queue(p);
        return true;
    }

    /// <summary>wake_up_process: wake a task in any sleeping state.</summary>
    /// <param name="p">The task.</param>
    /// <returns>True if it was woken.</returns>
    public bool wake_up_process(task_struct p) => this.try_to_wake_up(p, TASK_NORMAL, 0);

    /// <summary>wake_up_state: wake a task whose state matches <paramref name="state"/>.</summary>
    /// <param name="p">The task.</param>
    /// <param name="state">The states.</param>
    /// <returns>True if it was woken.</returns>
    public bool wake_up_state(task_struct p, uint state) => this.try_to_wake_up(p, state, 0);

    /// <summary>default_wake_function: the wait-queue entry's task is woken.</summary>
    /// <param name="curr">The entry (its private is the task).</param>
    /// <param name="mode">The states to wake.</param>
    /// <param name="wake_flags">WF_*.</param>
    /// <param name="key">Unused.</param>
    /// <returns>1 if the task was woken.</returns>
    public int default_wake_function(wait_queue_entry curr, uint mode, int wake_flags, object? key) =>
        this.try_to_wake_up((task_struct)curr.@private!, mode, wake_flags) ? 1 : 0;

    /// <summary>
    /// kick_process: a running task is made to notice a new signal. In the model a task in
    /// user space is on no CPU, and the kick (the kernel's IPI) queues it, so it takes the
    /// signal on its way back to user space. A task on a CPU is left to that CPU: a system
    /// call sees the signal when it returns, and one that has already made its last check
    /// sees it once it has left the CPU (take_missed_kick).
    /// </summary>
    /// <param name="p">The task.</param>
    public void kick_process(task_struct p) => this.ttwu_queue(p);

    /// <summary>
    /// schedule: give up the CPU. A task still TASK_RUNNING returns at once (a preemption
    /// point: queued tasks run first); otherwise it sleeps until try_to_wake_up makes it
    /// TASK_RUNNING, running queued tasks meanwhile. Callers loop on their own condition.
    /// </summary>
    public void schedule()
    {
        var prev = this.current;

        this.might_sleep();
        this.rcu_note_context_switch();

        if (READ_ONCE(ref prev.__state) == TASK_RUNNING)
        {
            this.run_one_queued_task();
            return;
        }

        /*
         * A task run from the queue that stops has no stack of its own to sleep on
         * (the stop happens on its way back to user space): it is parked, and runs
         * its return to user space again once woken. Any other sleep of such a task
         * (an exiting namespace init waiting for its namespace to empty) sleeps here
         * like a system call's, running queued tasks meanwhile.
         */
        if (task_parked(prev))
            return;

        while (true)
        {
            if (this.run_one_queued_task())
            {
                if (READ_ONCE(ref prev.__state) == TASK_RUNNING)
                    return;
                continue;
            }

            lock (prev.pi_lock)
            {
                if (READ_ONCE(ref prev.__state) == TASK_RUNNING)
                    return;
                if (this.online_cpus().Length == 1)
                    this.BUG($"task {prev.comm}:{prev.pid} blocked forever: nothing on this kernel can wake it");
                if (!Monitor.Wait(prev.pi_lock, hung_task_timeout) && READ_ONCE(ref prev.__state) != TASK_RUNNING)
                    this.BUG($"hung task {prev.comm}:{prev.pid}");
            }
        }
    }

    /// <summary>Whether <paramref name="p"/> is parked: run from the queue, it went to sleep (stopped).</summary>
    /// <param name="p">The task.</param>
    /// <returns>True if its return to user space must end here.</returns>
    public static bool task_parked(task_struct p) => p.sched_queued_run && (READ_ONCE(ref p.__state) & __TASK_STOPPED) != 0;

    /// <summary>Runs every queued task until the run queue is empty (used at system call return).</summary>
    public void run_queued_tasks()
    {
        while (this.run_one_queued_task())
        {
        }
    }

    private bool run_one_queued_task()
    {
        var cpu = this.this_cpu;
        task_struct? p;
        lock (this.runqueue)
        {
            if (!this.runqueue.TryDequeue(out p))
                return false;
            p.on_rq = false;

            /* a task another CPU runs (or this one, further up its stack) sees its work there */
            if (!try_prepare_task(cpu, p))
                return true;
        }

        /* only now, with p on this CPU, can nothing else run it and change what is checked */
        if (p.exit_state != 0 || READ_ONCE(ref p.__state) != TASK_RUNNING)
        {
            /* a wake-up or kick meanwhile found p on this CPU and left it to this CPU */
            if (finish_task(p))
                this.take_missed_kick(p);
            return true;
        }

        this.trace_sched_switch(cpu.current, p);
        using (context_switch(cpu, p))
        {
            p.sched_queued_run = true;
            this.exit_to_user_mode(p);
            this.user_enter_irqoff(p);
            if (p.exit_state == 0 && READ_ONCE(ref p.__state) == TASK_RUNNING)
                p.user_code?.Invoke();
            p.sched_queued_run = false;
        }

        return true;
    }

    /// <summary>
    /// prepare_task: <paramref name="p"/> goes on <paramref name="cpu"/> (p->on_cpu). A task
    /// another CPU runs is waited for (wait_task_inactive); a task this CPU already runs is
    /// entered once more.
    /// </summary>
    /// <param name="cpu">This CPU.</param>
    /// <param name="p">The task.</param>
    internal void prepare_task(cpu_context cpu, task_struct p)
    {
        if (READ_ONCE(ref p.on_cpu) == cpu.id + 1)
        {
            p.on_cpu_nest++;
            return;
        }

        /* a CPU taken down (smp_shutdown_nonboot_cpus) runs nothing again: what it gave back stays given */
        if (!cpu_online(cpu))
            this.BUG($"CPU {cpu.id} is offline and cannot run {p.comm}:{p.pid}");

        if (!try_prepare_task(cpu, p))
            this.wait_task_inactive(cpu, p);
        WRITE_ONCE(ref p.on_cpu_from_host, true);
    }

    /// <summary>Claims <paramref name="p"/> for <paramref name="cpu"/> if it is on no CPU.</summary>
    /// <param name="cpu">This CPU.</param>
    /// <param name="p">The task.</param>
    /// <returns>True if this CPU now runs it.</returns>
    internal static bool try_prepare_task(cpu_context cpu, task_struct p)
    {
        if (Interlocked.CompareExchange(ref p.on_cpu, cpu.id + 1, 0) != 0)
            return false;
        p.on_cpu_nest = 1;
        return true;
    }

    /// <summary>finish_task: one run_as scope of <paramref name="prev"/> ends; the last one takes it off the CPU.</summary>
    /// <param name="prev">The task.</param>
    /// <returns>True if the task has left the CPU.</returns>
    internal static bool finish_task(task_struct prev)
    {
        if (--prev.on_cpu_nest != 0)
            return false;

        prev.on_cpu_from_host = false;

        /* smp_store_release: what the task did on this CPU is seen by the CPU that claims it next */
        Volatile.Write(ref prev.on_cpu, 0);
        return true;
    }

    /*
     * take_missed_kick: p has left this CPU (finish_task) for user space. In the
     * kernel its way out reads its work flags a last time with interrupts off
     * (exit_to_user_mode_prepare); a signal_wake_up after that read finds p still
     * running (task_curr), and kick_process sends p's CPU an IPI, which is taken
     * as soon as p is in user mode: the interrupt's return runs
     * exit_to_user_mode_loop again, and p handles the signal at once, not at its
     * next system call. In the model p in user space is on no CPU, and a kick
     * queues it; a kick that came while p was still here found on_cpu set and
     * queued nothing. So p's flags are read again now that on_cpu is clear: the
     * waker set TIF_SIGPENDING with an atomic (a full barrier) before it read
     * on_cpu, and this CPU cleared on_cpu before the barrier below, so at least
     * one of the two sees the other's store and queues p (ttwu_queue queues it
     * once; a CPU that claimed p meanwhile sees the flag on its own way out). A
     * task that is not TASK_RUNNING is parked or dead and is left alone: its
     * wake-up queues it.
     */
    private void take_missed_kick(task_struct p)
    {
        smp_mb();
        if (p.exit_state == 0 && READ_ONCE(ref p.__state) == TASK_RUNNING && signal_pending(p))
            this.ttwu_queue(p);
    }

    /// <summary>finish_task and what follows the task's leaving: a dead task is finished off, a live one takes a kick it missed.</summary>
    /// <param name="prev">The task leaving this CPU.</param>
    internal void finish_task_and_switch(task_struct prev)
    {
        if (!finish_task(prev))
            return;

        if (prev.__state == TASK_DEAD)
            this.finish_task_switch(prev);
        else
            this.take_missed_kick(prev);
    }

    /*
     * wait_task_inactive: wait until p has left the CPU that runs it, then claim it.
     * The other CPU is in the middle of p's return to user space or of a system call
     * of p, both of which end without this CPU's help; one that never lets go is a
     * hung task.
     */
    private void wait_task_inactive(cpu_context cpu, task_struct p)
    {
        this.trace_sched_wait_task(p);
        var spin = default(SpinWait);
        var since = Environment.TickCount64;
        while (!try_prepare_task(cpu, p))
        {
            /*
             * A CPU that runs p from the run queue lets go once p's return to user
             * space is done. A CPU that entered as p for a host thread (a system call)
             * holds it for as long as that thread's call takes: two host threads are
             * two user spaces of one task, each making system calls as it, which no
             * task can do. That is a misuse of the model, not a wait: reported at once.
             */
            if (READ_ONCE(ref p.on_cpu_from_host))
                this.BUG($"CPU {cpu.id} enters as {p.comm}:{p.pid}, which CPU {READ_ONCE(ref p.on_cpu) - 1} runs for another host thread: a task makes one system call at a time (give each host thread a task of its own)");
            spin.SpinOnce();
            if (Environment.TickCount64 - since > (long)hung_task_timeout.TotalMilliseconds)
                this.BUG($"hung task: CPU {cpu.id} waited for {p.comm}:{p.pid} to leave CPU {READ_ONCE(ref p.on_cpu) - 1}");
        }
    }

    /*
     * the model's ttwu_queue: a task no host thread runs goes on the run queue. The
     * on_cpu test is only a shortcut: a CPU may claim p just after it, and then the CPU
     * that dequeues p fails its claim and leaves p to the CPU running it.
     */
    private void ttwu_queue(task_struct p)
    {
        lock (this.runqueue)
        {
            if (!p.on_rq && p.exit_state == 0 && READ_ONCE(ref p.on_cpu) == 0)
            {
                p.on_rq = true;
                this.runqueue.Enqueue(p);
            }
        }
    }

    /// <summary>wake_up_new_task: a new task is ready; with nothing to do in user space it just waits.</summary>
    /// <param name="p">The task.</param>
    public void wake_up_new_task(task_struct p) => p.__state = TASK_RUNNING;

    /// <summary>do_task_dead: the task leaves the CPU for good (finish_task_switch completes it).</summary>
    /// <param name="tsk">The dying task (current).</param>
    public void do_task_dead(task_struct tsk) => this.set_special_state(TASK_DEAD);

    /// <summary>finish_task_switch: runs when a CPU switches away from <paramref name="prev"/>; a dead task drops the scheduler's reference.</summary>
    /// <param name="prev">The task switched away from.</param>
    internal void finish_task_switch(task_struct prev)
    {
        /* the scheduler's reference goes once, whichever CPU gets here first */
        if (prev.__state == TASK_DEAD && !Interlocked.Exchange(ref prev.sched_released, true))
            this.put_task_struct_rcu_user(prev);
    }
}
