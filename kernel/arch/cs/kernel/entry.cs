// SPDX-License-Identifier: GPL-2.0-only

//
// System call entry and exit for the model's tasks. A system call runs on
// the calling host thread as the given task; on the way out the task
// handles its pending signals (and may die of them), then tasks woken
// meanwhile get to run, queued work runs, and the CPU reports a quiescent
// state so RCU callbacks can run. All of this happens at the same point of
// every run, which keeps single-threaded runs deterministic.
//
// As in the kernel's exit_to_user_mode_loop, the way out costs something
// only when there is work: each step first looks whether its queue holds
// anything (the model's _TIF_WORK bits: a woken task is NEED_RESCHED, queued
// work and RCU callbacks are NOTIFY_RESUME). The look is a plain read; an
// item queued by another CPU just after it is handled at the next return,
// exactly as when it is queued just after the step has emptied its queue.
//
// A signal is different: it must not wait for the task's next system call.
// A signal that comes after the task's last look at its flags finds it still
// on its CPU, and is seen again once the task has left it (see
// take_missed_kick in sched/core.cs: the model's IPI taken in user mode).
using System;

namespace Linux;

/// <summary>System call entry.</summary>
public sealed partial class vmlinux
{
    /// <summary>Runs one system call as <paramref name="task"/>.</summary>
    /// <param name="task">The calling task.</param>
    /// <param name="call">The system call.</param>
    /// <returns>Its return value.</returns>
    public long syscall(task_struct task, Func<long> call)
    {
        long ret;
        using (this.run_as(task))
        {
            ret = call();
            this.exit_to_user_mode(task);
            this.lockdep_sys_exit();
            this.user_enter_irqoff(task);
        }

        this.syscall_exit_work();
        return ret;
    }

    /// <summary>user_enter_irqoff: the task's checks for work are done; it is about to be in user mode.</summary>
    /// <param name="p">The task, current (passed in: the way out needs no second lookup of it).</param>
    public void user_enter_irqoff(task_struct p) => this.trace_user_enter(p);

    /// <summary>syscall_exit_work: runs woken tasks, queued work and RCU callbacks, each only if pending.</summary>
    private void syscall_exit_work()
    {
        if (this.runqueue.Count != 0)
            this.run_queued_tasks();
        if (this.system_wq.Count != 0)
            this.flush_scheduled_work();
        if (this.rcu_cblist.Count != 0)
            this.rcu_note_context_switch();
    }

    /// <summary>
    /// fork() from <paramref name="parent"/> followed by the child's execve of a program named
    /// <paramref name="comm"/>: the child starts with default signal handlers.
    /// </summary>
    /// <param name="parent">The parent.</param>
    /// <param name="comm">The child's name.</param>
    /// <returns>The child, or ERR_PTR.</returns>
    public task_struct fork(task_struct parent, string comm)
    {
        var child = this.clone(parent, new kernel_clone_args { exit_signal = SIGCHLD, comm = comm });
        if (!IS_ERR(child))
            this.exec_fresh_program(child);

        return child;
    }

    /// <summary>
    /// The execve a new child makes of a fresh program (what a test harness's child does before it
    /// serves the test): default signal handlers, close-on-exec descriptors closed, a new address space.
    /// </summary>
    /// <param name="child">The new child.</param>
    public void exec_fresh_program(task_struct child)
    {
        using var _ = this.run_as(child);

        /* de_thread's end: whatever clone3's exit_signal was, the new program reports its exit with SIGCHLD */
        child.exit_signal = SIGCHLD;

        this.spin_lock_irq(child.sighand!.siglock);
        flush_signal_handlers(child, false);
        this.spin_unlock_irq(child.sighand.siglock);

        /* begin_new_exec: close-on-exec descriptors go, the program gets a fresh address space */
        if (child.files != null)
            this.do_close_on_exec(child.files);

        /* the harness's own exec is not under test, so its new mm does not fail (__GFP_NOFAIL: failslab skips it) */
        var mm = this.kmem_cache_alloc(this.mm_cachep!, GFP_KERNEL | __GFP_NOFAIL, () => new mm_struct())!;
        this.mm_init(mm, child);
        set_dumpable(mm, SUID_DUMP_USER);

        this.task_lock(child);
        var old = child.mm;
        child.mm = mm;
        this.task_unlock(child);
        if (old != null)
            this.mmput(old);
    }

    /// <summary>A new thread in <paramref name="leader"/>'s group.</summary>
    /// <param name="leader">Any thread of the group.</param>
    /// <param name="comm">The thread's name.</param>
    /// <returns>The thread, or ERR_PTR.</returns>
    public task_struct spawn_thread(task_struct leader, string comm) =>
        this.clone(leader, new kernel_clone_args { flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM, comm = comm });

    /// <summary>clone() from <paramref name="parent"/>.</summary>
    /// <param name="parent">The calling task.</param>
    /// <param name="args">The clone arguments.</param>
    /// <returns>The child, or ERR_PTR.</returns>
    public task_struct clone(task_struct parent, kernel_clone_args args)
    {
        var nr = this.syscall(parent, () => this.kernel_clone(args));
        if (nr < 0)
            return ERR_PTR<task_struct>(nr);
        using var _ = this.run_as(parent);
        using var r = this.guard_rcu();
        return this.find_task_by_vpid((int)nr)!;
    }
}
