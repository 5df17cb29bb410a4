// SPDX-License-Identifier: GPL-2.0-only

using System;
using Kpidfs.Host;
using Kpidfs.Model;
using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>Runs scenario texts in tests.</summary>
internal static class Scenarios
{
    /// <summary>Parses a text that must be well formed.</summary>
    /// <param name="text">The scenario.</param>
    /// <returns>The file.</returns>
    public static ScenarioFile Parse(string text)
    {
        var f = Parser.Parse("t.scn", text, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return f!;
    }

    /// <summary>Runs a text on a backend; the run must not stop on an error.</summary>
    /// <param name="text">The scenario.</param>
    /// <param name="backend">Makes the backend.</param>
    /// <returns>The transcript.</returns>
    public static string Transcript(string text, Func<IBackend> backend)
    {
        var o = Runner.Run(Parse(text), backend);
        Assert.Null(o.Skipped);
        Assert.Null(o.Error);
        return o.Transcript;
    }

    /// <summary>Runs a text on the host.</summary>
    /// <param name="text">The scenario.</param>
    /// <returns>The transcript.</returns>
    public static string Host(string text) => Transcript(text, () => new HostBackend());

    /// <summary>Runs a text on the model.</summary>
    /// <param name="text">The scenario.</param>
    /// <returns>The transcript.</returns>
    public static string Model(string text) => Transcript(text, () => new ModelBackend());

    /// <summary>Joins lines with a newline after each (the transcript format).</summary>
    /// <param name="lines">The lines.</param>
    /// <returns>The text.</returns>
    public static string Lines(params string[] lines) => string.Concat(Array.ConvertAll(lines, l => l + "\n"));
}
