// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;

namespace Kpidfs.Scenario;

/// <summary>What the runner knows of a named task.</summary>
/// <param name="Name">The scenario's name.</param>
/// <param name="Pid">Its pid as shell sees it (-1 when its creation failed).</param>
/// <param name="Parent">The name of the task that created it (its parent), `shell` for `spawn P`.</param>
/// <param name="Active">Its pid namespace.</param>
public sealed record TaskInfo(string Name, int Pid, string Parent, PidNs Active)
{
    /// <summary>Gets or sets the namespace its children are born in (pid_ns_for_children).</summary>
    public PidNs ForChildren { get; set; } = Active;

    /// <summary>Gets or sets its numbers from the initial namespace down to <see cref="Active"/>.</summary>
    public IReadOnlyList<int> Numbers { get; set; } = [];

    /// <summary>Its number in <paramref name="ns"/>, or 0 when it is not visible there.</summary>
    /// <param name="ns">The namespace.</param>
    /// <returns>The number.</returns>
    public int NumberIn(PidNs ns) => ns.Sees(this.Active) && ns.Level < this.Numbers.Count ? this.Numbers[ns.Level] : 0;
}
