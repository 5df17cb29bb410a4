// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.IO;
using System.Linq;
using Kpidfs.Fuzz;
using Kpidfs.Host;
using Kpidfs.Model;
using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>`kpidfs fuzz`: the generator, the validity rules, the shrinker and a small host run.</summary>
public class FuzzTests
{
    /// <summary>The same seed and index give the same text; other seeds give other texts.</summary>
    [Fact]
    public void GeneratorIsDeterministic()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(Generator.Generate(5, i), Generator.Generate(5, i));
        }

        Assert.NotEqual(Generator.Generate(5, 0), Generator.Generate(6, 0));
        Assert.NotEqual(Generator.Generate(5, 0), Generator.Generate(5, 1));
        Assert.StartsWith("# fuzz seed 5 sequence 3\n# version: 2\nspawn P\n", Generator.Generate(5, 3), StringComparison.Ordinal);
    }

    /// <summary>Every scenario of seeds 1..200 parses, is valid, has 3 to 25 lines and runs on the model without an error.</summary>
    [Fact]
    public void GeneratedScenariosRunOnTheModel()
    {
        var comparer = new Comparer(() => new ModelBackend(), null);
        var verbs = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        var unshares = new System.Collections.Generic.List<int>();
        for (var seed = 1; seed <= 200; seed++)
        {
            var text = Generator.Generate(seed, 0);
            var file = Scenarios.Parse(text);
            Assert.InRange(file.Ops.Count, 3, 25);
            Assert.Null(FuzzState.Validate(file));
            var r = comparer.Compare(file);
            Assert.True(r.Kind == "same", $"{text}\n{r.Kind}\n{r.Model}\n{r.Exception}");
            verbs.UnionWith(file.Ops.Select(o => o.Text.Split(' ')[0]));
            unshares.Add(file.Ops.Count(o => o.Text.Contains("unshare CLONE_NEWPID", StringComparison.Ordinal)));
        }

        Assert.Equal(Generator.Mix.Select(m => m.Verb).Order(), verbs.Order());
        Assert.Contains(unshares, n => n > 0);
    }

    /// <summary>The validity rules refuse what the host backend would have to refuse.</summary>
    [Fact]
    public void ValidityRules()
    {
        string? Why(string text) => FuzzState.Validate(Scenarios.Parse(text));
        Assert.Null(Why("spawn P\nexit P 1\nreap P\nreap P\n"));
        Assert.Equal("line 2: reap needs a dead process of the scenario", Why("spawn P\nreap P\n"));
        Assert.Equal("line 3: exit needs a live process of the scenario", Why("spawn P\nexit P 1\nexit P 2\n"));
        Assert.Equal("line 3: a blocking waitid on a process that may be running", Why("spawn P\npidfd_open a P\nwaitid a\n"));
        Assert.Null(Why("spawn P\npidfd_open a P PIDFD_NONBLOCK\nwaitid a\nwaitid a WEXITED|WNOHANG\n"));
        Assert.Null(Why("spawn P\npidfd_open a P\nsend a SIGKILL\nwaitid a\nreap P\n"));
        Assert.Equal("line 4: thread needs a live process of the scenario", Why("spawn P\npidfd_open a P\nsend a SIGTERM\nthread T of P\n"));
        Assert.Equal("line 4: a blocking waitid on a process that may be running", Why("spawn P\nthread T of P\npidfd_open a T\nwaitid a\n"));
        Assert.Equal("line 5: reap needs a dead process of the scenario", Why("spawn P\nthread T of P\npidfd_open a T\nsend a SIGKILL\nreap P\n"));
        Assert.Null(Why("spawn P\npidfd_open a P\nwaitid a 0\nwaitid a WNOHANG\nwaitid a WSTOPPED|WNOHANG\nexit P 0\nwaitid a WEXITED|WSTOPPED\n"));
        Assert.Equal("line 4: a blocking waitid on a process that may be running", Why("spawn P\npidfd_open a P\nexit P 0\nwaitid a WSTOPPED\n"));
        Assert.Equal("line 3: send only 0, SIGKILL, SIGUSR1, SIGTERM, SIGSTOP or SIGCONT", Why("spawn P\npidfd_open a P\nsend a SIGTSTP\n"));
        Assert.Equal("line 2: a signal to shell", Why("pidfd_open a shell\nsend a SIGKILL\n"));
        Assert.Equal("line 2: a signal to shell", Why("pidfd_open a shell\nsend a SIGCONT\n"));
        Assert.Equal("line 2: info on shell prints its parent's raw pid", Why("pidfd_open a shell\ninfo a\n"));
        Assert.Equal("line 6: fd 'a' was closed and its number may have been reused", Why("spawn P\npidfd_open a P\nclose a\nstat a\npidfd_open b P\nstat a\n"));
        Assert.Equal("line 5: close of a closed fd whose number may have been reused", Why("spawn P\npidfd_open a P\nclose a\npidfd_open b P\nclose a\n"));
        Assert.Equal("line 4: info COREDUMP on a process that may have exited (6.18 and 6.19 differ there)", Why("spawn P\npidfd_open a P\nexit P 0\ninfo a COREDUMP\n"));
        Assert.Equal("line 7: the process has children not yet reaped (an orphan is reaped by the host's init at no fixed time)", Why("# version: 2\nspawn P\nspawn Q by P\nexit Q 7\npidfd_open b Q PIDFD_NONBLOCK\nwaitid b WEXITED\nexit P 1\n"));
    }

    /// <summary>Pid namespaces: the unsharer's next child is the namespace's init; only its descendants join; nothing is forked into it once the init died; SIGTERM does not kill an init.</summary>
    [Fact]
    public void PidNamespaceRules()
    {
        string? Why(string text) => FuzzState.Validate(Scenarios.Parse("# version: 2\n" + text));
        const string Ns = "spawn P\nas P: unshare CLONE_NEWPID\nspawn Q by P\n";
        Assert.Null(Why(Ns + "spawn R by Q\nspawn S by R\nas P: fork_reap\nas Q: fork_reap\n"));
        Assert.Equal("line 5: spawn … by into a pid namespace that is dead or whose init is not the parent's ancestor", Why(Ns + "spawn R by P\n"));
        Assert.Equal("line 5: only one unshare CLONE_NEWPID per process", Why(Ns + "as P: unshare CLONE_NEWPID\n"));
        Assert.Equal("line 5: a thread of a process that unshared CLONE_NEWPID (EINVAL)", Why(Ns + "thread T of P\n"));
        Assert.Null(Why(Ns + "thread T of Q\n"));
        Assert.Null(Why(Ns + "pidfd_open q Q\nsend q SIGTERM\nsend q SIGUSR1\nexit Q 0\nreap Q\n"));
        Assert.Equal("line 6: fork_reap into a dead pid namespace (ENOMEM)", Why(Ns + "exit Q 0\nas P: fork_reap\n"));
        Assert.Equal("line 5: fork_reap into a dead pid namespace (ENOMEM)", Why("spawn P\nas P: unshare CLONE_NEWPID\nas P: fork_reap\nas P: fork_reap\n"));
        Assert.Equal("line 7: exit needs a live process of the scenario", Why(Ns + "pidfd_open q Q\nsend q SIGKILL\nexit Q 0\n"));
        Assert.Null(Why(Ns + "as Q: unshare CLONE_NEWPID\nspawn R by Q\nspawn S by R\nnspid S\n"));
    }

    /// <summary>Stop and continue: a stopped process cannot exit, start a thread or reap its child (campaign 2, sequence 7467), takes no fatal signal but SIGKILL, and needs a certain pidfd to stop or continue.</summary>
    [Fact]
    public void StopAndContinueRules()
    {
        string? Why(string text) => FuzzState.Validate(Scenarios.Parse(text));
        Assert.Null(Why("spawn P\npidfd_open a P\nsend a SIGSTOP\nwaitid a WSTOPPED|WNOHANG\nsend a SIGCONT\nexit P 0\n"));
        Assert.Equal("line 4: exit needs a live process of the scenario", Why("spawn P\npidfd_open a P\nsend a SIGSTOP\nexit P 0\n"));
        Assert.Equal("line 4: thread needs a live process of the scenario", Why("spawn P\npidfd_open a P\nsend a SIGSTOP\nthread T of P\n"));
        Assert.Equal("line 4: a fatal signal other than SIGKILL to a stopped process waits for SIGCONT", Why("spawn P\npidfd_open a P\nsend a SIGSTOP\nsend a SIGTERM\n"));
        Assert.Null(Why("spawn P\npidfd_open a P\nsend a SIGSTOP\nsend a SIGKILL\nreap P\n"));
        Assert.Equal("line 3: SIGSTOP needs a certain pidfd of a live process", Why("spawn P\npidfd_open a P 1\nsend a SIGSTOP\n"));
        Assert.Null(Why("spawn P\npidfd_open a P\nsend a SIGCONT\nexit P 0\nsend a SIGSTOP\nreap P\n"));
        Assert.Equal("line 7: reap needs the process's parent alive and running (it makes the wait)", Why("# version: 2\nspawn P\nspawn R by P\npidfd_open a P\nsend a SIGSTOP\nexit R 7\nreap R\n"));
    }

    /// <summary>The fd and file verbs: nothing that changes or encodes /dev/null (a host file), getfd by name only from shell, no forged inode near real ones.</summary>
    [Fact]
    public void FdVerbRules()
    {
        string? Why(string text) => FuzzState.Validate(Scenarios.Parse(Generator.Header + text));
        Assert.Null(Why("spawn P\npidfd_open a P\nsetxattr a trusted.a 1\ngetxattr a trusted.a\nlistxattr a\nremovexattr a trusted.a\nchmod a 0777\nchown a 0 0\n"));
        Assert.Equal("line 4: an xattr of /dev/null (a host file)", Why("spawn P\nopen n /dev/null\nsetxattr n trusted.a 1\n"));
        Assert.Equal("line 3: chmod of /dev/null (a host file)", Why("open n /dev/null\nchmod n 0777\n"));
        Assert.Equal("line 3: a handle of /dev/null (the host's devtmpfs encodes one)", Why("open n /dev/null\nhandle h n\n"));
        Assert.Null(Why("open n /dev/null\ninfo n\nsend n SIGKILL\nwaitid n\ngetfl n\nsetfl n O_NONBLOCK\n"));
        Assert.Equal("line 3: an xattr change on shell (it outlives the scenario)", Why("pidfd_open s shell\nsetxattr s trusted.a 1\n"));
        Assert.Null(Why("pidfd_open s shell\ngetxattr s trusted.a\nlistxattr s\n"));
        Assert.Equal("line 5: getfd of a named fd needs a pidfd of shell", Why("spawn P\npidfd_open a P\npidfd_open b P\ngetfd c a b\n"));
        Assert.Null(Why("spawn P\npidfd_open a P\npidfd_open s shell\ngetfd c s a\ngetfd d a 100000\ngetfd e a c 1\nsend c SIGKILL\nreap P\n"));
        Assert.Equal("line 4: getfd of a literal fd number other than -1 or 100000", Why("spawn P\npidfd_open a P\ngetfd c a 5\n"));
        Assert.Equal("line 5: a forged inode number near real ones (the host's numbers are not the model's)", Why("spawn P\npidfd_open a P\nhandle h a\nforge g from h ino=+1\n"));
        Assert.Null(Why("spawn P\npidfd_open a P\nhandle h a\nforge g from h ino=+1000000000\nopen_by_handle b g\n"));
        Assert.Equal("line 3: handle_at relative to AT_FDCWD names a host file", Why("spawn P\nhandle_at h AT_FDCWD / 0\n"));

        /* F_SETFL on any name: no name is certainly nonblocking any more, so a blocking waitid is refused */
        Assert.Equal("line 5: a blocking waitid on a process that may be running", Why("spawn P\npidfd_open a P PIDFD_NONBLOCK\nsetfl a 0\nwaitid a\n"));
        Assert.Null(Why("spawn P\npidfd_open a P\nsetfl a O_NONBLOCK\nwaitid a\n"));
    }

    /// <summary>A planted divergence (a backend whose `fdinfo` fails) shrinks to a file of at most three lines.</summary>
    [Fact]
    public void ShrinkerFindsThePlantedDivergence()
    {
        var comparer = new Comparer(() => new ModelBackend(), () => new TamperedBackend(new ModelBackend()));
        var index = Enumerable.Range(0, 500).First(i => Generator.Generate(9, i) is var t && t.Contains("\nfdinfo ", StringComparison.Ordinal) && t.Split('\n').Length > 15 &&
            comparer.Compare(Scenarios.Parse(t)).Kind == "transcript");
        var text = Generator.Generate(9, index);
        var file = Scenarios.Parse(text);
        var r = comparer.Compare(file);
        Assert.Equal("transcript", r.Kind);
        var shrinker = new Shrinker(comparer);
        var (lines, min) = shrinker.Shrink("t.scn", "# version: 2\n", file.Ops.Select(o => o.Text).ToList(), r);
        Assert.InRange(lines.Count, 1, 5);
        Assert.StartsWith("fdinfo ", lines[^1], StringComparison.Ordinal);
        Assert.Equal("transcript", min.Kind);
        Assert.Contains(": ENOENT\n", min.Host, StringComparison.Ordinal);
        Assert.DoesNotContain(": ENOENT\n", min.Model, StringComparison.Ordinal);
    }

    /// <summary>An exception in the model is a finding: reported with its stack trace, shrunk, written with a side file.</summary>
    [Fact]
    public void ModelExceptionIsReported()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kpidfs-fuzz-" + Guid.NewGuid().ToString("N"));
        try
        {
            var comparer = new Comparer(() => new TamperedBackend(new ModelBackend(), crashOnPoll: true), null);
            var index = Enumerable.Range(0, 500).First(i => Generator.Generate(4, i).Contains("\npoll ", StringComparison.Ordinal));
            var file = Scenarios.Parse(Generator.Generate(4, index));
            var r = comparer.Compare(file);
            Assert.Equal("model-exception:System.InvalidOperationException", r.Kind);
            Assert.Contains("planted crash", r.Exception, StringComparison.Ordinal);
            Assert.Contains("TamperedBackend.Poll", r.Exception, StringComparison.Ordinal);
            var output = new StringWriter();
            Assert.Equal(1, new Campaign(comparer, output).Run(4, 1, dir, index));
            var stem = Path.Combine(dir, $"seed-4-{index:D6}");
            Assert.InRange(Scenarios.Parse(File.ReadAllText(stem + ".scn")).Ops.Count, 1, 3);
            Assert.Contains("planted crash", File.ReadAllText(stem + ".exception.txt"), StringComparison.Ordinal);
            Assert.EndsWith("0 same, 1 differ, 0 skipped\n", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    /// <summary>The campaign writes each divergent sequence, shrunk, with both transcripts, and counts it.</summary>
    [Fact]
    public void CampaignWritesShrunkFiles()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kpidfs-fuzz-" + Guid.NewGuid().ToString("N"));
        try
        {
            var comparer = new Comparer(() => new ModelBackend(), () => new TamperedBackend(new ModelBackend()));
            var output = new StringWriter();
            var code = new Campaign(comparer, output).Run(9, 30, dir);
            var expectDiffer = Enumerable.Range(0, 30).Count(i => Scenarios.Transcript(Generator.Generate(9, i), () => new ModelBackend())
                .Split('\n').Any(l => l.StartsWith("fdinfo ", StringComparison.Ordinal) && !l.EndsWith(": ENOENT", StringComparison.Ordinal)));
            Assert.True(expectDiffer > 0);
            Assert.Equal(1, code);
            Assert.EndsWith($"{30 - expectDiffer} same, {expectDiffer} differ, 0 skipped\n", output.ToString(), StringComparison.Ordinal);
            var files = Directory.GetFiles(dir, "*.scn").Where(f => !f.EndsWith(".orig.scn", StringComparison.Ordinal)).ToList();
            Assert.Equal(expectDiffer, files.Count);
            foreach (var f in files)
            {
                /* at most the fdinfo line, its open and a chain of three spawns (spawn R by Q, Q by P) */
                Assert.InRange(Scenarios.Parse(File.ReadAllText(f)).Ops.Count, 1, 5);
                Assert.True(File.Exists(Path.ChangeExtension(f, ".model.txt")));
                Assert.True(File.Exists(Path.ChangeExtension(f, ".host.txt")));
            }
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    /// <summary>A small fixed-seed run on the host and the model: nothing differs.</summary>
    [HostFact]
    public void SmallHostRunAgrees()
    {
        var comparer = new Comparer(() => new ModelBackend(), () => new HostBackend());
        var output = new StringWriter();
        var code = new Campaign(comparer, output).Run(1, 20, Path.Combine(Path.GetTempPath(), "kpidfs-fuzz-ci"));
        Assert.Equal("20 same, 0 differ, 0 skipped\n", output.ToString().Split('\n')[^2] + "\n");
        Assert.Equal(0, code);
    }
}
