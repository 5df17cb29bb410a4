// SPDX-License-Identifier: GPL-2.0-only

//
// The model's scheduler. A task runs only when a host thread runs as it
// (vmlinux.run_as). A task that is not running and is woken up (a signal
// arrives) is put on the run queue; schedule() runs queued tasks on the
// calling CPU until they go back to sleep, which is where a killed task
// goes through get_signal() and exits. A CPU that sleeps in schedule() with
// nothing to run waits for a wake-up from another CPU; if it is the only
// CPU, nothing can ever wake it, and that is reported as a hung task.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Linux;

/// <summary>The scheduler.</summary>
public sealed partial class vmlinux
{
    /// <summary>How long a sleeping CPU waits for a wake-up before the model calls it hung.</summary>
    private static readonly TimeSpan hung_task_timeout = TimeSpan.FromSeconds(30);

    private readonly Queue<task_struct> runqueue = new();
    private readonly object sleepers = new();
    private long wakeups;

    /// <summary>might_sleep: warns when called in atomic context (spinlock held, irqs off, RCU read side).</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    public void might_sleep([CallerMemberName] string caller = "", [CallerLineNumber] int line = 0)
    {
        var cpu = this.this_cpu;
        var spinning = false;
        foreach (var h in cpu.held_locks)
        {
            if (h.map is not mutex)
                spinning = true;
        }

        if (spinning || cpu.irqs_disabled > 0 || cpu.rcu_nesting > 0 || cpu.in_softirq)
            this.__warn($"BUG: sleeping function called from invalid context at {caller}:{line}", caller, line);
    }

    /// <summary>wake_up_process: a task that is not running is queued to run.</summary>
    /// <param name="p">The task.</param>
    /// <returns>True if it was queued.</returns>
    public bool wake_up_process(task_struct p)
    {
        var queued = false;
        lock (this.runqueue)
        {
            if (!p.on_rq && p.exit_state == 0 && !this.task_is_running_on_cpu(p))
            {
                p.on_rq = true;
                this.runqueue.Enqueue(p);
                queued = true;
            }
        }

        this.wake_up_sleepers();
        return queued;
    }

    /// <summary>
    /// schedule: runs queued tasks on this CPU; with none queued, sleeps until another CPU
    /// wakes something. Callers loop on their own condition, as around the kernel's schedule().
    /// </summary>
    public void schedule()
    {
        this.might_sleep();
        this.rcu_note_context_switch();
        if (this.run_one_queued_task())
            return;
        var seen = Interlocked.Read(ref this.wakeups);
        lock (this.sleepers)
        {
            if (Interlocked.Read(ref this.wakeups) != seen)
                return;
            if (this.online_cpus().Length == 1)
                this.BUG($"task {this.current.comm}:{this.current.pid} blocked forever: nothing on this kernel can wake it");
            if (!Monitor.Wait(this.sleepers, hung_task_timeout))
                this.BUG($"hung task {this.current.comm}:{this.current.pid}");
        }
    }

    /// <summary>Runs every queued task until the run queue is empty (used at system call return).</summary>
    public void run_queued_tasks()
    {
        while (this.run_one_queued_task())
        {
        }
    }

    private bool run_one_queued_task()
    {
        task_struct? p;
        lock (this.runqueue)
        {
            if (!this.runqueue.TryDequeue(out p))
                return false;
            p.on_rq = false;
        }

        if (p.exit_state != 0)
            return true;
        using (this.run_as(p))
        {
            this.exit_to_user_mode();
            if (p.exit_state == 0)
                p.user_code?.Invoke();
        }

        return true;
    }

    private bool task_is_running_on_cpu(task_struct p)
    {
        foreach (var cpu in this.online_cpus())
        {
            if (cpu.current == p)
                return true;
        }

        return false;
    }

    private void wake_up_sleepers()
    {
        Interlocked.Increment(ref this.wakeups);
        lock (this.sleepers)
            Monitor.PulseAll(this.sleepers);
    }

    /// <summary>wake_up_new_task: a new task is ready; with nothing to do in user space it just waits.</summary>
    /// <param name="p">The task.</param>
    public void wake_up_new_task(task_struct p) => p.__state = TASK_RUNNING;

    /// <summary>do_task_dead: the task leaves the CPU for good (finish_task_switch completes it).</summary>
    /// <param name="tsk">The dying task (current).</param>
    public void do_task_dead(task_struct tsk) => tsk.__state = TASK_DEAD;

    /// <summary>finish_task_switch: runs when a CPU switches away from <paramref name="prev"/>; a dead task drops the scheduler's reference.</summary>
    /// <param name="prev">The task switched away from.</param>
    internal void finish_task_switch(task_struct prev)
    {
        if (prev.__state == TASK_DEAD && !prev.sched_released)
        {
            prev.sched_released = true;
            this.put_task_struct_rcu_user(prev);
        }
    }
}
