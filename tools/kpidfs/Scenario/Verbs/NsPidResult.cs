// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;

namespace Kpidfs.Scenario;

/// <summary>`nspid P`: `ok P,1` (the task's numbers from the reader's pid namespace down, normalised).</summary>
/// <param name="Errno">0, or the positive errno (ESRCH once the task is reaped).</param>
/// <param name="Numbers">The numbers from the initial namespace down.</param>
public sealed record NsPidResult(int Errno, IReadOnlyList<int> Numbers) : Result(Errno)
{
    /// <inheritdoc/>
    public override string? Text(Normaliser n) => "ok " + n.NsPids(this.Numbers);
}
