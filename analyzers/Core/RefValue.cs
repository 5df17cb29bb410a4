// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>The reference state of one local or parameter.</summary>
internal sealed class RefValue
{
    public RefValue(RefFlags flags, Location? origin, string originName, string? eventText = null, int eventLine = 0)
    {
        this.Flags = flags;
        this.Origin = origin;
        this.OriginName = originName;
        this.EventText = eventText;
        this.EventLine = eventLine;
    }

    public RefFlags Flags { get; }

    /// <summary>Gets where the reference was obtained.</summary>
    public Location? Origin { get; }

    /// <summary>Gets the function the reference came from.</summary>
    public string OriginName { get; }

    /// <summary>Gets what ended the ownership ("put by 'put_pid'").</summary>
    public string? EventText { get; }

    public int EventLine { get; }

    /// <summary>Gets a value indicating whether the reference is gone on every path.</summary>
    public bool DefinitelyGone => (this.Flags & (RefFlags.Owned | RefFlags.None | RefFlags.Borrowed)) == 0;

    public RefValue With(RefFlags flags, string? eventText = null, int eventLine = 0) =>
        new RefValue(flags, this.Origin, this.OriginName, eventText ?? this.EventText, eventText != null ? eventLine : this.EventLine);
}
