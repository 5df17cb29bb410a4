// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>Where something happens, as a call chain "f (pid.cs:12) -> g (pid.cs:40)".</summary>
internal sealed class Witness
{
    public Witness(string text, Location location)
    {
        this.Text = text;
        this.Location = location;
    }

    public string Text { get; }

    public Location Location { get; }

    public static string Frame(string method, Location location)
    {
        var span = location.GetLineSpan();
        var file = System.IO.Path.GetFileName(span.Path);
        return method + " (" + file + ":" + (span.StartLinePosition.Line + 1) + ")";
    }
}
