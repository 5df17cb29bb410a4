// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers;

/// <summary>One edge of the lock dependency graph: <see cref="To"/> is taken while <see cref="From"/> is held.</summary>
public sealed class LockEdgeInfo
{
    /// <summary>Initializes a new instance of the <see cref="LockEdgeInfo"/> class.</summary>
    /// <param name="from">The held lock class.</param>
    /// <param name="to">The acquired lock class.</param>
    /// <param name="method">The function where the nesting is seen.</param>
    /// <param name="location">Where, in that function.</param>
    /// <param name="via">The call chain that reaches the acquisition, empty when direct.</param>
    /// <param name="releasePath">Whether the acquisition happens on a release path (a put that may drop the last reference).</param>
    public LockEdgeInfo(string from, string to, string method, Location location, string via, bool releasePath)
    {
        this.From = from;
        this.To = to;
        this.Method = method;
        this.Location = location;
        this.Via = via;
        this.ReleasePath = releasePath;
        var span = location.GetLineSpan();
        this.FilePath = span.Path ?? string.Empty;
        this.Line = span.StartLinePosition.Line + 1;
    }

    /// <summary>Gets the held lock class.</summary>
    public string From { get; }

    /// <summary>Gets the acquired lock class.</summary>
    public string To { get; }

    /// <summary>Gets the function where the nesting is seen.</summary>
    public string Method { get; }

    /// <summary>Gets where the nesting is seen.</summary>
    public Location Location { get; }

    /// <summary>Gets the file of <see cref="Location"/>.</summary>
    public string FilePath { get; }

    /// <summary>Gets the 1-based line of <see cref="Location"/>.</summary>
    public int Line { get; }

    /// <summary>Gets the call chain reaching the acquisition ("g (pid.cs:30)"), empty when direct.</summary>
    public string Via { get; }

    /// <summary>Gets a value indicating whether the acquisition is on a put's release path.</summary>
    public bool ReleasePath { get; }

    /// <summary>Gets the edge as text: "'a' -> 'b' in f (pid.cs:10) via g (pid.cs:30)".</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var where = this.Method + " (" + System.IO.Path.GetFileName(this.FilePath) + ":" + this.Line + ")";
        var via = this.Via.Length == 0 ? string.Empty : (this.ReleasePath ? " via release path " : " via ") + this.Via;
        return "'" + this.From + "' -> '" + this.To + "' in " + where + via;
    }
}
