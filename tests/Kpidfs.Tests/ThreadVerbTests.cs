// SPDX-License-Identifier: GPL-2.0-only

using System.Linq;
using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>The thread verbs (`thread_exit`, `exec`): parsing, and what the exec'd name stands for on both backends.</summary>
public class ThreadVerbTests
{
    /* after an exec by T, the name T is the process (the leader's pid): exit T ends it, a new thread joins it */
    private const string ExecThenUseName = """
        # version: 2
        spawn P
        thread T of P
        pidfd_open a P
        exec T
        thread U of T
        pidfd_open u U PIDFD_THREAD
        info u
        thread_exit U 4
        poll u
        exit T 3
        waitid a
        """;

    private static readonly string ExecThenUseNameTranscript = Scenarios.Lines(
        "spawn P: ok",
        "thread T of P: ok",
        "pidfd_open a P: ok",
        "exec T: ok",
        "thread U of T: ok",
        "pidfd_open u U PIDFD_THREAD: ok",
        "info u: ok mask=PID|CREDS|CGROUPID pid=U tgid=P ppid=shell exit=-",
        "thread_exit U 4: ok",
        "poll u: IN|RDNORM|HUP",
        "exit T 3: ok",
        "waitid a: ok exited(3)");

    /// <summary>Malformed thread-verb lines, and the verbs need `# version: 2`.</summary>
    /// <param name="text">The file.</param>
    /// <param name="message">A part of the expected message.</param>
    [Theory]
    [InlineData("spawn P\nthread_exit P 0\n", "'thread_exit' is a version 2 verb; the file must start with '# version: 2'")]
    [InlineData("spawn P\nexec P\n", "'exec' is a version 2 verb")]
    [InlineData("# version: 2\nspawn P\nthread_exit P\n", "too few arguments; usage: thread_exit THREAD CODE")]
    [InlineData("# version: 2\nspawn P\nthread_exit P x\n", "bad exit code 'x'")]
    [InlineData("# version: 2\nspawn P\nthread_exit Q 1\n", "unknown process 'Q'")]
    [InlineData("# version: 2\nspawn P\npidfd_open a P\nexec a\n", "'a' is an fd, not a process or thread")]
    [InlineData("# version: 2\nspawn P\nexec P P\n", "too many arguments; usage: exec THREAD")]
    public void BadLines(string text, string message)
    {
        Parser.Parse("t.scn", text, out var errors);
        Assert.Contains(message, Assert.Single(errors).Message, System.StringComparison.Ordinal);
    }

    /// <summary>A file that uses the thread verbs is parsed into their ops, with literal pids allowed.</summary>
    [Fact]
    public void Parses()
    {
        var f = Scenarios.Parse("# version: 2\nspawn P\nthread T of P\nthread_exit T 7\nexec P\nthread_exit 1234 0\n");
        var exit = Assert.IsType<ThreadExitOp>(f.Ops[2]);
        Assert.Equal(("T", 7), (exit.Target.Name, exit.Code));
        Assert.Equal("P", Assert.IsType<ExecOp>(f.Ops[3]).Target.Name);
        Assert.Equal(1234, f.Ops.OfType<ThreadExitOp>().Last().Target.Literal);
    }

    /// <summary>The model: after `exec T` the name T addresses the exec'd process.</summary>
    [Fact]
    public void ModelExecRebindsTheName() => Assert.Equal(ExecThenUseNameTranscript, Scenarios.Model(ExecThenUseName));

    /// <summary>The host (the C thread helper): the same transcript.</summary>
    [HostFact]
    public void HostExecRebindsTheName() => Assert.Equal(ExecThenUseNameTranscript, Scenarios.Host(ExecThenUseName));

    /// <summary>The model refuses to make a thread that already exited act again (exit 3, the run stops at the line).</summary>
    [Fact]
    public void ExitedThreadCannotExitAgain()
    {
        var f = Scenarios.Parse("# version: 2\nspawn P\nthread T of P\nthread_exit T 0\nthread_exit T 1\n");
        var outcome = Runner.Run(f, () => new Kpidfs.Model.ModelBackend());
        Assert.Contains("t.scn:5: model: cannot make exit that process: it has already exited", outcome.Error, System.StringComparison.Ordinal);
    }
}
