// SPDX-License-Identifier: GPL-2.0-only

// lib/fault-inject.cs and mm/failslab.cs: should_fail_ex's knobs in the kernel's
// order, per-task fail-nth, and RLIMIT_NOFILE for descriptor allocation.
using System.Linq;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Fault injection.</summary>
public sealed class FaultInjectTests : PidfdTest
{
    private const int Size = 64;

    /// <summary>fail-nth=3 lets two calls through, fails the third, reads back 0, and never fails again.</summary>
    [Fact]
    public void FailNthFailsExactlyTheNthCall()
    {
        var attr = new fault_attr("test");
        var results = this.Calls(this.Shell, attr, 5, before: () => vmlinux.proc_fail_nth_write(this.Shell, 3));
        Assert.Equal(new[] { false, false, true, false, false }, results);
        Assert.Equal(0u, vmlinux.proc_fail_nth_read(this.Shell));
    }

    /// <summary>fail-nth belongs to one task: another task's calls do not count down.</summary>
    [Fact]
    public void FailNthIsPerTask()
    {
        var other = this.Fork(this.K.init_process, "other");
        var attr = new fault_attr("test");
        vmlinux.proc_fail_nth_write(this.Shell, 2);
        Assert.Equal(new[] { false, false, false }, this.Calls(other, attr, 3));
        Assert.Equal(2u, vmlinux.proc_fail_nth_read(this.Shell));
        Assert.Equal(new[] { false, true }, this.Calls(this.Shell, attr, 2));
    }

    /// <summary>times is a budget: probability 100 and times 2 fail twice; the report shows times before the decrement.</summary>
    [Fact]
    public void TimesLimitsFailuresAndVerbosePrints()
    {
        var attr = new fault_attr("failslab") { probability = 100, verbose = 1 };
        attr.times = 2;
        Assert.Equal(new[] { true, true, false, false }, this.Calls(this.Shell, attr, 4));
        Assert.Equal(0, attr.times);
        var log = this.K.dmesg.Where(l => l.StartsWith("name failslab", System.StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "name failslab, interval 1, probability 100, space 0, times 2", "name failslab, interval 1, probability 100, space 0, times 1" }, log);
        Assert.Equal(2, this.K.dmesg.Count(l => l == "FAULT_INJECTION: forcing a failure."));
    }

    /// <summary>times -1 never runs out; interval 3 fails every third call.</summary>
    [Fact]
    public void IntervalWithUnlimitedTimes()
    {
        var attr = new fault_attr("test") { probability = 100, interval = 3, verbose = 0 };
        attr.times = -1;
        Assert.Equal(new[] { false, false, true, false, false, true }, this.Calls(this.Shell, attr, 6));
        Assert.Equal(-1, attr.times);
    }

    /// <summary>space lets calls through while it is larger than the size, spending it.</summary>
    [Fact]
    public void SpaceIsSpentBeforeFailing()
    {
        var attr = new fault_attr("test") { probability = 100, verbose = 0 };
        attr.times = -1;
        attr.space = 200;
        Assert.Equal(new[] { false, false, false, true }, this.Calls(this.Shell, attr, 4));
        Assert.Equal(8, attr.space);
    }

    /// <summary>task-filter: only a task with make-it-fail set fails; a fork inherits the mark.</summary>
    [Fact]
    public void TaskFilter()
    {
        var attr = new fault_attr("test") { probability = 100, task_filter = true, verbose = 0 };
        attr.times = -1;
        Assert.Equal(new[] { false }, this.Calls(this.Shell, attr, 1));
        vmlinux.proc_make_it_fail_write(this.Shell, true);
        Assert.Equal(new[] { true }, this.Calls(this.Shell, attr, 1));
        var child = this.Fork(this.Shell, "child");
        Assert.True(child.make_it_fail);
        Assert.Equal(0u, child.fail_nth);
    }

    /// <summary>The probability is a percentage drawn per call: 50 fails some and not all of 200 calls.</summary>
    [Fact]
    public void ProbabilityFailsSome()
    {
        var attr = new fault_attr("test") { probability = 50, verbose = 0 };
        attr.times = -1;
        var n = this.Calls(this.Shell, attr, 200).Count(x => x);
        Assert.InRange(n, 40, 160);
    }

    /// <summary>A bad boot option is refused with the kernel's message; a good one sets the four knobs.</summary>
    [Fact]
    public void SetupFaultAttr()
    {
        var attr = new fault_attr("failslab");
        Assert.Equal(0, this.K.setup_fault_attr(attr, "1,2"));
        Assert.Contains("FAULT_INJECTION: failed to parse arguments", this.K.dmesg);
        Assert.Equal(1, this.K.setup_fault_attr(attr, "10,20,4096,-1"));
        Assert.Equal((10ul, 20ul, 4096, -1), (attr.interval, attr.probability, attr.space, attr.times));
    }

    /// <summary>
    /// failslab: with ignore-gfp-wait on (the default) a GFP_KERNEL allocation neither fails nor
    /// counts against fail-nth; GFP_ATOMIC does; __GFP_NOFAIL never fails; __GFP_NOWARN fails silently.
    /// </summary>
    [Fact]
    public void FailslabGfpRules()
    {
        var cache = this.K.kmem_cache_create("test_cache", 32);
        this.K.failslab.attr.verbose = 1;
        var r = this.K.syscall(this.Shell, () =>
        {
            vmlinux.proc_fail_nth_write(this.Shell, 1);
            var a = this.K.kmem_cache_alloc(cache, vmlinux.GFP_KERNEL, () => new object());
            Assert.NotNull(a);
            Assert.Equal(1u, vmlinux.proc_fail_nth_read(this.Shell));
            Assert.Null(this.K.kmem_cache_alloc(cache, vmlinux.GFP_ATOMIC, () => new object()));

            this.K.failslab.ignore_gfp_reclaim = false;
            vmlinux.proc_fail_nth_write(this.Shell, 1);
            var b = this.K.kmem_cache_alloc(cache, vmlinux.GFP_KERNEL | vmlinux.__GFP_NOFAIL, () => new object());
            Assert.NotNull(b);
            var before = this.K.dmesg.Count;
            Assert.Null(this.K.kmem_cache_alloc(cache, vmlinux.GFP_KERNEL | vmlinux.__GFP_NOWARN, () => new object()));
            Assert.Equal(before, this.K.dmesg.Count);
            this.K.kmem_cache_free(cache, a!);
            this.K.kmem_cache_free(cache, b!);
            return 0;
        });
        Assert.Equal(0, r);
        Assert.Equal(1, this.K.dmesg.Count(l => l == "FAULT_INJECTION: forcing a failure."));
        Assert.Equal(0, cache.active_objs);
        Assert.Equal(2, cache.failed_allocs);
    }

    /// <summary>get_unused_fd_flags stops at the task's RLIMIT_NOFILE with EMFILE; prlimit64 checks its arguments.</summary>
    [Fact]
    public void PidfdOpenHitsRlimitNofile()
    {
        var target = this.Fork(this.Shell, "target");
        var lim = new rlimit { rlim_cur = 3, rlim_max = 3 };
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_prlimit64(0, vmlinux.RLIMIT_NOFILE, lim, out _)));
        var fds = Enumerable.Range(0, 3).Select(_ => this.Open(this.Shell, target)).ToArray();
        Assert.Equal(new[] { 0, 1, 2 }, fds);
        Assert.Equal(-errno.EMFILE, this.Open(this.Shell, target));

        /* a child inherits the limit */
        var child = this.Fork(this.Shell, "child");
        Assert.Equal(3ul, vmlinux.task_rlimit(child, vmlinux.RLIMIT_NOFILE));

        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_prlimit64(0, vmlinux.RLIMIT_NOFILE, new rlimit { rlim_cur = 5, rlim_max = 4 }, out _)));
        Assert.Equal(-errno.EPERM, this.Sys(this.Shell, k => k.sys_prlimit64(0, vmlinux.RLIMIT_NOFILE, new rlimit { rlim_cur = 5, rlim_max = vmlinux.sysctl_nr_open + 1 }, out _)));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_prlimit64(0, vmlinux.RLIM_NLIMITS, null, out _)));
        foreach (var fd in fds)
        {
            Assert.Equal(0, this.Close(this.Shell, fd));
        }
    }

    /// <summary>
    /// fs.file-max: once the system has max_files files, an unprivileged open fails with ENFILE
    /// (with the "file-max limit reached" line once), CAP_SYS_ADMIN may go above it, and a
    /// closed file makes room again.
    /// </summary>
    [Fact]
    public void PidfdOpenHitsFileMax()
    {
        var target = this.Fork(this.Shell, "target");
        var nobody = this.Fork(this.Shell, "nobody");
        nobody.cred.uid = nobody.cred.euid = nobody.cred.fsuid = 65534;
        nobody.cred.cap_effective = 0;
        var files = this.K.get_nr_files();
        this.K.files_stat.max_files = files + 1;
        var first = this.Open(nobody, target);
        Assert.True(first >= 0);
        Assert.Equal(files + 1, this.K.get_nr_files());
        Assert.Equal(-errno.ENFILE, this.Open(nobody, target));
        Assert.Equal(-errno.ENFILE, this.Open(nobody, target));
        Assert.Single(this.K.dmesg, l => l == $"VFS: file-max limit {files + 1} reached");

        /* root goes above the limit */
        var root = this.Open(this.Shell, target);
        Assert.True(root >= 0);
        Assert.Equal(0, this.Close(this.Shell, root));
        Assert.Equal(0, this.Close(nobody, first));
        Assert.Equal(files, this.K.get_nr_files());
        var again = this.Open(nobody, target);
        Assert.True(again >= 0);
        Assert.Equal(0, this.Close(nobody, again));
        this.K.files_stat.max_files = vmlinux.NR_FILE;
    }

    private bool[] Calls(task_struct task, fault_attr attr, int n, System.Action? before = null)
    {
        var results = new bool[n];
        this.K.syscall(task, () =>
        {
            before?.Invoke();
            for (var i = 0; i < n; i++)
            {
                results[i] = this.K.should_fail(attr, Size);
            }

            return 0;
        });
        return results;
    }
}
