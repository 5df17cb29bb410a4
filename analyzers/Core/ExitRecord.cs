// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>The state on one path into the exit block.</summary>
internal sealed class ExitRecord
{
    public ExitRecord(FlowState state, Location location, bool isError, string text, bool returnsOwned, IOperation? returnValue = null)
    {
        this.ReturnValue = returnValue;
        this.State = state;
        this.Location = location;
        this.IsError = isError;
        this.Text = text;
        this.ReturnsOwned = returnsOwned;
    }

    public FlowState State { get; }

    /// <summary>Gets the value returned on this path, if any.</summary>
    public IOperation? ReturnValue { get; }

    public Location Location { get; }

    public int Line => this.Location.GetLineSpan().StartLinePosition.Line + 1;

    public bool IsError { get; }

    /// <summary>Gets a value indicating whether the path returns a counted reference to the caller.</summary>
    public bool ReturnsOwned { get; }

    /// <summary>Gets the path as message text ("on the error path at line 12").</summary>
    public string Text { get; }
}
