// SPDX-License-Identifier: GPL-2.0-only

using System.Globalization;

namespace Kpidfs.Scenario;

/// <summary>
/// A process or thread as a line names it: a scenario name (`P`, `T1`, `shell`) or, when the line
/// gives a number, a literal pid (`-1`, `0`, `999999`).
/// </summary>
/// <param name="Name">The name, or null for a literal pid.</param>
/// <param name="Literal">The literal pid when <paramref name="Name"/> is null.</param>
public sealed record TaskRef(string? Name, int Literal)
{
    /// <summary>Gets the scenario's own task.</summary>
    public static TaskRef Shell { get; } = new("shell", 0);

    /// <inheritdoc/>
    public override string ToString() => this.Name ?? this.Literal.ToString(CultureInfo.InvariantCulture);
}
