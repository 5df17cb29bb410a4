// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>`repeat N: LINE`: how many runs gave each result, in order of first appearance (`499 ok, 2 EAGAIN`).</summary>
/// <param name="Counts">Each result text with its count.</param>
/// <param name="FirstErrno">The errno of the first run that failed, or 0 (the line itself prints no errno).</param>
public sealed record RepeatResult(IReadOnlyList<(string Text, int Count)> Counts, int FirstErrno) : Result(0)
{
    /// <inheritdoc/>
    public override string? Text(Normaliser n) =>
        string.Join(", ", this.Counts.Select(c => c.Count.ToString(CultureInfo.InvariantCulture) + " " + c.Text));
}
