// SPDX-License-Identifier: GPL-2.0-only

using System;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// Each test boots its own kernel. Disposal tears it down and fails the test if any
/// reference was left, any object leaked, or any WARN fired: a check nobody can forget.
/// </summary>
public abstract class KernelTest : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="KernelTest"/> class.</summary>
    protected KernelTest()
    {
        this.K = vmlinux.boot();
        this.Shell = this.K.fork(this.K.init_process, "shell");
    }

    /// <summary>Gets the booted kernel.</summary>
    protected vmlinux K { get; }

    /// <summary>Gets the task that runs the test's system calls (a child of init).</summary>
    protected task_struct Shell { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        var problems = this.K.teardown();
        GC.SuppressFinalize(this);
        Assert.True(problems.Count == 0, "kernel not clean at teardown:\n" + string.Join("\n", problems));
    }

    /// <summary>
    /// A host thread (not started yet) that runs <paramref name="body"/> as one more CPU. An exception it throws
    /// is handed to <paramref name="failed"/>, for the test to assert on after the join, instead of ending the test host.
    /// </summary>
    /// <param name="body">What the thread runs.</param>
    /// <param name="failed">Takes the exception the body threw.</param>
    /// <returns>The thread.</returns>
    protected static System.Threading.Thread CpuThread(Action body, Action<Exception> failed) =>
        new(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failed(e);
            }
        });

    /// <summary>
    /// In a system call of <see cref="Shell"/>, takes a lock and then takes it again, releasing it once on the
    /// way out: lockdep's recursive-locking report ends in a BUG, which this returns.
    /// </summary>
    /// <param name="take">Takes the lock.</param>
    /// <param name="release">Releases it.</param>
    /// <returns>The BUG.</returns>
    protected kernel_bug TakeTwice(Action<vmlinux> take, Action<vmlinux> release) =>
        Assert.Throws<kernel_bug>(() => this.Sys(this.Shell, k =>
        {
            take(k);
            try
            {
                take(k);
            }
            finally
            {
                release(k);
            }

            return 0;
        }));

    /// <summary>Runs a system call as <paramref name="task"/>.</summary>
    /// <param name="task">The caller.</param>
    /// <param name="call">The call.</param>
    /// <returns>Its result.</returns>
    protected long Sys(task_struct task, Func<vmlinux, long> call) => this.K.syscall(task, () => call(this.K));

    /// <summary>Forks a child of <paramref name="parent"/> and checks it worked.</summary>
    /// <param name="parent">The parent.</param>
    /// <param name="comm">The child's name.</param>
    /// <returns>The child.</returns>
    protected task_struct Fork(task_struct parent, string comm)
    {
        var t = this.K.fork(parent, comm);
        Assert.False(vmlinux.IS_ERR(t), $"fork failed: {errno.errname(vmlinux.PTR_ERR(t))}");
        return t;
    }

    /// <summary>
    /// Clones <paramref name="n"/> threads of <paramref name="leader"/> (sharing its files and fs):
    /// a task runs on one CPU at a time, so host threads that act at once need a task each.
    /// </summary>
    /// <param name="leader">The process.</param>
    /// <param name="n">How many threads.</param>
    /// <returns>The threads.</returns>
    protected task_struct[] SpawnThreads(task_struct leader, int n)
    {
        var threads = new task_struct[n];
        for (var i = 0; i < n; i++)
        {
            threads[i] = this.K.spawn_thread(leader, "t" + i);
            Assert.False(vmlinux.IS_ERR(threads[i]), "clone of a thread failed");
        }

        return threads;
    }

    /// <summary>Each of <paramref name="threads"/> calls exit(0): it is released, and its share of the files and fs goes.</summary>
    /// <param name="threads">Non-leader threads.</param>
    protected void ExitThreads(task_struct[] threads)
    {
        foreach (var t in threads)
        {
            this.Sys(t, k => k.sys_exit(0));
        }
    }

    /// <summary>Makes <paramref name="p"/> exit with <paramref name="code"/> (it becomes a zombie).</summary>
    /// <param name="p">The process.</param>
    /// <param name="code">The exit status.</param>
    protected void Exit(task_struct p, int code) => this.Sys(p, k => k.sys_exit_group(code));

    /// <summary>The parent reaps <paramref name="child"/>; returns the wait status.</summary>
    /// <param name="child">The child.</param>
    /// <returns>The wait status.</returns>
    protected int Reap(task_struct child)
    {
        var status = new int[1];
        var nr = child.tgid;
        var parent = child.real_parent!;
        var ret = this.Sys(parent, k => k.kernel_wait4(k.pid_vnr(vmlinux.task_pid(child)), status, 0, null));
        Assert.True(ret > 0, $"wait4 for {child} failed: {ret}");
        return status[0];
    }

    /// <summary>unshare(CLONE_NEWPID) as <paramref name="task"/>; its next child is pid 1 of a new namespace.</summary>
    /// <param name="task">The task.</param>
    /// <returns>0 or -errno.</returns>
    protected long Unshare(task_struct task) => this.Sys(task, k => k.sys_unshare(vmlinux.CLONE_NEWPID));

    /// <summary>Writes kernel.pid_max as <paramref name="task"/> (its active pid namespace's).</summary>
    /// <param name="task">The writer.</param>
    /// <param name="value">The text written.</param>
    /// <returns>0 or -errno.</returns>
    protected long WritePidMax(task_struct task, string value) => this.Sys(task, k => k.sysctl_write("kernel/pid_max", value));

    /// <summary>Reads kernel.pid_max as <paramref name="task"/>.</summary>
    /// <param name="task">The reader.</param>
    /// <returns>The value.</returns>
    protected int ReadPidMax(task_struct task)
    {
        var value = string.Empty;
        Assert.Equal(0, this.Sys(task, k => k.sysctl_read("kernel/pid_max", out value)));
        return int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The pid number <paramref name="viewer"/> sees for <paramref name="task"/>.</summary>
    /// <param name="viewer">Who looks.</param>
    /// <param name="task">At whom.</param>
    /// <returns>The number, 0 if not visible.</returns>
    protected int PidAsSeenBy(task_struct viewer, task_struct task) => (int)this.Sys(viewer, k => k.pid_vnr(vmlinux.task_pid(task)));

    /// <summary>The pid namespace <paramref name="task"/> lives in.</summary>
    /// <param name="task">The task.</param>
    /// <returns>Its active pid namespace.</returns>
    protected pid_namespace NsOf(task_struct task) => vmlinux.ns_of_pid(vmlinux.task_pid(task))!;
}
