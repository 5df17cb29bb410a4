// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.IO;
using Kpidfs.Faults;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>`kpidfs faults`.</summary>
public class FaultsTests
{
    /// <summary>
    /// lifecycle.scn: spawn makes 7 allocations (task, cred, files, mm, sighand, signal, pid), the first
    /// pidfd_open 4 (attr, dentry, inode, file), the second 1 (its own file on the same dentry), name_to_handle_at 1
    /// (the kzalloc'd struct file_handle); each failure unwinds.
    /// </summary>
    [Fact]
    public void LifecycleSampleFailsEveryAllocationCleanly()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "samples", "lifecycle.scn");
        var output = new StringWriter();
        var code = FaultsCommand.Run([file], output, TextWriter.Null);
        Assert.Equal("14 runs, 13 injected, 0 leaks, 0 warnings, 0 wrong errno\n", output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.Equal(0, code);
    }

    /// <summary>`kpidfs lockdep`: the chains of lifecycle.scn include the exit path's tasklist_lock -> siglock -> stats_lock -> wait_pidfd.</summary>
    [KconfigFact("CONFIG_LOCKDEP")]
    public void LockdepChainsOfLifecycle()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "samples", "lifecycle.scn");
        var output = new StringWriter();
        Assert.Equal(0, Kpidfs.Commands.ScenarioCommands.Lockdep(file, output, TextWriter.Null));
        var text = output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal);
        Assert.StartsWith("all lock chains:\n", text, StringComparison.Ordinal);
        Assert.Contains("irq_context: 0\n[0000000000000000] tasklist_lock\n[0000000000000000] &sighand->siglock\n[0000000000000000] &sig->stats_lock\n[0000000000000000] &pid->wait_pidfd\n\n", text, StringComparison.Ordinal);
        Assert.Contains("[0000000000000000] pidmap_lock\n[0000000000000000] pidmap_lock_seq\n", text, StringComparison.Ordinal);
    }

    /// <summary>A malformed file runs nothing (exit 2).</summary>
    [Fact]
    public void MalformedFile()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "spawn P\nspawn P\n");
        var err = new StringWriter();
        Assert.Equal(2, FaultsCommand.Run([path], TextWriter.Null, err));
        Assert.Contains(":2:", err.ToString(), StringComparison.Ordinal);
        File.Delete(path);
    }
}
