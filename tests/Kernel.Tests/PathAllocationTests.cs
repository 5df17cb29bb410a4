// SPDX-License-Identifier: GPL-2.0-only

using System;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// What the pidfd system calls allocate, counted exactly: the bytes this thread allocates over a batch of calls
/// (GC.GetAllocatedBytesForCurrentThread: other threads' allocations do not count) must be what upstream's own
/// allocations cost, each sized by allocating the same object alone. A closure, a boxed value, a copy of a handle
/// or a delegate made per call shows up as extra bytes. (No assertion runs inside a batch: xunit's Assert.Equal
/// allocates a comparer per call.) The configurations differ in object sizes (lockdep keeps
/// a class in every lock), not in what is allocated, so the tests hold in each.
/// </summary>
public class PathAllocationTests : PidfdTest
{
    private const int Warmup = 64;
    private const int Calls = 64;

    /// <summary>pidfd_open + close allocates the struct file (filp cache) and nothing else; the pid's dentry is stashed.</summary>
    [Fact]
    public void PidfdOpenCloseAllocatesOnlyTheFile()
    {
        var k = this.K;
        var target = this.Fork(this.Shell, "target");
        var pinned = this.Open(this.Shell, target);
        var nr = this.PidAsSeenBy(this.Shell, target);
        var fd = 0;
        Func<long> open = () => fd = (int)k.sys_pidfd_open(nr, 0);
        Func<long> close = () => k.sys_close((uint)fd);

        var failed = 0;
        var bytes = this.BytesPerCall(() =>
        {
            failed += k.syscall(this.Shell, open) < 0 ? 1 : 0;
            failed += k.syscall(this.Shell, close) != 0 ? 1 : 0;
        });

        Assert.Equal(0, failed);

        Assert.Equal(SizeOf(() => new @file()), bytes);
        this.Close(this.Shell, pinned);
        this.Exit(target, 0);
        this.Reap(target);
    }

    /// <summary>
    /// name_to_handle_at + open_by_handle_at + close allocates upstream's three objects: the kzalloc'd struct
    /// file_handle of the size user space offered, the kmalloc'd copy of the handle decoded, and the struct file.
    /// </summary>
    [Fact]
    public void HandleRoundTripAllocatesOnlyUpstreamObjects()
    {
        const int Offered = 128;
        var k = this.K;
        var target = this.Fork(this.Shell, "target");
        var pidfd = this.Open(this.Shell, target);
        var fh = new file_handle(Offered);
        var mnt_id = new ulong[1];
        var fd = 0;
        Func<long> encode = () =>
        {
            fh.handle_bytes = Offered;
            return k.sys_name_to_handle_at(pidfd, string.Empty, fh, mnt_id, vmlinux.AT_EMPTY_PATH);
        };
        Func<long> decode = () => fd = (int)k.sys_open_by_handle_at(pidfd, fh, 0);
        Func<long> close = () => k.sys_close((uint)fd);

        var failed = 0;
        var bytes = this.BytesPerCall(() =>
        {
            failed += k.syscall(this.Shell, encode) != 0 ? 1 : 0;
            failed += k.syscall(this.Shell, decode) < 0 ? 1 : 0;
            failed += k.syscall(this.Shell, close) != 0 ? 1 : 0;
        });

        Assert.Equal(0, failed);

        var used = (int)fh.handle_bytes;
        Assert.Equal(8, used);
        Assert.Equal(SizeOf(() => new file_handle(Offered)) + SizeOf(() => new file_handle(used)) + SizeOf(() => new @file()), bytes);
        this.Close(this.Shell, pidfd);
        this.Exit(target, 0);
        this.Reap(target);
    }

    /* the bytes one object costs, allocated alone on this thread */
    private static long SizeOf(Func<object> make)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(make());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /* the bytes one round allocates, over a batch after a warm-up (first calls fill caches and tables) */
    private long BytesPerCall(Action round)
    {
        for (var i = 0; i < Warmup; i++)
        {
            round();
        }

        this.K.rcu_barrier();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            round();
        }

        var total = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, total % Calls); /* the same bytes every round: nothing amortised */
        return total / Calls;
    }
}
