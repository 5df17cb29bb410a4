// SPDX-License-Identifier: GPL-2.0-only

// Every allocation a system call makes can fail: for each call below, fail-nth is
// armed to 1, 2, 3 ... (as syzkaller does) until the call runs without an injected
// failure. Each injected run must return an errno upstream returns there, fire no
// WARN, and leave nothing behind at teardown. Each run boots its own kernel.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Systematic allocation failure per system call.</summary>
public sealed class FaultPathTests
{
    /*
     * Caches whose failure upstream absorbs, so that the call may still succeed: a radix tree
     * node that idr_alloc cannot get from the cache comes from the preload pool, and
     * idr_preload ignores a failure to fill the pool.
     */
    private static readonly string?[] Absorbed = ["radix_tree_node"];

    private delegate long Call(vmlinux k, task_struct shell, task_struct target);

    /// <summary>Gets the calls: a name, the setup after boot, the call, and the errnos upstream may return when an allocation fails.</summary>
    public static TheoryData<string> Calls => new(Cases.Keys);

    private static Dictionary<string, (Call Call, int[] Errnos)> Cases { get; } = new()
    {
        ["fork"] = ((k, s, t) => k.sys_fork(), new[] { errno.ENOMEM }),
        ["clone3 CLONE_PIDFD"] = ((k, s, t) => k.sys_clone3(new clone_args { flags = vmlinux.CLONE_PIDFD, pidfd = new int[1], exit_signal = vmlinux.SIGCHLD }, vmlinux.CLONE_ARGS_SIZE_VER2), new[] { errno.ENOMEM }),
        ["clone3 CLONE_THREAD|CLONE_PIDFD"] = ((k, s, t) => k.sys_clone3(new clone_args { flags = vmlinux.CLONE_VM | vmlinux.CLONE_SIGHAND | vmlinux.CLONE_THREAD | vmlinux.CLONE_PIDFD, pidfd = new int[1] }, vmlinux.CLONE_ARGS_SIZE_VER2), new[] { errno.ENOMEM }),
        ["unshare CLONE_NEWPID"] = ((k, s, t) => k.sys_unshare(vmlinux.CLONE_NEWPID), new[] { errno.ENOMEM }),
        ["fork into a new pid namespace"] = ((k, s, t) => k.sys_unshare(vmlinux.CLONE_NEWPID) is var r && r < 0 ? r : k.sys_fork(), new[] { errno.ENOMEM }),
        ["pidfd_open"] = ((k, s, t) => k.sys_pidfd_open(t.pid, 0), new[] { errno.ENOMEM }),
        ["pidfd_open PIDFD_THREAD"] = ((k, s, t) => k.sys_pidfd_open(t.pid, vmlinux.PIDFD_THREAD), new[] { errno.ENOMEM }),
        ["pidfd_open of init"] = ((k, s, t) => k.sys_pidfd_open(1, 0), new[] { errno.ENOMEM }),
        ["fsetxattr on a pidfd"] = (SetXattr, new[] { errno.ENOMEM }),
        ["open_by_handle_at"] = (OpenByHandle, new[] { errno.ENOMEM }),
        ["fgetxattr on a pidfd"] = ((k, s, t) => OnPidfd(k, s, t, fd => k.sys_fgetxattr(fd, "trusted.x", new byte[16], 16)), new[] { errno.ENOMEM }),
        ["flistxattr on a pidfd"] = ((k, s, t) => OnPidfd(k, s, t, fd => k.sys_flistxattr(fd, new byte[64], 64)), new[] { errno.ENOMEM }),
    };

    /// <summary>Fails each allocation of the call in turn.</summary>
    /// <param name="name">The case.</param>
    [Theory]
    [MemberData(nameof(Calls))]
    public void EveryAllocationFailureUnwinds(string name)
    {
        var (call, errnos) = Cases[name];
        var injected = 0;
        for (uint nth = 1; nth < 200; nth++)
        {
            var k = vmlinux.boot();
            var shell = k.fork(k.init_process, "shell");
            var target = k.fork(shell, "target");
            k.failslab.ignore_gfp_reclaim = false;
            k.failslab.attr.verbose = 0;
            uint left = 0;
            var ret = k.syscall(shell, () =>
            {
                vmlinux.proc_fail_nth_write(shell, nth);
                var r = call(k, shell, target);
                left = vmlinux.proc_fail_nth_read(shell);
                vmlinux.proc_fail_nth_write(shell, 0);
                return r;
            });
            var problems = k.teardown();
            Assert.True(problems.Count == 0, $"{name}, allocation {nth} failing: not clean at teardown:\n" + string.Join("\n", problems));
            if (left != 0)
            {
                Assert.True(ret >= 0, $"{name} without an injected failure returned {ret}");
                Assert.True(injected > 0, $"{name} makes no allocation that can fail");
                return;
            }

            injected++;
            if (ret >= 0 && Absorbed.Contains(k.failslab_last_failed?.name))
            {
                continue;
            }

            Assert.True(errnos.Contains((int)-ret), $"{name}, allocation {nth} failing: returned {ret}, upstream returns {string.Join("/", errnos.Select(e => errno.errname(-e)))}");
        }

        Assert.Fail($"{name} still failing after 200 allocations");
    }

    /// <summary>
    /// idr_alloc's -ENOMEM: on a CPU whose preload pool is empty (a new host thread) and with
    /// every radix tree node allocation failing (cache-filter and the cache's failslab
    /// attribute, as with /sys/kernel/slab/radix_tree_node/failslab), the first pid of a new
    /// namespace cannot get the root node of its idr: fork fails with ENOMEM, alloc_pid unwinds
    /// the number it already had in the parent namespace, and nothing leaks.
    /// </summary>
    [Fact]
    public void IdrNodeAllocationFailsForkWithEnomem()
    {
        var k = vmlinux.boot();
        var shell = k.fork(k.init_process, "shell");
        k.failslab.ignore_gfp_reclaim = false;
        k.failslab.cache_filter = true;
        k.failslab.attr.verbose = 0;
        k.failslab.attr.probability = 100;
        k.failslab.attr.times = -1;
        k.failslab_store(k.radix_tree_node_cachep!, true);
        long unshare = 0, fork = 0;
        var cpu = new System.Threading.Thread(() => k.syscall(shell, () =>
        {
            unshare = k.sys_unshare(vmlinux.CLONE_NEWPID);
            fork = k.sys_fork();
            return 0;
        }));
        cpu.Start();
        cpu.Join();
        Assert.Equal(0, unshare);
        Assert.Equal(-errno.ENOMEM, fork);
        Assert.Equal("radix_tree_node", k.failslab_last_failed?.name);

        /* once nodes can be had again, the same fork succeeds */
        k.failslab_store(k.radix_tree_node_cachep!, false);
        Assert.True(k.syscall(shell, () => k.sys_fork()) > 0);
        var problems = k.teardown();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static long SetXattr(vmlinux k, task_struct shell, task_struct target)
    {
        /* the pidfd itself is opened without injection: arm again after it */
        var n = vmlinux.proc_fail_nth_read(shell);
        vmlinux.proc_fail_nth_write(shell, 0);
        var fd = (int)k.sys_pidfd_open(target.pid, 0);
        Assert.True(fd >= 0);
        vmlinux.proc_fail_nth_write(shell, n);
        var r = k.sys_fsetxattr(fd, "trusted.x", Encoding.ASCII.GetBytes("value"), 5, 0);
        var left = vmlinux.proc_fail_nth_read(shell);
        vmlinux.proc_fail_nth_write(shell, 0);
        k.sys_close((uint)fd);
        vmlinux.proc_fail_nth_write(shell, left);
        return r;
    }

    /* a call on a pidfd of the target that carries trusted.x; the pidfd and the attribute are made without injection */
    private static long OnPidfd(vmlinux k, task_struct shell, task_struct target, Func<int, long> call)
    {
        var n = vmlinux.proc_fail_nth_read(shell);
        vmlinux.proc_fail_nth_write(shell, 0);
        var fd = (int)k.sys_pidfd_open(target.pid, 0);
        Assert.True(fd >= 0);
        Assert.Equal(0, k.sys_fsetxattr(fd, "trusted.x", Encoding.ASCII.GetBytes("value"), 5, 0));
        vmlinux.proc_fail_nth_write(shell, n);
        var r = call(fd);
        var left = vmlinux.proc_fail_nth_read(shell);
        vmlinux.proc_fail_nth_write(shell, 0);
        k.sys_close((uint)fd);
        vmlinux.proc_fail_nth_write(shell, left);
        return r;
    }

    private static long OpenByHandle(vmlinux k, task_struct shell, task_struct target)
    {
        var n = vmlinux.proc_fail_nth_read(shell);
        vmlinux.proc_fail_nth_write(shell, 0);
        var fd = (int)k.sys_pidfd_open(target.pid, 0);
        var fh = new file_handle(128) { handle_bytes = 128 };
        Assert.True(k.sys_name_to_handle_at(fd, string.Empty, fh, new ulong[1], vmlinux.AT_EMPTY_PATH) >= 0);
        k.sys_close((uint)fd);

        /* with no pidfd left the dentry is gone: the open builds a new one */
        vmlinux.proc_fail_nth_write(shell, n);
        var r = k.sys_open_by_handle_at(vmlinux.FD_PIDFS_ROOT, fh, 0);
        var left = vmlinux.proc_fail_nth_read(shell);
        vmlinux.proc_fail_nth_write(shell, 0);
        if (r >= 0)
        {
            k.sys_close((uint)r);
        }

        vmlinux.proc_fail_nth_write(shell, left);
        return r;
    }
}
