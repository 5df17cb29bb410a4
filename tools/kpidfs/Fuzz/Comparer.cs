// SPDX-License-Identifier: GPL-2.0-only

using System;
using Kpidfs.Scenario;

namespace Kpidfs.Fuzz;

/// <summary>Runs a scenario on a model-side and a host-side backend and compares the transcripts.</summary>
/// <param name="model">Makes the first backend (the model).</param>
/// <param name="host">Makes the second backend (the host), or null to run only the first.</param>
public sealed class Comparer(Func<IBackend> model, Func<IBackend>? host)
{
    /// <summary>Gets a value indicating whether only the first backend runs.</summary>
    public bool ModelOnly => host == null;

    /// <summary>Runs <paramref name="file"/> on both backends.</summary>
    /// <param name="file">The scenario.</param>
    /// <returns>What happened.</returns>
    public Comparison Compare(ScenarioFile file)
    {
        string? hostText = string.Empty;
        string? hostError = null;
        string? hostException = null;
        if (host != null)
        {
            var h = RunSafely(file, host, out hostException);
            if (h?.Skipped != null)
            {
                return new Comparison("skipped", string.Empty, h.Skipped, null, -1);
            }

            hostText = h == null ? string.Empty : WithError(h);
            hostError = h?.Error;
        }

        var m = RunSafely(file, model, out var modelException);
        var modelText = m == null ? string.Empty : WithError(m);
        var first = FirstDifference(modelText, hostText);
        string kind;
        if (modelException != null)
        {
            kind = "model-exception:" + TypeOf(modelException);
        }
        else if (hostException != null)
        {
            kind = "host-exception:" + TypeOf(hostException);
        }
        else if (m!.Error != null)
        {
            kind = "model-error";
        }
        else if (hostError != null)
        {
            kind = "host-error";
        }
        else if (host != null && modelText != hostText)
        {
            kind = "transcript";
        }
        else
        {
            kind = "same";
        }

        return new Comparison(kind, modelText, host == null ? string.Empty : hostText, modelException ?? hostException, kind == "same" ? -1 : first);
    }

    private static RunOutcome? RunSafely(ScenarioFile file, Func<IBackend> make, out string? exception)
    {
        exception = null;
        try
        {
            var outcome = Runner.Run(file, make);
            exception = outcome.Crash;
            return exception == null ? outcome : null;
        }
#pragma warning disable CA1031 // a crash of a backend is a finding, not the end of the campaign
        catch (Exception e)
#pragma warning restore CA1031
        {
            exception = e.ToString();
            return null;
        }
    }

    private static string TypeOf(string exception)
    {
        var end = exception.IndexOfAny([':', '\n', '\r']);
        return end < 0 ? exception : exception[..end];
    }

    private static string WithError(RunOutcome o) => o.Error == null ? o.Transcript : o.Transcript + o.Error + "\n";

    private static int FirstDifference(string a, string b)
    {
        var la = a.Split('\n');
        var lb = b.Split('\n');
        for (var i = 0; i < Math.Min(la.Length, lb.Length); i++)
        {
            if (la[i] != lb[i])
            {
                return i;
            }
        }

        return la.Length == lb.Length ? -1 : Math.Min(la.Length, lb.Length);
    }
}
