// SPDX-License-Identifier: GPL-2.0-only

// arch/cs/debug/teardown.cs: the leak check knows what the kernel keeps for
// good (what hangs off init's struct pid) and still reports every real leak.
using System.Linq;
using System.Text;
using System.Threading;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>The teardown leak check.</summary>
public sealed class TeardownTests : PidfdTest
{
    /// <summary>A pidfd for init gives init's pid a pidfs_attr (and xattrs) for good: not a leak.</summary>
    [Fact]
    public void InitAttrAndXattrsAreKeptForGood()
    {
        var fd = this.Open(this.Shell, this.K.init_process);
        Assert.True(fd >= 0);
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_fsetxattr(fd, "trusted.keep", Encoding.ASCII.GetBytes("v"), 1, 0)));
        Assert.Equal(0, this.Close(this.Shell, fd));
        Assert.NotNull(vmlinux.task_pid(this.K.init_process)!.attr);
        Assert.Empty(this.K.teardown());
    }

    /// <summary>An attr nobody points to is a leak, even while init's own attr is kept.</summary>
    [KconfigFact("CONFIG_DEBUG_KMEMLEAK")]
    public void UnpublishedAttrIsStillALeak()
    {
        var fd = this.Open(this.Shell, this.K.init_process);
        Assert.Equal(0, this.Close(this.Shell, fd));
        var cache = this.K.kmem_cache_create("pidfs_attr_cache");
        var stray = this.K.kmem_cache_zalloc(cache, vmlinux.GFP_KERNEL, () => new pidfs_attr())!;
        var problems = this.K.teardown();
        Assert.Equal(new[] { "leaked: pidfs_attr_cache: pidfs_attr" }, problems);
        this.K.kmem_cache_free(cache, stray);
    }

    /// <summary>An attr published over another on init's pid leaves the first one leaked; so does a leaked xattr of a reaped task.</summary>
    [KconfigFact("CONFIG_DEBUG_KMEMLEAK")]
    public void OverwrittenAttrIsALeak()
    {
        var init_pid = vmlinux.task_pid(this.K.init_process)!;
        var fd = this.Open(this.Shell, this.K.init_process);
        Assert.Equal(0, this.Close(this.Shell, fd));
        var first = init_pid.attr!;
        var cache = this.K.kmem_cache_create("pidfs_attr_cache");
        var second = this.K.kmem_cache_zalloc(cache, vmlinux.GFP_KERNEL, () => new pidfs_attr())!;
        init_pid.attr = second;
        var problems = this.K.teardown();
        Assert.Equal(new[] { "leaked: pidfs_attr_cache: pidfs_attr" }, problems);
        init_pid.attr = first;
        this.K.kmem_cache_free(cache, second);
    }

    /// <summary>
    /// A CPU other than the boot CPU keeps radix tree nodes preloaded after a fork (alloc_pid's
    /// idr_preload); teardown, the shutdown path, takes it offline (smp_shutdown_nonboot_cpus) and
    /// its CPUHP_RADIX_DEAD teardown gives the nodes back: nothing counts as leaked.
    /// </summary>
    [Fact]
    public void OtherCpusGiveTheirPreloadedNodesBackAtShutdown()
    {
        cpu_context? other = null;
        var t = new Thread(() =>
        {
            var c = this.Fork(this.Shell, "c");
            this.Exit(c, 0);
            this.Reap(c);
            other = this.K.this_cpu;
        });
        t.Start();
        t.Join();
        Assert.True(other!.radix_tree_preloads_nr > 0, "the fork on the other CPU preloaded nothing");
        Assert.Equal(2, this.K.online_cpus().Length);

        Assert.Empty(this.K.teardown());
        Assert.Equal(0, other.radix_tree_preloads_nr);
        Assert.Equal(cpuhp_state.CPUHP_OFFLINE, other.cpuhp_state);
        Assert.Equal(0, Assert.Single(this.K.online_cpus()).id);
    }

    /// <summary>A pid reference left behind is still reported (as a changed boot object or a leaked pid).</summary>
    [KconfigFact("CONFIG_DEBUG_KMEMLEAK")]
    public void LeakedPidReferenceIsCaught()
    {
        var child = this.Fork(this.Shell, "child");
        var pid = this.K.get_pid(vmlinux.task_pid(child)!)!;
        var problems = this.K.teardown();
        Assert.Contains(problems, p => p.StartsWith("leaked: pid: pid ", System.StringComparison.Ordinal));
        this.K.put_pid(pid);
        this.K.rcu_barrier();
        Assert.DoesNotContain(this.K.teardown(), p => p.StartsWith("leaked", System.StringComparison.Ordinal));
    }
}
