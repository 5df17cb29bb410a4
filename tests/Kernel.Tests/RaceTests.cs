// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Threading;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// Races between real threads, each forced into its bad interleaving through the lock
/// tracepoints (a probe holds one CPU at a lock operation until the other CPU has done its
/// part), so the interleaving happens on every run, not by luck.
/// </summary>
public class RaceTests : KernelTest
{
    /* a safety net so a broken kernel fails the test instead of hanging it; no result depends on it */
    private static readonly TimeSpan Stuck = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A signal sent while its target is being reaped: the sender read ->sighand, then the
    /// reaper took the siglock, cleared ->sighand and dropped the lock, then the sender got the
    /// lock. lock_task_sighand sees ->sighand moved and gives up (ESRCH); without the re-check
    /// the sender worked on a released task under a stale lock.
    /// </summary>
    [Fact]
    public void SignalToATaskBeingReapedRechecksSighand()
    {
        var c = this.Fork(this.Shell, "c");
        var sender = this.Fork(this.Shell, "sender");
        this.Exit(c, 0);
        var pid = this.K.get_pid(vmlinux.task_pid(c))!;
        var siglock = c.sighand!.siglock;

        Thread? reaper = null;
        Thread? signaller = null;
        Exception? signallerFailed = null;
        Exception? reaperFailed = null;
        var signalResult = 0;
        using var spinning = new ManualResetEventSlim();
        this.K.probe_contention_begin = l =>
        {
            if (l == siglock && Thread.CurrentThread == signaller)
            {
                spinning.Set();
            }
        };
        this.K.probe_lock_acquired = l =>
        {
            if (l != siglock || Thread.CurrentThread != reaper || c.exit_state != vmlinux.EXIT_DEAD || signaller != null)
            {
                return;
            }

            /* the reaper holds c's siglock in __exit_signal: let the signal come now */
            signaller = CpuThread(() => signalResult = (int)this.Sys(sender, k => k.kill_pid_info_type(vmlinux.SIGUSR1, in vmlinux.SEND_SIG_PRIV, pid, pid_type.PIDTYPE_TGID)), e => signallerFailed = e);
            signaller.Start();
            Assert.True(spinning.Wait(Stuck), "the signaller never reached the siglock");
        };

        var status = 0;
        reaper = CpuThread(() => status = this.Reap(c), e => reaperFailed = e);
        reaper.Start();
        Assert.True(reaper.Join(Stuck), "the reaper did not finish");
        Assert.NotNull(signaller);
        Assert.True(signaller!.Join(Stuck), "the signaller did not finish");
        this.K.probe_contention_begin = null;
        this.K.probe_lock_acquired = null;

        Assert.Null(reaperFailed);
        Assert.Null(signallerFailed);
        Assert.Equal(-errno.ESRCH, signalResult);
        Assert.Equal(0, status);
        Assert.Null(c.sighand);
        this.Sys(this.Shell, k =>
        {
            k.put_pid(pid);
            return 0;
        });
    }

    /// <summary>
    /// A blocking wait4 whose child exits on another CPU after the waiter found nothing to
    /// reap but before it went to sleep: the child's wake-up comes between the check and
    /// schedule(). The waiter had already set TASK_INTERRUPTIBLE, so try_to_wake_up makes it
    /// TASK_RUNNING and schedule() returns at once; the wait reaps the child.
    /// </summary>
    [Fact]
    public void WakeUpBetweenCheckAndScheduleIsNotLost()
    {
        var c = this.Fork(this.Shell, "c");
        var tasklist = this.K.tasklist_lock;
        Thread? waiter = null;
        var exited = false;
        Exception? exiterFailed = null;
        Exception? waiterFailed = null;
        this.K.probe_lock_release = l =>
        {
            if (l != tasklist || Thread.CurrentThread != waiter || exited || this.K.current != this.Shell ||
                this.Shell.__state != vmlinux.TASK_INTERRUPTIBLE)
            {
                return;
            }

            /* __do_wait found c alive and dropped tasklist_lock: c exits now, before schedule() */
            exited = true;
            var exiter = CpuThread(() => this.Exit(c, 9), e => exiterFailed = e);
            exiter.Start();
            Assert.True(exiter.Join(Stuck), "the child did not exit");
        };

        var status = new int[1];
        long ret = 0;
        waiter = CpuThread(() => ret = this.Sys(this.Shell, k => k.kernel_wait4(c.pid, status, 0, null)), e => waiterFailed = e);
        waiter.Start();
        Assert.True(waiter.Join(Stuck), "the wait never returned");
        this.K.probe_lock_release = null;

        Assert.Null(exiterFailed);
        Assert.Null(waiterFailed);
        Assert.True(exited);
        Assert.Equal(c.pid, ret);
        Assert.Equal(9 << 8, status[0]);
    }
}
