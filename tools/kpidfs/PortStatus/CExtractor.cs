// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Kpidfs.PortStatus;

/// <summary>
/// Finds the function definitions of a C file (and, in a header, its function-like macros), each
/// from the first token after the previous top-level item to its closing brace.
/// </summary>
public static partial class CExtractor
{
    /// <summary>Extracts the functions of a file, in file order.</summary>
    /// <param name="source">The C source.</param>
    /// <param name="isHeader">Also take function-like #define macros.</param>
    /// <returns>The functions.</returns>
    public static List<CFunction> Extract(string source, bool isHeader)
    {
        var tokens = CTokenizer.Tokenize(source);
        var found = new List<CFunction>();
        var seen = new Dictionary<string, int>();
        var itemStart = 0;
        var i = 0;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            if (t.IsDirective)
            {
                if (isHeader && MacroName(t.Text) is string macro)
                {
                    Add(found, seen, macro, "macro", Fingerprints.OfSource(t.Text["#define".Length..]), t.Line, t.Line);
                }

                itemStart = ++i;
                continue;
            }

            if (t.Text == ";")
            {
                itemStart = ++i;
                continue;
            }

            if (t.Text != "{")
            {
                i++;
                continue;
            }

            var close = MatchingBrace(tokens, i);
            var head = tokens.Skip(itemStart).Take(i - itemStart).Where(x => !x.IsDirective).Select(x => x.Text).ToList();
            if (FunctionName(head) is string name)
            {
                var body = tokens.Skip(itemStart).Take(close - itemStart + 1).Select(x => x.Text);
                var kind = "function";
                if (head[0].StartsWith("SYSCALL_DEFINE", System.StringComparison.Ordinal))
                {
                    kind = "syscall";
                }
                else if (head.Contains("inline") || head.Contains("__always_inline"))
                {
                    kind = "inline";
                }

                Add(found, seen, name, kind, Fingerprints.Of(body), tokens[itemStart].Line, tokens[close].Line);
                itemStart = close + 1;
            }

            /* a struct, union, enum or initializer: its item ends at the next ';' */
            i = close + 1;
        }

        return found;
    }

    private static void Add(List<CFunction> found, Dictionary<string, int> seen, string name, string kind, string fp, int first, int last)
    {
        seen[name] = seen.GetValueOrDefault(name) + 1;
        var key = seen[name] == 1 ? name : name + "#" + seen[name];
        found.Add(new CFunction(key, kind, fp, first, last));
    }

    private static int MatchingBrace(List<CToken> tokens, int open)
    {
        var depth = 0;
        for (var j = open; j < tokens.Count; j++)
        {
            if (tokens[j].Text == "{")
            {
                depth++;
            }
            else if (tokens[j].Text == "}" && --depth == 0)
            {
                return j;
            }
        }

        return tokens.Count - 1;
    }

    /* the identifier before the first '(' at the top of a function head; null for data and types */
    private static string? FunctionName(List<string> head)
    {
        if (head.Count < 3 || !head.Contains(")"))
        {
            return null;
        }

        var depth = 0;
        for (var j = 0; j < head.Count; j++)
        {
            var x = head[j];
            if (x == "=" && depth == 0)
            {
                return null;
            }

            if (x == "(" && depth++ == 0 && j > 0 && IsIdentifier(head[j - 1]))
            {
                if (head[j - 1].StartsWith("SYSCALL_DEFINE", System.StringComparison.Ordinal) && j + 1 < head.Count)
                {
                    return "sys_" + head[j + 1];
                }

                return head[j - 1] is "__attribute__" or "__printf" or "__aligned" ? null : head[j - 1];
            }

            if (x == ")")
            {
                depth--;
            }
        }

        return null;
    }

    private static bool IsIdentifier(string s) => s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_');

    private static string? MacroName(string directive)
    {
        var m = DefineRegex().Match(directive);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^#\s*define ([A-Za-z_]\w*)\(")]
    private static partial Regex DefineRegex();
}
