// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kpidfs.Host;
using Kpidfs.Model;
using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>
/// The scenario corpus (tests/scenarios/*.scn): every file runs on the model and must give its
/// checked-in expected transcript; where the host can run it (pidfs present, inside the file's
/// `# kernel:` range, not model-only), the host must give the same transcript as the model.
/// </summary>
public sealed class ScenarioCorpusTests
{
    /// <summary>Gets the corpus files, by name.</summary>
    public static IEnumerable<object[]> Files =>
        Directory.GetFiles(Path.Combine(RepoRoot(), "tests", "scenarios"), "*.scn").OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>The model's transcript is the expected one.</summary>
    /// <param name="name">The scenario file.</param>
    [Theory]
    [MemberData(nameof(Files))]
    public void ModelMatchesExpected(string name)
    {
        var file = Load(name);
        var model = Runner.Run(file, () => new ModelBackend());
        Assert.Null(model.Error);
        Assert.Null(model.Skipped);
        Assert.Equal(File.ReadAllText(Path.ChangeExtension(file.Path, ".expected")), model.Transcript);
    }

    /// <summary>The real kernel agrees with the model (reported as skipped, with the reason, where the host cannot run the file).</summary>
    /// <param name="name">The scenario file.</param>
    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void HostMatchesModel(string name)
    {
        var file = Load(name);
        var host = Runner.Run(file, () => new HostBackend());
        Skip.If(host.Skipped != null, host.Skipped); /* reported as skipped with the file's reason, never as passed */

        if (host.Error != null)
        {
            /* The host runs real processes: a line it could not run faithfully in time (a child slow to stop,
             * start a thread or exit while the machine is loaded) is retried once, and the retry must be clean. */
            var first = host.Error;
            host = Runner.Run(file, () => new HostBackend());
            Assert.True(host.Error == null, $"host, twice: {first} / {host.Error}");
        }

        var model = Runner.Run(file, () => new ModelBackend());
        Assert.Equal(model.Transcript, host.Transcript);
    }

    /// <summary>The model runs under the lock graph check: kernel.lockgraph is beside the binaries (a corpus run fails on a lock dependency the analyzers did not predict).</summary>
    [KconfigFact("CONFIG_PROVE_LOCKING")]
    public void CorpusRunsUnderTheLockGraphCheck()
    {
        Assert.NotNull(Linux.static_lock_graph.current);
        var model = Runner.Run(Load(Files.Select(f => (string)f[0]).First()), () => new ModelBackend());
        Assert.Null(model.Error);
    }

    /// <summary>The corpus is large enough and every file has an expected transcript.</summary>
    [Fact]
    public void CorpusIsComplete()
    {
        var files = Files.Select(f => (string)f[0]).ToList();
        Assert.True(files.Count >= 30, $"{files.Count} scenario files");
        foreach (var f in files)
        {
            Assert.True(File.Exists(Path.Combine(RepoRoot(), "tests", "scenarios", Path.ChangeExtension(f, ".expected"))), f);
        }
    }

    private static ScenarioFile Load(string name)
    {
        var path = Path.Combine(RepoRoot(), "tests", "scenarios", name);
        var file = Parser.Parse(path, File.ReadAllText(path), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return file!;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Kbuild.props")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
