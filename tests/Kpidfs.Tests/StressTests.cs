// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Kpidfs.Stress;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>`kpidfs stress`.</summary>
public class StressTests
{
    /// <summary>Two CPUs, 3,000 operations: the closing line has the counts, all zero but the operations.</summary>
    [Fact]
    public void ShortRunIsClean()
    {
        var output = new StringWriter();
        var code = StressCommand.Run(2, 3000, 1, output);
        var lines = Lines(output);
        Assert.Equal("3000 ops, 0 splats, 0 leaks, 0 reused inodes, 0 reaped pidfds without exit info, 0 hangs", lines[^1]);
        Assert.Matches(@"^3000 ops in [0-9.]+ s on 2 CPUs: [0-9]+ ops/s$", lines[^2]);
        Assert.Equal(0, code);
    }

    /// <summary>
    /// The mix does not collapse: on one CPU (no interleaving, so the same run every time) each
    /// operation the issue names is issued often and succeeds in at least a third of its tries.
    /// A mix whose stopped children pile up, or whose pidfds all point at reaped processes, fails this.
    /// </summary>
    [Fact]
    public void EveryOperationSucceedsInAHealthyShare()
    {
        var output = new StringWriter();
        Assert.Equal(0, StressCommand.Run(1, 4000, 1, output));
        var lines = Lines(output);
        string[] ops =
        [
            "fork", "clone thread", "exit", "exit_group", "(waits that reaped)", "(waits that saw a stop/continue)",
            "wait4 WNOHANG", "wait4 WNOHANG|WUNTRACED|WCONTINUED", "wait4(-1) blocking", "wait4(pid) blocking",
            "waitid P_PID blocking", "waitid P_PIDFD blocking", "waitid P_PIDFD WNOHANG",
            "pidfd_open 0", "pidfd_open PIDFD_NONBLOCK", "pidfd_open PIDFD_THREAD", "pidfd_open PIDFD_NONBLOCK|PIDFD_THREAD",
            "close", "fstat", "PIDFD_GET_INFO", "poll", "name_to_handle_at",
            "open_by_handle_at 0", "open_by_handle_at O_NONBLOCK", "open_by_handle_at O_EXCL (PIDFD_THREAD)",
            "pidfd_send_signal SIGSTOP", "pidfd_send_signal SIGCONT", "pidfd_send_signal SIGKILL",
            "pidfd_send_signal SIGTERM", "pidfd_send_signal SIGUSR1", "pidfd_send_signal 0", "SIGCONT a stopped child",
        ];
        foreach (var op in ops)
        {
            var line = lines.SingleOrDefault(l => l.StartsWith(op + " ", StringComparison.Ordinal));
            Assert.True(line != null, $"no line for {op}:\n{output}");
            var n = line![op.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var attempted = long.Parse(n[0], CultureInfo.InvariantCulture);
            var succeeded = long.Parse(n[1], CultureInfo.InvariantCulture);
            Assert.True(attempted >= 5 && succeeded * 3 >= attempted, $"{op}: {attempted} attempted, {succeeded} succeeded:\n{output}");
        }
    }

    private static string[] Lines(StringWriter output) =>
        output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}
