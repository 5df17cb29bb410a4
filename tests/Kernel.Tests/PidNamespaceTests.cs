// SPDX-License-Identifier: GPL-2.0-only

using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Pid numbers per level, visibility across namespaces, and the end of a namespace.</summary>
public sealed class PidNamespaceTests : KernelTest
{
    /// <summary>A task in a nested namespace has one number per level; each namespace sees only its own level and below.</summary>
    [Fact]
    public void NumbersPerLevelAndVisibility()
    {
        var a = this.Fork(this.Shell, "a");
        Assert.Equal(0, this.Unshare(a));
        var ns1Init = this.Fork(a, "ns1init");
        Assert.Equal(0, this.Unshare(ns1Init));
        var ns2Init = this.Fork(ns1Init, "ns2init");
        var leaf = this.Fork(ns2Init, "leaf");

        var pid = vmlinux.task_pid(leaf)!;
        Assert.Equal(2u, pid.level);
        Assert.Equal(new[] { leaf.pid, 3, 2 }, new[] { pid.numbers[0].nr, pid.numbers[1].nr, pid.numbers[2].nr });
        Assert.Equal(this.NsOf(ns2Init), pid.numbers[2].ns);
        Assert.Equal(this.NsOf(ns1Init), pid.numbers[1].ns);
        Assert.Equal(this.K.init_pid_ns, pid.numbers[0].ns);

        Assert.Equal(leaf.pid, this.PidAsSeenBy(this.Shell, leaf));
        Assert.Equal(3, this.PidAsSeenBy(ns1Init, leaf));
        Assert.Equal(2, this.PidAsSeenBy(ns2Init, leaf));
        Assert.Equal(1, this.PidAsSeenBy(ns2Init, ns2Init));

        /* an ancestor is invisible from below: 0, like getppid() across a namespace boundary */
        Assert.Equal(0, this.PidAsSeenBy(ns2Init, ns1Init));
        Assert.Equal(0, this.PidAsSeenBy(leaf, this.Shell));
        Assert.Equal(0, (int)this.Sys(ns1Init, k => k.task_ppid_nr_ns(ns1Init, null)));

        Assert.True(vmlinux.pidns_is_ancestor(this.NsOf(leaf), this.K.init_pid_ns));
        Assert.True(vmlinux.pidns_is_ancestor(this.NsOf(leaf), this.NsOf(ns1Init)));
        Assert.False(vmlinux.pidns_is_ancestor(this.NsOf(ns1Init), this.NsOf(leaf)));
    }

    /// <summary>Two sibling namespaces never see each other's tasks.</summary>
    [Fact]
    public void SiblingNamespacesAreInvisibleToEachOther()
    {
        var a = this.Fork(this.Shell, "a");
        var b = this.Fork(this.Shell, "b");
        Assert.Equal(0, this.Unshare(a));
        Assert.Equal(0, this.Unshare(b));
        var inA = this.Fork(a, "inA");
        var inB = this.Fork(b, "inB");

        Assert.Equal(1, this.PidAsSeenBy(inA, inA));
        Assert.Equal(1, this.PidAsSeenBy(inB, inB));
        Assert.Equal(0, this.PidAsSeenBy(inA, inB));
        Assert.Equal(0, this.PidAsSeenBy(inB, inA));
        Assert.Equal(0, (int)this.Sys(inA, k => vmlinux.pid_nr_ns(vmlinux.task_pid(inB), k.task_active_pid_ns(inA))));
    }

    /// <summary>unshare(CLONE_NEWPID) only changes the namespace of later children, and a second one is EINVAL.</summary>
    [Fact]
    public void UnshareAffectsChildrenOnlyAndOnlyOnce()
    {
        var a = this.Fork(this.Shell, "a");
        var before = a.pid;
        Assert.Equal(0, this.Unshare(a));
        Assert.Equal(before, this.PidAsSeenBy(a, a));
        Assert.Equal(this.K.init_pid_ns, this.NsOf(a));
        Assert.Equal(-errno.EINVAL, this.Unshare(a));
    }

    /// <summary>A thread cannot be created once pid_ns_for_children differs from the active namespace.</summary>
    [Fact]
    public void NoThreadsAfterUnshare()
    {
        var a = this.Fork(this.Shell, "a");
        Assert.Equal(0, this.Unshare(a));
        var t = this.K.spawn_thread(a, "t");
        Assert.Equal(-errno.EINVAL, vmlinux.PTR_ERR(t));
    }

    /// <summary>Once a namespace's init is reaped, forking into it fails with ENOMEM (the documented errno).</summary>
    [Fact]
    public void ForkIntoNamespaceWhoseInitDiedIsEnomem()
    {
        var a = this.Fork(this.Shell, "a");
        Assert.Equal(0, this.Unshare(a));
        var init = this.Fork(a, "init");
        this.Exit(init, 0);
        Assert.Equal(0, this.Reap(init));

        var late = this.K.fork(a, "late");
        Assert.Equal(-errno.ENOMEM, vmlinux.PTR_ERR(late));
    }

    /// <summary>When the init of a namespace exits, everything else in it is killed and reaped first (zap_pid_ns_processes).</summary>
    [Fact]
    public void InitExitZapsTheNamespace()
    {
        var a = this.Fork(this.Shell, "a");
        Assert.Equal(0, this.Unshare(a));
        var init = this.Fork(a, "init");
        var c1 = this.Fork(init, "c1");
        var c2 = this.Fork(init, "c2");
        var grandchild = this.Fork(c1, "gc");
        var ns = this.NsOf(init);

        this.Exit(init, 3);

        Assert.Equal(vmlinux.EXIT_ZOMBIE, init.exit_state);
        Assert.Equal(0u, ns.pid_allocated & vmlinux.PIDNS_ADDING);
        Assert.Equal(1u, ns.pid_allocated);
        foreach (var t in new[] { c1, c2, grandchild })
        {
            Assert.Equal(vmlinux.EXIT_DEAD, t.exit_state);
        }

        Assert.Equal(0x300, this.Reap(init));
        Assert.Equal(-errno.ENOMEM, vmlinux.PTR_ERR(this.K.fork(a, "late")));
    }

    /// <summary>A zombie of the namespace whose parent lives outside is reparented to the namespace's init and reaped with it.</summary>
    [Fact]
    public void OrphansGoToTheNamespaceInit()
    {
        var a = this.Fork(this.Shell, "a");
        Assert.Equal(0, this.Unshare(a));
        var init = this.Fork(a, "init");
        var mid = this.Fork(init, "mid");
        var orphan = this.Fork(mid, "orphan");

        this.Exit(mid, 0);
        Assert.Equal(init, orphan.real_parent);
        this.Exit(orphan, 5);
        Assert.Equal(vmlinux.EXIT_ZOMBIE, orphan.exit_state);
        Assert.Equal(0, this.Reap(mid));
        Assert.Equal(0x500, this.Reap(orphan));
    }
}
