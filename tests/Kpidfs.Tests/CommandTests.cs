// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.IO;
using System.Linq;
using Kpidfs.Commands;
using Kpidfs.Host;
using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>`kpidfs run`, `diff` and `state`; the sample files and their host transcripts.</summary>
public class CommandTests
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>Gets the sample files.</summary>
    public static TheoryData<string> SampleFiles { get; } = [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples"), "*.scn").Select(p => Path.GetFileName(p)!).Order()];

    /// <summary>Each sample gives its recorded host transcript.</summary>
    /// <param name="name">The sample.</param>
    [HostTheory]
    [MemberData(nameof(SampleFiles))]
    public void SampleOnHost(string name)
    {
        var (code, stdout, stderr) = Run(c => ScenarioCommands.Run([Path.Combine(Samples, name)], "host", c.Out, c.Err));
        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(Path.Combine(Samples, Path.ChangeExtension(name, ".host.txt"))), stdout);
    }

    /// <summary>A malformed file stops everything before anything runs (exit 2, `FILE:LINE: message`).</summary>
    [Fact]
    public void MalformedFileRunsNothing()
    {
        var bad = Temp("spawn P\nspawn P\n");
        var good = Path.Combine(Samples, "lifecycle.scn");
        var (code, stdout, stderr) = Run(c => ScenarioCommands.Run([good, bad], "model", c.Out, c.Err));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"{bad}:2: 'P' is already a process (defined at line 1); process and thread names cannot be redefined\n", stderr);
        (code, _, stderr) = Run(c => ScenarioCommands.Run(["/nonexistent.scn"], "host", c.Out, c.Err));
        Assert.Equal(2, code);
        Assert.StartsWith("/nonexistent.scn:0: cannot read", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// A scenario that signals shell (which runs the scenario) stops at that line with exit code 3 and
    /// `FILE:LINE: model: message`, never with a stack trace.
    /// </summary>
    /// <param name="signal">The signal sent to shell.</param>
    [Theory]
    [InlineData("SIGKILL")]
    [InlineData("SIGTERM")]
    public void SignallingShellStopsTheModelRun(string signal) => SignallingShellStopsTheRun("model", signal);

    /// <summary>The same on the host: the same transcript and message.</summary>
    /// <param name="signal">The signal sent to shell.</param>
    [HostTheory]
    [InlineData("SIGKILL")]
    [InlineData("SIGTERM")]
    public void SignallingShellStopsTheHostRun(string signal) => SignallingShellStopsTheRun("host", signal);

    /// <summary>A backend that throws unexpectedly stops the run at its line (exit code 3), with no stack trace.</summary>
    [Fact]
    public void CrashStopsTheRunAtItsLine()
    {
        var file = Parser.Parse("crash.scn", "spawn P\nspawn Q\n", out var errors)!;
        Assert.Empty(errors);
        /* the script has one answer: the second spawn finds the queue empty */
        var outcome = Runner.Run(file, () => new ScriptedBackend(1, new TaskResult(0, 100)));
        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal("crash.scn:2: scripted: internal error: InvalidOperationException: Queue empty.", outcome.Error);
        Assert.Contains("ScriptedBackend", outcome.Crash, StringComparison.Ordinal);
        Assert.Equal("spawn P: ok\n", outcome.Transcript);
    }

    /// <summary>On the model: spawn, thread, exit and reap work; a pidfd verb stops the run with a clear message.</summary>
    [Fact]
    public void ModelRun()
    {
        var a = Temp("spawn P\nthread T of P\nexit T 5\nreap P\nreap P\n");
        var b = Temp("spawn P\npidfd_open a P\nexit P 1\nreap P\n");
        var (code, stdout, stderr) = Run(c => ScenarioCommands.Run([a, b], "model", c.Out, c.Err));
        Assert.Equal(0, code);
        Assert.Equal(
            Scenarios.Lines($"==> {a} <==", "spawn P: ok", "thread T of P: ok", "exit T 5: ok", "reap P: ok exited(5)", "reap P: ECHILD", $"==> {b} <==", "spawn P: ok", "pidfd_open a P: ok", "exit P 1: ok", "reap P: ok exited(1)"),
            stdout);
        Assert.Equal(string.Empty, stderr);
    }

    /// <summary>The model refuses what the host refuses: waiting forever, acting on a dead or foreign process, ending shell, a stopped parent reaping (fuzz campaign 2, sequence 7467).</summary>
    /// <param name="text">The scenario.</param>
    /// <param name="line">The line that stops.</param>
    /// <param name="message">The message.</param>
    [Theory]
    [InlineData("spawn P\nreap P\n", 2, "reap would block forever")]
    [InlineData("spawn P\nexit P 1\nexit P 2\n", 3, "it has already exited")]
    [InlineData("exit 1 0\n", 1, "the scenario does not own that process")]
    [InlineData("# version: 2\nspawn P\nspawn R by P\npidfd_open a P\nsend a SIGSTOP\nexit R 7\nreap R\n", 7, "cannot run a line as that process: it is stopped")]
    [InlineData("exit shell 0\n", 1, "cannot make exit shell")]
    public void ModelErrors(string text, int line, string message)
    {
        var o = Kpidfs.Scenario.Runner.Run(Scenarios.Parse(text), () => new Kpidfs.Model.ModelBackend());
        Assert.StartsWith($"t.scn:{line}: model: ", o.Error, StringComparison.Ordinal);
        Assert.Contains(message, o.Error, StringComparison.Ordinal);
    }

    /// <summary>`state` prints the model's state after the file.</summary>
    [Fact]
    public void State()
    {
        var (code, stdout, _) = Run(c => ScenarioCommands.State(Temp("spawn P\nexit P 3\n"), c.Out, c.Err));
        Assert.Equal(0, code);
        Assert.Contains("P:4 tgid=4", stdout, StringComparison.Ordinal);
        Assert.Contains("shell:3", stdout, StringComparison.Ordinal);
    }

    /// <summary>`diff`: same, differ and skipped, with the summary line last.</summary>
    [HostFact]
    public void Diff()
    {
        var same = Temp("spawn P\nthread T of P\nexit P 2\nreap P\n");

        /* PIDFD_INFO_SUPPORTED_MASK is new in 6.19: the model has it, a 6.18 host does not */
        var differ = Temp("spawn P\npidfd_open a P\ninfo a SUPPORTED_MASK\n");
        var skipped = Path.Combine(Samples, "model-only.scn");
        var hostBefore619 = Kpidfs.Scenario.KernelVersion.TryParse(HostBackend.Release, out var v) && v.CompareTo(new Kpidfs.Scenario.KernelVersion(6, 19, 0)) < 0;
        var (code, stdout, _) = Run(c => ScenarioCommands.Diff([same, differ, skipped], c.Out, c.Err));
        var lines = stdout.Split('\n');
        Assert.Equal([$"==> {same} <==", "same", $"==> {differ} <=="], lines[..3]);
        Assert.Contains($"==> {skipped} <==\nskipped: model-only scenario (# backend: model)\n", stdout, StringComparison.Ordinal);
        if (hostBefore619)
        {
            Assert.Equal(1, code);
            Assert.Equal([$"--- {differ} (model)", $"+++ {differ} (host)"], lines[3..5]);
            Assert.Contains("+info a SUPPORTED_MASK: ok mask=PID|CREDS|CGROUPID pid=P tgid=P ppid=shell exit=-", stdout, StringComparison.Ordinal);
            Assert.EndsWith("1 same, 1 differ, 1 skipped\n", stdout, StringComparison.Ordinal);
        }

        (code, stdout, _) = Run(c => ScenarioCommands.Diff([same], c.Out, c.Err));
        Assert.Equal(0, code);
        Assert.Equal($"==> {same} <==\nsame\n1 same, 0 differ, 0 skipped\n", stdout);
    }

    /// <summary>With several files each transcript follows a header; a skipped file says why.</summary>
    [HostFact]
    public void SeveralFilesOnHost()
    {
        var a = Temp("spawn P\n");
        var b = Temp("# kernel: < 2.6\nspawn P\n");
        var (code, stdout, _) = Run(c => ScenarioCommands.Run([a, b], "host", c.Out, c.Err));
        Assert.Equal(0, code);
        Assert.Equal($"==> {a} <==\nspawn P: ok\n==> {b} <==\nskipped: host kernel {HostBackend.Release} is outside < 2.6\n", stdout);
    }

    private static void SignallingShellStopsTheRun(string backend, string signal)
    {
        var f = Temp($"pidfd_open a shell\nsend a {signal}\npidfd_open b shell\nsend b SIGKILL\nspawn Q\n");
        var (code, stdout, stderr) = Run(c => ScenarioCommands.Run([f], backend, c.Out, c.Err));
        Assert.Equal(3, code);
        Assert.Equal("pidfd_open a shell: ok\n", stdout);
        Assert.Equal($"{f}:2: {backend}: signal {signal} to shell: it runs the scenario\n", stderr);
    }

    private static string Temp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kpidfs-{Guid.NewGuid():N}.scn");
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(Func<(TextWriter Out, TextWriter Err), int> command)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        var code = command((o, e));
        return (code, o.ToString(), e.ToString());
    }
}
