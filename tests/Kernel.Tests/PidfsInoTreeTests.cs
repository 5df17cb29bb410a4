// SPDX-License-Identifier: GPL-2.0-only

// fs/pidfs.cs: every live struct pid is in pidfs_ino_tree by inode number
// from alloc_pid until free_pid.
using System.Collections.Generic;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>The pidfs inode tree.</summary>
public sealed class PidfsInoTreeTests : KernelTest
{
    /// <summary>Forked pids enter the tree in inode order and leave it when reaped.</summary>
    [Fact]
    public void PidsEnterAndLeaveTheTree()
    {
        var a = this.Fork(this.Shell, "a");
        var b = this.Fork(this.Shell, "b");
        var pa = vmlinux.task_pid(a)!;
        var pb = vmlinux.task_pid(b)!;

        var inos = this.TreeInos();
        Assert.Contains(2UL, inos);
        Assert.Contains(3UL, inos);
        Assert.Contains(pa.ino, inos);
        Assert.Contains(pb.ino, inos);
        for (var i = 1; i < inos.Count; i++)
        {
            Assert.True(inos[i - 1] < inos[i]);
        }

        Assert.Same(pa, this.Lookup(pa.ino));

        var ino = pa.ino;
        this.Exit(a, 0);
        Assert.Same(pa, this.Lookup(ino)); /* a zombie keeps its pid */
        this.Reap(a);
        Assert.Null(this.Lookup(ino));
        Assert.DoesNotContain(ino, this.TreeInos());
        Assert.Same(pb, this.Lookup(pb.ino));
    }

    private pid? Lookup(ulong ino)
    {
        using (this.K.guard_rcu())
        {
            var n = vmlinux.rb_find_rcu(ino, this.K.pidfs_ino_tree, (k, node) => k.CompareTo(vmlinux.rb_entry<pid>(node).ino));
            return n == null ? null : vmlinux.rb_entry<pid>(n);
        }
    }

    private List<ulong> TreeInos()
    {
        var list = new List<ulong>();
        using (this.K.guard_spinlock(this.K.pidmap_lock))
        {
            for (var n = vmlinux.rb_first(this.K.pidfs_ino_tree); n != null; n = vmlinux.rb_next(n))
            {
                list.Add(vmlinux.rb_entry<pid>(n).ino);
            }
        }

        return list;
    }
}
