// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>A malformed line.</summary>
/// <param name="Path">The file.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ParseError(string Path, int Line, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{this.Path}:{this.Line}: {this.Message}";
}
