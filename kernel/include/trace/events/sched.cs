// SPDX-License-Identifier: GPL-2.0-only

//
// include/trace/events/sched.h: the scheduler tracepoints the model has. As
// with the lock tracepoints, a probe runs on the CPU that hits the point, so
// a test can hold one CPU there while another CPU goes for the same task and
// make a scheduling race happen on every run. Nothing is attached outside
// tests.
namespace Linux;

/// <summary>Scheduler tracepoints.</summary>
public sealed partial class vmlinux
{
    /// <summary>A probe on sched_switch: this CPU has picked <c>next</c> to run after <c>prev</c> and is about to switch to it.</summary>
    public System.Action<task_struct?, task_struct>? probe_sched_switch;

    /// <summary>A probe on sched_wait_task: this CPU waits for the task to leave the CPU that runs it (wait_task_inactive).</summary>
    public System.Action<task_struct>? probe_sched_wait_task;

    /// <summary>trace_sched_switch.</summary>
    /// <param name="prev">The task the CPU ran (null: idle).</param>
    /// <param name="next">The task it switches to.</param>
    public void trace_sched_switch(task_struct? prev, task_struct next) => System.Threading.Volatile.Read(ref this.probe_sched_switch)?.Invoke(prev, next);

    /// <summary>trace_sched_wait_task.</summary>
    /// <param name="p">The task waited for.</param>
    public void trace_sched_wait_task(task_struct p) => System.Threading.Volatile.Read(ref this.probe_sched_wait_task)?.Invoke(p);
}
