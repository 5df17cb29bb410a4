// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Kpidfs.PortStatus;

/// <summary>
/// The methods a C# file of the port declares, in file order (one per declaration: a method under
/// two #if branches appears twice). A snake_case method claims an upstream twin.
/// </summary>
public static partial class CsMembers
{
    /// <summary>Lists the methods of a file.</summary>
    /// <param name="source">The C# source.</param>
    /// <returns>Their names in order.</returns>
    public static List<string> Methods(string source) =>
        source.Split('\n').Select(l => MethodRegex().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.TrimStart('@')).ToList();

    /// <summary>Gets whether a member name claims an upstream twin (snake_case, as kernel/ names kernel functions).</summary>
    /// <param name="name">The name.</param>
    /// <returns>True for a kernel-style name.</returns>
    public static bool ClaimsTwin(string name) => SnakeRegex().IsMatch(name);

    [GeneratedRegex(@"^    (?:\[[^\]]*\]\s*)*(?:(?:public|private|internal|protected|static|partial|unsafe|override|readonly|extern|new|virtual)\s+)+(?:ref\s+)?(?:[\w.@?\[\]]+(?:<[^()=;]*?>)?\??)\s+(@?[A-Za-z_]\w*)\s*(?:<[^()]*>)?\s*\(")]
    private static partial Regex MethodRegex();

    [GeneratedRegex(@"^_*[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeRegex();
}
