// SPDX-License-Identifier: GPL-2.0-only

//
// include/trace/events/context_tracking.h: the user_enter tracepoint. It
// fires on the CPU of a task that has done its last check for work on the
// way back to user space (exit_to_user_mode_prepare) and is about to be in
// user mode: the window in which a new signal can only reach the task by a
// kick. A test's probe holds a CPU there while another CPU signals the task,
// so that race happens on every run. Nothing is attached outside tests.
namespace Linux;

/// <summary>Context-tracking tracepoints.</summary>
public sealed partial class vmlinux
{
    /// <summary>A probe on user_enter: this CPU's current task is about to enter user mode.</summary>
    public System.Action<task_struct>? probe_user_enter;

    /// <summary>trace_user_enter.</summary>
    /// <param name="p">The task entering user mode (current).</param>
    public void trace_user_enter(task_struct p) => System.Threading.Volatile.Read(ref this.probe_user_enter)?.Invoke(p);
}
