// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Pidfs.Analyzers.Tests;

/// <summary>Span markup: <c>{|KRN1001:text|}</c> marks an expected diagnostic with that id on exactly that text.</summary>
internal static class Markup
{
    /// <summary>Strips the markup.</summary>
    /// <param name="marked">Source with markup.</param>
    /// <returns>The plain source and the expected (id, span) pairs.</returns>
    public static (string Text, List<(string Id, TextSpan Span)> Expected) Parse(string marked)
    {
        var sb = new StringBuilder();
        var open = new Stack<(string Id, int Start)>();
        var expected = new List<(string Id, TextSpan Span)>();
        for (var i = 0; i < marked.Length; i++)
        {
            if (marked[i] == '{' && i + 1 < marked.Length && marked[i + 1] == '|')
            {
                var colon = marked.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new FormatException("markup '{|' without ':' at " + i);
                }

                open.Push((marked.Substring(i + 2, colon - i - 2), sb.Length));
                i = colon;
            }
            else if (marked[i] == '|' && i + 1 < marked.Length && marked[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, sb.Length)));
                i++;
            }
            else
            {
                sb.Append(marked[i]);
            }
        }

        if (open.Count != 0)
        {
            throw new FormatException("unclosed markup");
        }

        return (sb.ToString(), expected);
    }
}
