// SPDX-License-Identifier: GPL-2.0-only

using System;

namespace Kpidfs.Scenario;

/// <summary>The version-1 verbs (shared/scenarios.md): processes, pidfds, handles, info, signals, waits.</summary>
public sealed partial class Parser
{
    static partial void RegisterPidfdVerbs(VerbTable verbs)
    {
        verbs.Add("spawn", "spawn NAME (version 2: spawn NAME by PROCESS)", 1, static (p, text, t) => p.ParseSpawn(text, t));
        verbs.Add("thread", "thread NAME of PROCESS", 1, static (p, text, t) => p.ParseThread(text, t));
        verbs.Add("pidfd_open", "pidfd_open FD PROCESS [FLAGS]", 1, static (p, text, t) => p.ParsePidfdOpen(text, t));
        verbs.Add("stat", "stat FD", 1, static (p, text, t) =>
        {
            p.Arity("stat", t, 2, 2);
            return new StatOp(p.line, text, p.Use(t[1], NameKind.Fd));
        });
        verbs.Add("same", "same FD FD", 1, static (p, text, t) =>
        {
            p.Arity("same", t, 3, 3);
            return new SameOp(p.line, text, p.Use(t[1], NameKind.Fd), p.Use(t[2], NameKind.Fd));
        });
        verbs.Add("handle", "handle HANDLE FD [BYTES]", 1, static (p, text, t) => p.ParseHandle(text, t));
        verbs.Add("open_by_handle", "open_by_handle FD HANDLE [FLAGS] [via FD|PIDFS_ROOT]", 1, static (p, text, t) => p.ParseOpenByHandle(text, t));
        verbs.Add("info", "info FD [MASK]", 1, static (p, text, t) =>
        {
            p.Arity("info", t, 2, int.MaxValue);
            var fd = p.Use(t[1], NameKind.Fd);
            var mask = t.Length > 2 ? p.Flags(string.Concat(t[2..]), Symbols.InfoMasks, "info") : 0;
            return new InfoOp(p.line, text, fd, unchecked((ulong)mask) | Symbols.InfoPid | Symbols.InfoCreds);
        });
        verbs.Add("send", "send FD SIG", 1, static (p, text, t) =>
        {
            p.Arity("send", t, 3, 3);
            var fd = p.Use(t[1], NameKind.Fd);
            return new SendOp(p.line, text, fd, Signal(t[2]));
        });
        verbs.Add("exit", "exit PROCESS CODE", 1, static (p, text, t) =>
        {
            p.Arity("exit", t, 3, 3);
            var target = p.Task(t[1]);
            if (!Symbols.TryParseNumber(t[2], out var code) || code < int.MinValue || code > int.MaxValue)
            {
                throw new LineException($"bad exit code '{t[2]}' (expected a number)");
            }

            return new ExitOp(p.line, text, target, (int)code);
        });
        verbs.Add("reap", "reap PROCESS", 1, static (p, text, t) =>
        {
            p.Arity("reap", t, 2, 2);
            return new ReapOp(p.line, text, p.Task(t[1]));
        });
        verbs.Add("waitid", "waitid FD [FLAGS]", 1, static (p, text, t) =>
        {
            p.Arity("waitid", t, 2, int.MaxValue);
            var fd = p.Use(t[1], NameKind.Fd);
            var options = t.Length > 2 ? p.Flags(string.Concat(t[2..]), Symbols.WaitFlags, "waitid") : Symbols.WExited;
            return new WaitidOp(p.line, text, fd, unchecked((int)options));
        });
        verbs.Add("poll", "poll FD", 1, static (p, text, t) =>
        {
            p.Arity("poll", t, 2, 2);
            return new PollOp(p.line, text, p.Use(t[1], NameKind.Fd));
        });
        verbs.Add("fdinfo", "fdinfo FD", 1, static (p, text, t) =>
        {
            p.Arity("fdinfo", t, 2, 2);
            return new FdinfoOp(p.line, text, p.Use(t[1], NameKind.Fd));
        });
        verbs.Add("close", "close FD", 1, static (p, text, t) =>
        {
            p.Arity("close", t, 2, 2);
            return new CloseOp(p.line, text, p.Use(t[1], NameKind.Fd));
        });
    }

    private static int Signal(string text) => Symbols.TryParseSignal(text, out var sig)
        ? sig
        : throw new LineException($"bad signal '{text}' (expected a number or a name such as SIGKILL)");

    private SpawnOp ParseSpawn(string text, string[] t)
    {
        if (t.Length == 4 && t[2] == "by" && this.version >= 2)
        {
            var by = this.Task(t[3]);
            if (by.Name == null || this.names[by.Name].Kind != NameKind.Process)
            {
                throw new LineException($"'by' takes a process name, not '{t[3]}'");
            }

            var child = this.Define(t[1], NameKind.Process);
            this.notSpawned[child] = $"made by 'spawn {child} by {by.Name}'";
            return new SpawnOp(this.line, text, child) { By = by };
        }

        this.Arity("spawn", t, 2, 2);
        var name = this.Define(t[1], NameKind.Process);
        if (this.actor != "shell")
        {
            this.notSpawned[name] = $"spawned as {this.actor}";
        }

        return new SpawnOp(this.line, text, name);
    }

    private ThreadOp ParseThread(string text, string[] t)
    {
        this.Arity("thread", t, 4, 4);
        if (t[2] != "of")
        {
            throw new LineException($"expected 'of' after the thread name; usage: {Usage("thread")}");
        }

        var of = this.Task(t[3]);
        var name = this.Define(t[1], NameKind.Thread);
        if (of.Name != null && this.notSpawned.TryGetValue(of.Name, out var how))
        {
            this.notSpawned[name] = $"a thread of {of.Name}, which was {how}";
        }

        return new ThreadOp(this.line, text, name, of);
    }

    private PidfdOpenOp ParsePidfdOpen(string text, string[] t)
    {
        this.Arity("pidfd_open", t, 3, int.MaxValue);
        var target = this.Task(t[2]);
        var flags = t.Length > 3 ? this.Flags(string.Concat(t[3..]), Symbols.PidfdOpenFlags, "pidfd_open") : 0;
        return new PidfdOpenOp(this.line, text, this.Define(t[1], NameKind.Fd), target, unchecked((uint)flags));
    }

    private HandleOp ParseHandle(string text, string[] t)
    {
        this.Arity("handle", t, 3, 4);
        var fd = this.Use(t[2], NameKind.Fd);
        var bytes = 128u;
        if (t.Length == 4)
        {
            if (!Symbols.TryParseNumber(t[3], out var b) || b < 0 || b > uint.MaxValue)
            {
                throw new LineException($"bad byte count '{t[3]}' (expected 0 to 4294967295)");
            }

            bytes = (uint)b;
        }

        return new HandleOp(this.line, text, this.Define(t[1], NameKind.Handle), fd, bytes);
    }

    private OpenByHandleOp ParseOpenByHandle(string text, string[] t)
    {
        this.Arity("open_by_handle", t, 3, int.MaxValue);
        var handle = this.Use(t[2], NameKind.Handle);
        var via = Array.IndexOf(t, "via", 3);
        var flagEnd = via < 0 ? t.Length : via;
        var flags = flagEnd > 3 ? this.Flags(string.Concat(t[3..flagEnd]), Symbols.OpenFlags, "open_by_handle") : 0;
        var mount = new MountRef(null, Symbols.FdPidfsRoot);
        if (via >= 0)
        {
            if (via != t.Length - 2)
            {
                throw new LineException($"'via' takes one fd name or PIDFS_ROOT; usage: {Usage("open_by_handle")}");
            }

            mount = this.Mount(t[via + 1]);
        }

        return new OpenByHandleOp(this.line, text, this.Define(t[1], NameKind.Fd), handle, (int)flags, mount);
    }
}
