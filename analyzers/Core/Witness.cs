// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>Where something happens, as a call chain "f (pid.cs:12) -> g (pid.cs:40)".</summary>
internal sealed class Witness
{
    public Witness(string text, Location location, IEnumerable<string>? released = null)
    {
        this.Text = text;
        this.Location = location;
        this.Released = new HashSet<string>(released ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
    }

    public string Text { get; }

    public Location Location { get; }

    /// <summary>Gets the lock classes the method held on entry (its contract) but had dropped at this point.</summary>
    public HashSet<string> Released { get; }

    public static string Frame(string method, Location location)
    {
        var span = location.GetLineSpan();
        var file = System.IO.Path.GetFileName(span.Path);
        return method + " (" + file + ":" + (span.StartLinePosition.Line + 1) + ")";
    }
}
