// SPDX-License-Identifier: GPL-2.0-only

using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// Pid lifetimes: allocation order, references, and the rule of "exit: perform free_pid()
/// calls outside of tasklist_lock": free_pid never runs under tasklist_lock, so
/// tasklist_lock and pidmap_lock never nest.
/// </summary>
public sealed class PidLifetimeTests : KernelTest
{
    /// <summary>Numbers are handed out cyclically: a freed number is not reused before the counter wraps.</summary>
    [Fact]
    public void AllocationIsCyclic()
    {
        var a = this.Fork(this.Shell, "a");
        var first = a.pid;
        this.Exit(a, 0);
        this.Reap(a);
        var b = this.Fork(this.Shell, "b");
        Assert.Equal(first + 1, b.pid);
    }

    /// <summary>free_pid under tasklist_lock trips its lockdep_assert_not_held.</summary>
    [KconfigFact("CONFIG_LOCKDEP")]
    public void FreePidUnderTasklistLockWarns()
    {
        this.Sys(this.Shell, k =>
        {
            var pid = k.alloc_pid(k.init_pid_ns, null, 0);
            k.read_lock(k.tasklist_lock);
            k.free_pid(pid);
            k.read_unlock(k.tasklist_lock);
            return 0;
        });
        var w = Assert.Single(this.K.clear_warnings());
        Assert.Contains("lockdep_assert_not_held(tasklist_lock) failed", w, System.StringComparison.Ordinal);
    }

    /// <summary>After forks, threads, namespaces, exits and reaps, lockdep saw tasklist_lock and pidmap_lock never nested.</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void TasklistLockAndPidmapLockNeverNest()
    {
        var a = this.Fork(this.Shell, "a");
        var t = this.K.spawn_thread(a, "t");
        Assert.Equal(0, this.Unshare(a));
        var init = this.Fork(a, "init");
        this.Fork(init, "c");
        this.Exit(init, 0);
        this.Reap(init);
        this.Sys(t, k => k.sys_exit(0));
        this.Exit(a, 1);
        this.Reap(a);

        var deps = this.K.lockdep_dependencies;
        Assert.Contains("pidmap_lock -> pidmap_lock_seq", deps);
        Assert.Contains("tasklist_lock -> &sighand->siglock", deps);
        Assert.DoesNotContain(deps, d => d.Contains("tasklist_lock", System.StringComparison.Ordinal) && d.Contains("pidmap_lock", System.StringComparison.Ordinal));
    }

    /// <summary>The first reference of a pid is its tasks'; it is dropped one grace period after free_pid.</summary>
    [Fact]
    public void LastReferenceGoesAfterAGracePeriod()
    {
        var a = this.Fork(this.Shell, "a");
        var pid = vmlinux.task_pid(a)!;
        var extra = this.K.get_pid(pid);
        Assert.Equal(2, vmlinux.refcount_read(ref pid.count));
        this.Exit(a, 0);
        this.Reap(a);
        Assert.Equal(1, vmlinux.refcount_read(ref pid.count));
        Assert.Equal(pid, extra);
        this.Sys(this.Shell, k =>
        {
            k.put_pid(extra);
            return 0;
        });
        Assert.Equal(0, vmlinux.refcount_read(ref pid.count));
    }

    /// <summary>Several CPUs fork, exit and reap at once, with lockdep on: no warning, nothing leaked (checked at teardown).</summary>
    [Fact]
    public void ConcurrentForkExitReap()
    {
        var parents = Enumerable.Range(0, 4).Select(i => this.Fork(this.Shell, "p" + i)).ToArray();
        Parallel.ForEach(parents, new ParallelOptions { MaxDegreeOfParallelism = 4 }, p =>
        {
            for (var i = 0; i < 200; i++)
            {
                var c = this.K.fork(p, "c");
                Assert.False(vmlinux.IS_ERR(c));
                if (i % 3 == 0)
                {
                    this.K.spawn_thread(c, "ct");
                }

                this.K.syscall(c, () => this.K.sys_exit_group(i & 0x7f));
                var status = new int[1];
                Assert.Equal(c.pid, this.K.syscall(p, () => this.K.kernel_wait4(c.pid, status, 0, null)));
                Assert.Equal((i & 0x7f) << 8, status[0]);
            }
        });
        Assert.Empty(this.K.warns);
    }
}
