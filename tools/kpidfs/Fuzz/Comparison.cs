// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Fuzz;

/// <summary>How one scenario ran on the two backends.</summary>
/// <param name="Kind">
/// `same`, `skipped`, or what differs: `transcript`, `model-error`/`host-error` (a line the backend refused,
/// exit 3), `model-exception:TYPE`/`host-exception:TYPE` (the backend threw).
/// </param>
/// <param name="Model">The model's transcript (with the error line, if any).</param>
/// <param name="Host">The host's transcript (with the error line, if any); empty with --backend-only model.</param>
/// <param name="Exception">The exception's text (with its stack trace), or null.</param>
/// <param name="FirstDifference">The 0-based transcript line where the two first differ, or -1.</param>
public sealed record Comparison(string Kind, string Model, string Host, string? Exception, int FirstDifference)
{
    /// <summary>Gets a value indicating whether the backends differ (or one of them failed).</summary>
    public bool Differs => this.Kind is not ("same" or "skipped");
}
