// SPDX-License-Identifier: GPL-2.0-only

using System.Globalization;

namespace Kpidfs.Scenario;

/// <summary>`pid_max [N]`: `ok 500`.</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Value">The value.</param>
public sealed record ValueResult(int Errno, long Value) : Result(Errno)
{
    /// <inheritdoc/>
    public override string? Text(Normaliser n) => "ok " + this.Value.ToString(CultureInfo.InvariantCulture);
}
