// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Kpidfs.Scenario;

/// <summary>
/// The version-2 fd and file verbs (docs/scenarios.md): xattrs on a pidfd, pidfd_getfd, an fd's F_GETFL
/// and F_GETFD, F_SETFL, name_to_handle_at with a path and flags, forged handles, fchmod and fchown, and
/// opening a file that is not a pidfd (/dev/null).
/// </summary>
public sealed partial class Parser
{
    /// <summary>The largest value `getxattr` and `listxattr` ask for by default (XATTR_SIZE_MAX).</summary>
    public const int XattrSizeMax = 65536;

    /// <summary>The paths `open` accepts: files both backends have and that no verb can change.</summary>
    public static readonly IReadOnlyList<string> OpenPaths = ["/dev/null"];

    static partial void RegisterFdVerbs(VerbTable verbs)
    {
        verbs.Add("setxattr", "setxattr FD NAME VALUE [XATTR_CREATE|XATTR_REPLACE]", 2, static (p, text, t) => p.ParseSetxattr(text, t));
        verbs.Add("getxattr", "getxattr FD NAME [SIZE]", 2, static (p, text, t) =>
        {
            p.Arity("getxattr", t, 3, 4);
            var fd = p.Use(t[1], NameKind.Fd);
            return new GetxattrOp(p.line, text, fd, t[2], t.Length == 4 ? Size(t[3]) : XattrSizeMax);
        });
        verbs.Add("listxattr", "listxattr FD [SIZE]", 2, static (p, text, t) =>
        {
            p.Arity("listxattr", t, 2, 3);
            var fd = p.Use(t[1], NameKind.Fd);
            return new ListxattrOp(p.line, text, fd, t.Length == 3 ? Size(t[2]) : XattrSizeMax);
        });
        verbs.Add("removexattr", "removexattr FD NAME", 2, static (p, text, t) =>
        {
            p.Arity("removexattr", t, 3, 3);
            return new RemovexattrOp(p.line, text, p.Use(t[1], NameKind.Fd), t[2]);
        });
        verbs.Add("getfd", "getfd FD PIDFD TARGETFD [FLAGS]", 2, static (p, text, t) => p.ParseGetfd(text, t));
        verbs.Add("getfl", "getfl FD", 2, static (p, text, t) =>
        {
            p.Arity("getfl", t, 2, 2);
            return new GetflOp(p.line, text, p.Use(t[1], NameKind.Fd));
        });
        verbs.Add("setfl", "setfl FD FLAGS", 2, static (p, text, t) =>
        {
            p.Arity("setfl", t, 3, int.MaxValue);
            var fd = p.Use(t[1], NameKind.Fd);
            return new SetflOp(p.line, text, fd, (int)p.Flags(string.Concat(t[2..]), Symbols.OpenFlags, "setfl"));
        });
        verbs.Add("handle_at", "handle_at HANDLE FD|AT_FDCWD PATH [FLAGS] [bytes=N]", 2, static (p, text, t) => p.ParseHandleAt(text, t));
        verbs.Add("forge", "forge HANDLE [from HANDLE] [type=T] [bytes=N] [ino=N|ino=+N|ino=-N] [payload=HEX]", 2, static (p, text, t) => p.ParseForge(text, t));
        verbs.Add("chmod", "chmod FD MODE", 2, static (p, text, t) =>
        {
            p.Arity("chmod", t, 3, 3);
            var fd = p.Use(t[1], NameKind.Fd);
            return new ChmodOp(p.line, text, fd, (uint)Number(t[2], "mode", 0, uint.MaxValue, octal: true));
        });
        verbs.Add("chown", "chown FD UID GID", 2, static (p, text, t) =>
        {
            p.Arity("chown", t, 4, 4);
            var fd = p.Use(t[1], NameKind.Fd);
            return new ChownOp(p.line, text, fd, Id(t[2]), Id(t[3]));
        });
        verbs.Add("open", "open FD PATH [FLAGS]", 2, static (p, text, t) =>
        {
            p.Arity("open", t, 3, int.MaxValue);
            if (!OpenPaths.Contains(t[2]))
            {
                throw new LineException($"'open' takes one of {string.Join(", ", OpenPaths)} (files both backends have), not '{t[2]}'");
            }

            var flags = t.Length > 3 ? p.Flags(string.Concat(t[3..]), Symbols.OpenFlags, "open") : FdSymbols.ORdwr;
            return new OpenOp(p.line, text, p.Define(t[1], NameKind.Fd), t[2], (int)flags);
        });
    }

    /* a size or count: decimal or 0x hex, within the range */
    private static long Number(string text, string what, long min, long max, bool octal = false)
    {
        long v;
        var ok = octal && text.Length > 1 && text[0] == '0' && !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? TryOctal(text, out v)
            : Symbols.TryParseNumber(text, out v);
        if (!ok || v < min || v > max)
        {
            throw new LineException($"bad {what} '{text}' (expected {min} to {max}{(octal ? ", octal with a leading 0" : string.Empty)})");
        }

        return v;
    }

    private static bool TryOctal(string text, out long v)
    {
        v = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '7' || v > long.MaxValue / 8)
            {
                return false;
            }

            v = (v * 8) + (c - '0');
        }

        return true;
    }

    private static int Size(string text) => (int)Number(text, "size", 0, int.MaxValue);

    /* a uid or gid: a number, or -1 for "leave it" */
    private static uint Id(string text) => text == "-1" ? uint.MaxValue : (uint)Number(text, "id", 0, uint.MaxValue);

    /* VALUE of setxattr: "text", a bare word, "" for an empty value, or *N for N bytes of 'x' */
    private static byte[] XattrValue(string text)
    {
        if (text.StartsWith('*'))
        {
            return Enumerable.Repeat((byte)'x', (int)Number(text[1..], "value length", 0, 1 << 20)).ToArray();
        }

        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1];
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private SetxattrOp ParseSetxattr(string text, string[] t)
    {
        this.Arity("setxattr", t, 4, int.MaxValue);
        var fd = this.Use(t[1], NameKind.Fd);
        var flags = t.Length > 4 ? this.Flags(string.Concat(t[4..]), FdSymbols.XattrFlags, "setxattr") : 0;
        return new SetxattrOp(this.line, text, fd, t[2], XattrValue(t[3]), (int)flags);
    }

    private GetfdOp ParseGetfd(string text, string[] t)
    {
        this.Arity("getfd", t, 4, int.MaxValue);
        var pidfd = this.Use(t[2], NameKind.Fd);
        var target = Symbols.TryParseNumber(t[3], out _)
            ? new MountRef(null, (int)Number(t[3], "target fd", int.MinValue, int.MaxValue))
            : new MountRef(this.Use(t[3], NameKind.Fd), 0);
        var flags = t.Length > 4 ? this.Flags(string.Concat(t[4..]), Symbols.OpenFlags, "getfd") : 0;
        return new GetfdOp(this.line, text, this.Define(t[1], NameKind.Fd), pidfd, target, unchecked((uint)flags));
    }

    private HandleAtOp ParseHandleAt(string text, string[] t)
    {
        this.Arity("handle_at", t, 4, int.MaxValue);
        var dir = t[2] == "AT_FDCWD" ? new MountRef(null, FdSymbols.AtFdcwd) : new MountRef(this.Use(t[2], NameKind.Fd), 0);
        var path = t[3] == "\"\"" ? string.Empty : t[3];
        var rest = t[4..].ToList();
        var bytes = 128u;
        var sized = rest.FindIndex(s => s.StartsWith("bytes=", StringComparison.Ordinal));
        if (sized >= 0)
        {
            bytes = (uint)Number(rest[sized]["bytes=".Length..], "byte count", 0, uint.MaxValue);
            rest.RemoveAt(sized);
        }

        var flags = rest.Count > 0 ? this.Flags(string.Concat(rest), FdSymbols.AtFlags, "handle_at") : 0;
        return new HandleAtOp(this.line, text, this.Define(t[1], NameKind.Handle), dir, path, (int)flags, bytes);
    }

    private ForgeOp ParseForge(string text, string[] t)
    {
        this.Arity("forge", t, 2, int.MaxValue);
        string? from = null;
        int? type = null;
        uint? bytes = null;
        string? ino = null;
        byte[]? payload = null;
        for (var i = 2; i < t.Length; i++)
        {
            var (key, value) = t[i].IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? (t[i][..eq], t[i][(eq + 1)..]) : (t[i], string.Empty);
            switch (key)
            {
                case "from" when i + 1 < t.Length && value.Length == 0:
                    from = this.Use(t[++i], NameKind.Handle);
                    break;
                case "type":
                    type = unchecked((int)Number(value, "handle type", int.MinValue, uint.MaxValue));
                    break;
                case "bytes":
                    bytes = (uint)Number(value, "byte count", 0, uint.MaxValue);
                    break;
                case "ino":
                    _ = Number(value.TrimStart('+'), "inode number", long.MinValue, long.MaxValue);
                    ino = value;
                    break;
                case "payload":
                    payload = Convert.FromHexString(value.Length % 2 == 0 && value.All(char.IsAsciiHexDigit) ? value : throw new LineException($"bad payload '{value}' (expected an even number of hex digits)"));
                    break;
                default:
                    throw new LineException($"unknown forge field '{t[i]}'; usage: {Usage("forge")}");
            }
        }

        if (from == null && ino != null && (ino[0] is '+' or '-'))
        {
            throw new LineException("a relative 'ino=' needs 'from HANDLE'");
        }

        if (payload != null && ino != null)
        {
            throw new LineException("'payload=' and 'ino=' both set the handle's body; give one");
        }

        return new ForgeOp(this.line, text, this.Define(t[1], NameKind.Handle), from, type, bytes, ino, payload);
    }
}
