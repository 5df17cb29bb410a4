// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Threading;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// The grace period against a reader that enters its read section at the moment the updater
/// unpublishes: real threads on two CPUs, started together on every round. The reader enters,
/// loads the published version, stays a little, and loads the freed mark; the updater publishes
/// the next version, waits for a grace period (synchronize_rcu) and marks the old one freed. A
/// reader that found the old version must never see it freed before it leaves its section.
/// </summary>
public class RcuOrderingTests : KernelTest
{
    private const int Rounds = 20000;

    /* a safety net so a broken kernel fails the test instead of hanging it; no result depends on it */
    private static readonly TimeSpan Stuck = TimeSpan.FromSeconds(120);

    private long published;
    private long freed = -1;
    private int round = -1;
    private int ready;

    /// <summary>No round lets the updater free what a reader that had just entered still holds.</summary>
    [Fact]
    public void AGracePeriodWaitsForAReaderThatHasJustEntered()
    {
        var cpus = this.SpawnThreads(this.Shell, 2);
        var violations = 0;
        Exception? readerFailed = null;
        var reader = CpuThread(
            () => this.Sys(cpus[0], k =>
            {
                violations = this.Read(k);
                return 0;
            }),
            e =>
            {
                readerFailed = e;
                Volatile.Write(ref this.ready, int.MaxValue);
            });
        reader.Start();

        this.Sys(cpus[1], this.Update);
        Assert.True(reader.Join(Stuck), "the reader did not finish");

        Assert.Null(readerFailed);
        Assert.Equal(0, violations);
        this.ExitThreads(cpus);
    }

    private static void SpinUntil(ref int location, int value)
    {
        var spin = default(SpinWait);
        while (Volatile.Read(ref location) < value)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /* the reader's rounds: enter, take the version, linger, look whether it was freed, leave */
    private int Read(vmlinux k)
    {
        var violations = 0;
        for (var r = 0; r < Rounds; r++)
        {
            SpinUntil(ref this.round, r);
            k.rcu_read_lock();
            var seen = Volatile.Read(ref this.published);
            Thread.SpinWait(20);
            var gone = Volatile.Read(ref this.freed);
            k.rcu_read_unlock();
            if (gone >= seen)
            {
                violations++;
            }

            Volatile.Write(ref this.ready, r + 1);
        }

        return violations;
    }

    /* the updater's rounds: publish version r + 1, wait for a grace period, free version r */
    private long Update(vmlinux k)
    {
        for (var r = 0; r < Rounds; r++)
        {
            SpinUntil(ref this.ready, r);
            if (Volatile.Read(ref this.ready) == int.MaxValue)
            {
                break;
            }

            Volatile.Write(ref this.round, r);
            Volatile.Write(ref this.published, r + 1);
            k.synchronize_rcu();
            Volatile.Write(ref this.freed, r);
        }

        return 0;
    }
}
