// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Threading;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// A task runs on one CPU at a time. Each test holds one CPU at sched_switch, after it picked a
/// task and before it runs it, while a second CPU goes for the same task; the probes make the
/// interleaving happen on every run. The claim on p->on_cpu must make the second CPU keep off.
/// </summary>
public class SchedRaceTests : KernelTest
{
    /* a safety net so a broken kernel fails the test instead of hanging it; no result depends on it */
    private static readonly TimeSpan Stuck = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Two CPUs empty the run queue: the first picked c (woken by a signal), and before it ran
    /// c the second CPU sent c a SIGKILL, which wakes c again. That wake-up finds c on a CPU,
    /// so c is not queued a second time and no other CPU runs it; the first CPU's run handles
    /// both signals and c dies once.
    /// </summary>
    [Fact]
    public void AQueuedTaskRunsOnOneCpuOnly()
    {
        var c = this.HandlesUsr(this.Fork(this.Shell, "c"));
        var s2 = this.Fork(this.Shell, "s2");
        var test = Thread.CurrentThread;
        Thread? second = null;
        Exception? secondFailed = null;
        var held = false;
        var both = false;
        this.K.probe_sched_switch = (_, next) =>
        {
            if (next != c)
            {
                return;
            }

            if (Thread.CurrentThread == second)
            {
                /* the second CPU picked c while the first had picked it and not run it yet */
                both = Volatile.Read(ref held);
                return;
            }

            if (Thread.CurrentThread != test || second != null)
            {
                return;
            }

            Volatile.Write(ref held, true);
            second = CpuThread(() => this.Signal(s2, c, vmlinux.SIGKILL), e => secondFailed = e);
            second.Start();
            Assert.True(second.Join(Stuck), "the second CPU did not finish");
            Volatile.Write(ref held, false);
        };

        this.Signal(this.Shell, c, vmlinux.SIGUSR1);
        this.K.probe_sched_switch = null;

        Assert.NotNull(second);
        Assert.Null(secondFailed);
        Assert.False(both, "two CPUs picked c at once");
        Assert.Equal(vmlinux.EXIT_ZOMBIE, c.exit_state);
        Assert.Equal(vmlinux.SIGKILL, this.Reap(c) & 0x7f);
    }

    /// <summary>
    /// A CPU picked c from the run queue; before it ran c, another CPU enters a system call as
    /// c. The system call waits until c has left the first CPU (its return to user space ran),
    /// then runs as c.
    /// </summary>
    [Fact]
    public void ASystemCallWaitsForTheCpuRunningItsTask()
    {
        var c = this.HandlesUsr(this.Fork(this.Shell, "c"));
        var test = Thread.CurrentThread;
        Thread? caller = null;
        Exception? callerFailed = null;
        var userCodeRan = false;
        bool? ranAfterTheFirstCpu = null;
        using var waiting = new ManualResetEventSlim();
        c.user_code = () => Volatile.Write(ref userCodeRan, true);
        this.K.probe_sched_wait_task = p =>
        {
            if (p == c && Thread.CurrentThread == caller)
            {
                waiting.Set();
            }
        };
        this.K.probe_sched_switch = (_, next) =>
        {
            if (next != c || Thread.CurrentThread != test || caller != null)
            {
                return;
            }

            caller = CpuThread(
                () =>
                {
                    this.Sys(c, k =>
                    {
                        ranAfterTheFirstCpu = Volatile.Read(ref userCodeRan);
                        return 0;
                    });
                    waiting.Set();
                },
                e => callerFailed = e);
            caller.Start();

            /* the caller either waits for c (the claim) or, without one, ran as c already */
            Assert.True(waiting.Wait(Stuck), "the system call neither waited nor ran");
        };

        this.Signal(this.Shell, c, vmlinux.SIGUSR1);
        this.K.probe_sched_switch = null;
        Assert.NotNull(caller);
        Assert.True(caller!.Join(Stuck), "the system call as c did not finish");
        this.K.probe_sched_wait_task = null;
        c.user_code = null;

        Assert.Null(callerFailed);
        Assert.True(ranAfterTheFirstCpu, "the system call ran as c while another CPU was running c");
    }

    /// <summary>
    /// A signal sent to c after c's system call made its last check for work (at user_enter,
    /// with c still on its CPU) finds c running and only kicks it. It must not wait for c's
    /// next system call: as the IPI of a kick in the kernel, it is taken as soon as c is in
    /// user mode, so the SIGTERM has ended c by the time the system call has returned.
    /// </summary>
    [Fact]
    public void ASignalAfterTheLastCheckIsTakenOnTheWayToUserMode()
    {
        var c = this.Fork(this.Shell, "c");
        var s2 = this.Fork(this.Shell, "s2");
        var test = Thread.CurrentThread;
        Thread? second = null;
        Exception? secondFailed = null;
        this.K.probe_user_enter = p =>
        {
            if (p != c || Thread.CurrentThread != test || second != null)
            {
                return;
            }

            second = CpuThread(() => this.Signal(s2, c, vmlinux.SIGTERM), e => secondFailed = e);
            second.Start();
            Assert.True(second.Join(Stuck), "the second CPU did not finish");
        };

        Assert.Equal(0, this.Sys(c, k => 0));
        this.K.probe_user_enter = null;

        Assert.NotNull(second);
        Assert.Null(secondFailed);
        Assert.Equal(vmlinux.EXIT_ZOMBIE, c.exit_state);
        Assert.Equal(vmlinux.SIGTERM, this.Reap(c) & 0x7f);
    }

    /// <summary>
    /// Two host threads entering the model as one task at once are two user spaces of one
    /// task: a misuse of the model, reported as a BUG at once, not after a hung-task wait.
    /// </summary>
    [Fact]
    public void TwoHostThreadsAsOneTaskAreABug()
    {
        var c = this.Fork(this.Shell, "c");
        using var inside = new ManualResetEventSlim();
        using var leave = new ManualResetEventSlim();
        Exception? firstFailed = null;
        var first = CpuThread(
            () => this.Sys(c, k =>
            {
                inside.Set();
                Assert.True(leave.Wait(Stuck), "the test did not let the first thread go");
                return 0;
            }),
            e => firstFailed = e);
        first.Start();
        Assert.True(inside.Wait(Stuck), "the first thread did not enter as c");

        var bug = Assert.Throws<kernel_bug>(() => this.Sys(c, k => 0));
        leave.Set();
        Assert.True(first.Join(Stuck), "the first thread did not finish");

        Assert.Null(firstFailed);
        Assert.Contains("a task makes one system call at a time", bug.Message, StringComparison.Ordinal);
        Assert.Contains(this.K.clear_warnings(), w => w.Contains("a task makes one system call at a time", StringComparison.Ordinal));

        /* the misuse left nothing behind: c still works from one host thread */
        Assert.Equal(0, this.Sys(c, k => 0));
    }

    /* c handles SIGUSR1 and SIGUSR2: they wake it without ending it */
    private task_struct HandlesUsr(task_struct c)
    {
        c.sighand!.action[vmlinux.SIGUSR1 - 1].sa_handler = vmlinux.SIG_HANDLER;
        c.sighand.action[vmlinux.SIGUSR2 - 1].sa_handler = vmlinux.SIG_HANDLER;
        return c;
    }

    private void Signal(task_struct from, task_struct to, int sig)
    {
        var pid = vmlinux.task_pid(to)!;
        Assert.Equal(0, this.Sys(from, k => k.kill_pid_info_type(sig, in vmlinux.SEND_SIG_PRIV, pid, pid_type.PIDTYPE_TGID)));
    }
}
