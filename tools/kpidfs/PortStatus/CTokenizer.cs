// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Text;

namespace Kpidfs.PortStatus;

/// <summary>
/// A small C tokenizer for fingerprints: comments and whitespace vanish, every other token is kept
/// verbatim, and a preprocessor line (with its continuations) is one token.
/// </summary>
public static class CTokenizer
{
    private static readonly string[] Punctuators =
    [
        "<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##",
    ];

    /// <summary>Splits C source into tokens.</summary>
    /// <param name="text">The source.</param>
    /// <returns>The tokens in order.</returns>
    public static List<CToken> Tokenize(string text)
    {
        var tokens = new List<CToken>();
        var i = 0;
        var line = 1;
        var lineStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
                lineStart = true;
                continue;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i += 2;
                line++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '/' && i + 1 < text.Length && (text[i + 1] == '/' || text[i + 1] == '*'))
            {
                i = SkipComment(text, i, ref line);
                continue;
            }

            if (c == '#' && lineStart)
            {
                var startLine = line;
                tokens.Add(new CToken(ReadDirective(text, ref i, ref line), startLine, true));
                continue;
            }

            lineStart = false;
            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                while (i < text.Length && IsNumberChar(text, i))
                {
                    i++;
                }
            }
            else if (c == '"' || c == '\'')
            {
                i = SkipLiteral(text, i);
            }
            else
            {
                i += PunctuatorLength(text, i);
            }

            tokens.Add(new CToken(text[start..i], line, false));
        }

        return tokens;
    }

    /* a pp-number: digits, letters, '.', '_' and a sign after an exponent */
    private static bool IsNumberChar(string text, int i)
    {
        var c = text[i];
        if (char.IsLetterOrDigit(c) || c == '_' || c == '.')
        {
            return true;
        }

        return (c == '+' || c == '-') && text[i - 1] is 'e' or 'E' or 'p' or 'P';
    }

    private static int SkipComment(string text, int i, ref int line)
    {
        if (text[i + 1] == '/')
        {
            while (i < text.Length && text[i] != '\n')
            {
                i++;
            }

            return i;
        }

        i += 2;
        while (i < text.Length && !(text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/'))
        {
            if (text[i] == '\n')
            {
                line++;
            }

            i++;
        }

        return i + 2;
    }

    private static int SkipLiteral(string text, int i)
    {
        var quote = text[i++];
        while (i < text.Length && text[i] != quote && text[i] != '\n')
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        return i + 1;
    }

    private static int PunctuatorLength(string text, int i)
    {
        foreach (var p in Punctuators)
        {
            if (string.CompareOrdinal(text, i, p, 0, p.Length) == 0)
            {
                return p.Length;
            }
        }

        return 1;
    }

    /* a preprocessor line: continuations joined, comments dropped, whitespace collapsed */
    private static string ReadDirective(string text, ref int i, ref int line)
    {
        var sb = new StringBuilder();
        var space = false;
        while (i < text.Length && text[i] != '\n')
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i += 2;
                line++;
                space = true;
                continue;
            }

            if (c == '/' && i + 1 < text.Length && (text[i + 1] == '/' || text[i + 1] == '*'))
            {
                i = SkipComment(text, i, ref line);
                space = true;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = true;
                i++;
                continue;
            }

            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }

            space = false;
            if (c == '"' || c == '\'')
            {
                var end = SkipLiteral(text, i);
                sb.Append(text, i, end - i);
                i = end;
                continue;
            }

            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }
}
