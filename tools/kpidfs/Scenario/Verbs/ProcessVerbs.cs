// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>
/// The process and namespace verbs of version 2: `as P:`, `spawn Q by P`, `nspid`, `unshare`, `clone3`,
/// `fork_reap`, `pid_max` and `repeat N:` (docs/scenarios.md).
/// </summary>
public sealed partial class Parser
{
    private static readonly string[] Clone3Keywords = ["exit_signal", "set_tid", "set_tid_size", "pidfd"];

    static partial void RegisterProcessVerbs(VerbTable verbs)
    {
        verbs.Add("as", "as PROCESS: LINE", 2, static (p, text, t) => p.ParseAs(text, t));
        verbs.Add("nspid", "nspid PROCESS", 2, static (p, text, t) =>
        {
            p.Arity("nspid", t, 2, 2);
            return new NspidOp(p.line, text, p.Task(t[1]));
        });
        verbs.Add("unshare", "unshare FLAGS", 2, static (p, text, t) =>
        {
            p.Arity("unshare", t, 2, int.MaxValue);
            return new UnshareOp(p.line, text, CloneFlagsOf(string.Concat(t[1..]), "unshare"));
        });
        verbs.Add("clone3", "clone3 NAME [FLAGS] [exit_signal SIG] [set_tid N,…|NULL] [set_tid_size K] [pidfd FD]", 2, static (p, text, t) => p.ParseClone3(text, t));
        verbs.Add("fork_reap", "fork_reap", 2, static (p, text, t) =>
        {
            p.Arity("fork_reap", t, 1, 1);
            return new ForkReapOp(p.line, text);
        });
        verbs.Add("pid_max", "pid_max [VALUE]", 2, static (p, text, t) =>
        {
            p.Arity("pid_max", t, 1, 2);
            if (t.Length == 1)
            {
                return new PidMaxOp(p.line, text, null);
            }

            return Symbols.TryParseNumber(t[1], out var v) && v >= int.MinValue && v <= int.MaxValue
                ? new PidMaxOp(p.line, text, (int)v)
                : throw new LineException($"bad pid_max value '{t[1]}' (expected a number)");
        });
        verbs.Add("creds", "creds FD [MASK]", 2, static (p, text, t) =>
        {
            p.Arity("creds", t, 2, int.MaxValue);
            var fd = p.Use(t[1], NameKind.Fd);
            var mask = t.Length > 2 ? p.Flags(string.Concat(t[2..]), Symbols.InfoMasks, "creds") : 0;
            return new CredsOp(p.line, text, fd, unchecked((ulong)mask) | Symbols.InfoPid | Symbols.InfoCreds);
        });
        verbs.Add("repeat", "repeat COUNT: LINE", 2, static (p, text, t) => p.ParseRepeat(text, t));
    }

    private static ulong CloneFlagsOf(string text, string verb)
    {
        if (!Symbols.TryParseFlags(text, CloneFlags.Names, out var v, out var bad))
        {
            throw new LineException(bad.Length == 0 ? $"empty flag in '{text}'" : $"unknown flag '{bad}' for {verb} (expected CLONE_* names or a number)");
        }

        return unchecked((ulong)v);
    }

    /* the words after "VERB X:" and the text after the first ':' */
    private static (string Text, string[] Tokens) AfterColon(string text, string[] t, string verb)
    {
        if (t.Length < 3 || !t[1].EndsWith(':') || t[1].Length < 2)
        {
            throw new LineException($"expected '{verb} X: LINE'; usage: {Usage(verb)}");
        }

        var rest = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        return (rest, t[2..]);
    }

    private AsOp ParseAs(string text, string[] t)
    {
        var (inner, tokens) = AfterColon(text, t, "as");
        if (this.actor != "shell")
        {
            throw new LineException("'as' lines do not nest");
        }

        var who = this.Task(t[1][..^1]);
        if (who.Name == null || this.names[who.Name].Kind != NameKind.Process)
        {
            throw new LineException($"'as' takes a process name, not '{t[1][..^1]}'");
        }

        this.actor = who.Name;
        try
        {
            return new AsOp(this.line, text, who, this.ParseOp(inner, tokens));
        }
        finally
        {
            this.actor = "shell";
        }
    }

    private RepeatOp ParseRepeat(string text, string[] t)
    {
        var (inner, tokens) = AfterColon(text, t, "repeat");
        if (!Symbols.TryParseNumber(t[1][..^1], out var n) || n < 1 || n > 100000)
        {
            throw new LineException($"bad repeat count '{t[1][..^1]}' (expected 1 to 100000)");
        }

        if (tokens[0] == "repeat")
        {
            throw new LineException("'repeat' lines do not nest");
        }

        return new RepeatOp(this.line, text, (int)n, this.ParseOp(inner, tokens));
    }

    private Clone3Op ParseClone3(string text, string[] t)
    {
        this.Arity("clone3", t, 2, int.MaxValue);
        var i = 2;
        var flagWords = new List<string>();
        while (i < t.Length && !Clone3Keywords.Contains(t[i]))
        {
            flagWords.Add(t[i++]);
        }

        var flags = flagWords.Count > 0 ? CloneFlagsOf(string.Concat(flagWords), "clone3") : 0;
        long exitSignal = 17; /* SIGCHLD, as fork() sets it */
        List<TaskRef>? setTid = null;
        long? setTidSize = null;
        string? pidfd = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (; i < t.Length; i += 2)
        {
            if (!Clone3Keywords.Contains(t[i]) || i + 1 >= t.Length || !seen.Add(t[i]))
            {
                throw new LineException($"bad clone3 argument '{t[i]}'; usage: {Usage("clone3")}");
            }

            var value = t[i + 1];
            switch (t[i])
            {
                case "exit_signal":
                    exitSignal = Symbols.TryParseNumber(value, out var es) ? es : Signal(value);
                    break;
                case "set_tid":
                    setTid = value == "NULL" ? null : value.Split(',').Select(this.Task).ToList();
                    break;
                case "set_tid_size":
                    setTidSize = Symbols.TryParseNumber(value, out var sz) && sz >= 0 ? sz : throw new LineException($"bad set_tid_size '{value}'");
                    break;
                default:
                    pidfd = value;
                    break;
            }
        }

        if (setTid == null && seen.Contains("set_tid") && setTidSize == null)
        {
            throw new LineException("'set_tid NULL' needs 'set_tid_size K'");
        }

        if ((pidfd != null) != ((flags & CloneFlags.Pidfd) != 0))
        {
            throw new LineException("CLONE_PIDFD and 'pidfd FD' go together (the fd clone3 writes needs a name)");
        }

        var name = this.Define(t[1], NameKind.Process);
        this.notSpawned[name] = "made by clone3";
        if (pidfd != null)
        {
            pidfd = this.Define(pidfd, NameKind.Fd);
        }

        return new Clone3Op(this.line, text, name, flags, exitSignal, setTid, setTidSize, pidfd);
    }
}
