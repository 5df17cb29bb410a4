// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>`fork_reap`: the line's task forks a child that exits at once, and reaps it.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
public sealed record ForkReapOp(int Line, string Text) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.ForkReap();
}
