// SPDX-License-Identifier: GPL-2.0-only

using System.Threading.Tasks;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// The whole pid state after representative sequences, as a person would read it:
/// namespaces with their idr and pid_max, each struct pid with numbers, count and ino,
/// each task with its links. The text must be identical on every run.
/// </summary>
public sealed class StateSnapshotTests : KernelTest
{
    /// <summary>Right after boot: init, kthreadd and the shell.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public Task AfterBoot() => Verifier.Verify(this.K.kstate());

    /// <summary>Two nested namespaces, a zombie inside, and a thread.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public Task NestedNamespacesWithZombieAndThread()
    {
        var a = this.Fork(this.Shell, "a");
        this.Unshare(a);
        var init1 = this.Fork(a, "init1");
        this.Unshare(init1);
        var init2 = this.Fork(init1, "init2");
        var leaf = this.Fork(init2, "leaf");
        this.K.spawn_thread(leaf, "leaf-t");
        var z = this.Fork(init1, "zombie");
        this.Exit(z, 42);

        /* a new namespace starts at PID_MAX_LIMIT, which depends on CONFIG_64BIT */
        return Verifier.Verify(this.K.kstate(), uniqueForBitness: true);
    }

    /// <summary>A namespace whose init exited: allocation disabled, only the zombie init left.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public Task AfterNamespaceInitExit()
    {
        var a = this.Fork(this.Shell, "a");
        this.Unshare(a);
        var init = this.Fork(a, "init");
        this.Fork(init, "c1");
        this.Fork(init, "c2");
        this.Exit(init, 1);
        return Verifier.Verify(this.K.kstate(), uniqueForBitness: true);
    }

    /// <summary>A zombie leader delayed by a live thread, and a cyclic pid after a reap.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public Task DelayedLeaderAndCyclicPids()
    {
        var p = this.Fork(this.Shell, "p");
        this.K.spawn_thread(p, "p-t");
        this.Sys(p, k => k.sys_exit(0));
        var gone = this.Fork(this.Shell, "gone");
        this.Exit(gone, 0);
        this.Reap(gone);
        this.Fork(this.Shell, "next");
        return Verifier.Verify(this.K.kstate());
    }
}
