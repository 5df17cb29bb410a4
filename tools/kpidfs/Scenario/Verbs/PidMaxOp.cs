// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>`pid_max [N]`: read or write the pid namespace's kernel.pid_max.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Value">The value to write, or null to read.</param>
public sealed record PidMaxOp(int Line, string Text, int? Value) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => this.Value != null && r.Actor.Active.Level == 0
        ? throw new BackendException($"{r.Actor.Name} is in the initial pid namespace: its pid_max is the machine's")
        : r.Backend.PidMax(this.Value);
}
