// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>The reference state of one local or parameter.</summary>
internal sealed class RefValue
{
    public RefValue(RefFlags flags, Location? origin, string originName, string? eventText = null, int eventLine = 0, string? cond = null, bool errorWhen = false)
    {
        this.Cond = cond;
        this.ErrorWhen = errorWhen;
        this.Flags = flags;
        this.Origin = origin;
        this.OriginName = originName;
        this.EventText = eventText;
        this.EventLine = eventLine;
    }

    public RefFlags Flags { get; }

    /// <summary>
    /// Gets the result of the call that handed the reference out through an out or ref argument, when its
    /// truth tells whether it did (an int: nonzero is an error; a bool: false is), or null once known.
    /// </summary>
    public string? Cond { get; }

    /// <summary>Gets a value indicating whether the truth of <see cref="Cond"/> that means "failed, no reference" is true.</summary>
    public bool ErrorWhen { get; }

    /// <summary>Gets where the reference was obtained.</summary>
    public Location? Origin { get; }

    /// <summary>Gets the function the reference came from.</summary>
    public string OriginName { get; }

    /// <summary>Gets what ended the ownership ("put by 'put_pid'").</summary>
    public string? EventText { get; }

    public int EventLine { get; }

    /// <summary>Gets or sets the variable whose object keeps a consumed reference alive (__consumes("keeper")), if any.</summary>
    public ISymbol? KeptBy { get; internal set; }

    /// <summary>Gets a value indicating whether the reference is gone on every path.</summary>
    public bool DefinitelyGone => (this.Flags & (RefFlags.Owned | RefFlags.None | RefFlags.Borrowed)) == 0;

    public RefValue With(RefFlags flags, string? eventText = null, int eventLine = 0) =>
        new RefValue(flags, this.Origin, this.OriginName, eventText ?? this.EventText, eventText != null ? eventLine : this.EventLine, this.Cond, this.ErrorWhen) { KeptBy = this.KeptBy };

    /// <summary>The same reference, no longer tied to a call's result.</summary>
    /// <returns>The new state.</returns>
    public RefValue Known() => new RefValue(this.Flags, this.Origin, this.OriginName, this.EventText, this.EventLine) { KeptBy = this.KeptBy };

    /// <summary>The same state, its object kept alive by another variable's.</summary>
    /// <param name="keeper">The keeper.</param>
    /// <returns>The new state.</returns>
    public RefValue Keeping(ISymbol? keeper) => new RefValue(this.Flags, this.Origin, this.OriginName, this.EventText, this.EventLine, this.Cond, this.ErrorWhen) { KeptBy = keeper };
}
