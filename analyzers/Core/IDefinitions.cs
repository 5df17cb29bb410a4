// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>What a method's graph defines: flow captures, and locals assigned exactly once.</summary>
internal interface IDefinitions
{
    /// <summary>Gets the value a flow capture holds.</summary>
    /// <param name="id">The capture.</param>
    /// <returns>The captured operation, or null.</returns>
    IOperation? Capture(CaptureId id);

    /// <summary>Gets the only value ever assigned to a local (or bound to a ref local), if there is exactly one.</summary>
    /// <param name="local">The local.</param>
    /// <returns>The value, or null.</returns>
    IOperation? Local(ILocalSymbol local);
}
