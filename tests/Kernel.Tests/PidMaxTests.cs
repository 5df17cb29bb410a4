// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// Per-namespace pid_max (the kernel selftest pid_namespace/pid_max.c and shared/host-kernel.md §6):
/// a new namespace starts at PID_MAX_LIMIT, writes outside [301, PID_MAX_LIMIT] are refused,
/// every level's limit applies, and after a wrap allocation restarts at RESERVED_PIDS.
/// </summary>
public sealed class PidMaxTests : KernelTest
{
    /// <summary>The initial namespace has 32768 (the host's value); a new one starts at PID_MAX_LIMIT, not at its parent's value.</summary>
    [Fact]
    public void NewNamespaceStartsAtPidMaxLimit()
    {
        Assert.Equal(32768, this.ReadPidMax(this.Shell));
        var init1 = this.NewNamespace(this.Shell, "ns1init");
        Assert.Equal(vmlinux.PID_MAX_LIMIT, this.ReadPidMax(init1));
        Assert.Equal(0, this.WritePidMax(init1, "330"));
        var init2 = this.NewNamespace(init1, "ns2init");
        Assert.Equal(vmlinux.PID_MAX_LIMIT, this.ReadPidMax(init2));
        Assert.Equal(330, this.ReadPidMax(init1));
        Assert.Equal(32768, this.ReadPidMax(this.Shell));
    }

    /// <summary>The writes the host accepts and refuses.</summary>
    /// <param name="value">The text written.</param>
    /// <param name="expected">0 or -errno.</param>
    [Theory]
    [InlineData("0", -errno.EINVAL)]
    [InlineData("1", -errno.EINVAL)]
    [InlineData("299", -errno.EINVAL)]
    [InlineData("300", -errno.EINVAL)]
    [InlineData("301", 0)]
    [InlineData("32768", 0)]
    [InlineData("-1", -errno.EINVAL)]
    [InlineData("pid", -errno.EINVAL)]
    public void WriteLimits(string value, long expected)
    {
        var init = this.NewNamespace(this.Shell, "nsinit");
        Assert.Equal(expected, this.WritePidMax(init, value));
    }

    /// <summary>PID_MAX_LIMIT itself is accepted and one more is not (4194304 on 64-bit, 32768 on 32-bit).</summary>
    [Fact]
    public void WriteUpperBound()
    {
        var init = this.NewNamespace(this.Shell, "nsinit");
        Assert.Equal(0, this.WritePidMax(init, vmlinux.PID_MAX_LIMIT.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(-errno.EINVAL, this.WritePidMax(init, (vmlinux.PID_MAX_LIMIT + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
#if CONFIG_64BIT
        Assert.Equal(4194304, vmlinux.PID_MAX_LIMIT);
#else
        Assert.Equal(32768, vmlinux.PID_MAX_LIMIT);
#endif
    }

    /// <summary>pid_max = 320: pids 2..319 fit (318 children), the next fork is EAGAIN; once all are freed the next pid is 300.</summary>
    [Fact]
    public void FullNamespaceIsEagainAndWrapRestartsAt300()
    {
        var init = this.NewNamespace(this.Shell, "nsinit");
        Assert.Equal(0, this.WritePidMax(init, "320"));
        var children = this.ForkUntilFailure(init, out var err);
        Assert.Equal(-errno.EAGAIN, err);
        Assert.Equal(318, children.Count);
        Assert.Equal(319, this.PidAsSeenBy(init, children[^1]));

        foreach (var c in children)
        {
            this.Exit(c, 0);
            this.Reap(c);
        }

        var next = this.Fork(init, "next");
        Assert.Equal(300, this.PidAsSeenBy(init, next));
    }

    /// <summary>pid_max_simple: with pid_max 500, 501 fork-and-reap rounds all get pids below 500, so allocation wraps.</summary>
    [Fact]
    public void PidMaxSimple()
    {
        var init = this.NewNamespace(this.Shell, "nsinit");
        Assert.Equal(0, this.WritePidMax(init, "500"));
        var seen = new List<int>();
        for (var i = 0; i < 501; i++)
        {
            var c = this.Fork(init, "c");
            var nr = this.PidAsSeenBy(init, c);
            Assert.InRange(nr, 2, 499);
            seen.Add(nr);
            this.Exit(c, 0);
            this.Reap(c);
        }

        /* 2..499 first, then the wrap restarts at RESERVED_PIDS */
        Assert.Equal(new[] { 498, 499, 300, 301, 302 }, seen.GetRange(496, 5));
    }

    /// <summary>pid_max_nested_limit: outer 400, inner 500: the inner namespace gets fewer than 400 processes (the outer limit applies).</summary>
    [Fact]
    public void PidMaxNestedLimit()
    {
        var outer = this.NewNamespace(this.Shell, "outer");
        Assert.Equal(0, this.WritePidMax(outer, "400"));
        var inner = this.NewNamespaceFrom(outer, "inner");
        Assert.Equal(0, this.WritePidMax(inner, "500"));

        var children = this.ForkUntilFailure(inner, out var err);
        Assert.Equal(-errno.EAGAIN, err);
        Assert.True(children.Count < 400, $"{children.Count} children");

        /* outer numbers 1 (outer init) and 2 (inner init) are taken; 3..399 remain */
        Assert.Equal(397, children.Count);
    }

    /// <summary>
    /// pid_max_nested: the outer namespace (pid_max 400) is nearly full when the inner one is made;
    /// the inner init's first fork takes the last outer number and the second fails, then 510
    /// fork-and-reap rounds succeed with inner pids below 500.
    /// </summary>
    [Fact]
    public void PidMaxNested()
    {
        var outer = this.NewNamespace(this.Shell, "outer");
        Assert.Equal(0, this.WritePidMax(outer, "400"));
        for (var i = 0; i < 396; i++)
        {
            this.Fork(outer, "filler");
        }

        var inner = this.NewNamespaceFrom(outer, "inner");
        Assert.Equal(398, this.PidAsSeenBy(outer, inner));
        Assert.Equal(0, this.WritePidMax(inner, "500"));

        var first = this.Fork(inner, "first");
        Assert.Equal(2, this.PidAsSeenBy(inner, first));
        Assert.Equal(-errno.EAGAIN, vmlinux.PTR_ERR(this.K.fork(inner, "second")));

        this.Exit(first, 0);
        this.Reap(first);
        for (var i = 0; i < 510; i++)
        {
            var c = this.Fork(inner, "c");
            Assert.InRange(this.PidAsSeenBy(inner, c), 2, 499);
            this.Exit(c, 0);
            this.Reap(c);
        }
    }

    /// <summary>Outer 330, inner 30000: the inner namespace runs out when the outer level does (every ancestor's limit applies).</summary>
    [Fact]
    public void EveryAncestorLevelsLimitApplies()
    {
        var outer = this.NewNamespace(this.Shell, "outer");
        Assert.Equal(0, this.WritePidMax(outer, "330"));
        var inner = this.NewNamespaceFrom(outer, "inner");
        Assert.Equal(0, this.WritePidMax(inner, "30000"));
        var children = this.ForkUntilFailure(inner, out var err);
        Assert.Equal(-errno.EAGAIN, err);
        Assert.Equal(330 - 3, children.Count);
        Assert.Equal(329, this.PidAsSeenBy(outer, children[^1]));
    }

    /// <summary>Lowering pid_max below pids in use is allowed; those pids stay.</summary>
    [Fact]
    public void LoweringBelowPidsInUseIsAllowed()
    {
        var init = this.NewNamespace(this.Shell, "nsinit");
        for (var i = 0; i < 400; i++)
        {
            this.Fork(init, "c");
        }

        Assert.Equal(0, this.WritePidMax(init, "350"));
        Assert.Equal(-errno.EAGAIN, vmlinux.PTR_ERR(this.K.fork(init, "late")));
    }

    private task_struct NewNamespace(task_struct parent, string comm)
    {
        var unsharer = this.Fork(parent, comm + "-parent");
        Assert.Equal(0, this.Unshare(unsharer));
        var init = this.Fork(unsharer, comm);
        Assert.Equal(1, this.PidAsSeenBy(init, init));
        return init;
    }

    /* as the selftests do: the parent itself unshares, so its next child is the new init */
    private task_struct NewNamespaceFrom(task_struct parent, string comm)
    {
        Assert.Equal(0, this.Unshare(parent));
        var init = this.Fork(parent, comm);
        Assert.Equal(1, this.PidAsSeenBy(init, init));
        return init;
    }

    private List<task_struct> ForkUntilFailure(task_struct parent, out long err)
    {
        var list = new List<task_struct>();
        while (true)
        {
            var c = this.K.fork(parent, "c");
            if (vmlinux.IS_ERR(c))
            {
                err = vmlinux.PTR_ERR(c);
                return list;
            }

            list.Add(c);
        }
    }
}
