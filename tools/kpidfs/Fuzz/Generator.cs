// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Kpidfs.Scenario;

namespace Kpidfs.Fuzz;

/// <summary>
/// Makes random valid scenarios: 3 to 25 lines over at most four processes, three threads, six fd names
/// and three handle names. Every line is proposed at random and kept only when <see cref="FuzzState"/>
/// accepts it, so the host backend never has to refuse a line.
/// </summary>
public static class Generator
{
    private const int MaxProcesses = 4;
    private const int MaxThreads = 3;

    private static readonly string[] ProcessNames = ["P", "Q", "R", "S"];
    private static readonly string[] ThreadNames = ["T1", "T2", "T3"];
    private static readonly string[] FdNames = ["a", "b", "c", "d", "e", "f"];
    private static readonly string[] HandleNames = ["h1", "h2", "h3"];
    private static readonly string[] XattrNames = ["trusted.a", "trusted.b", "trusted.c"];

    /// <summary>Gets the first line of every generated file after its comment: the language version its verbs need.</summary>
    public static string Header { get; } = "# version: 2\n";

    /// <summary>Gets the verbs and their weights (a verb is drawn only when some line of it can be valid).</summary>
    public static IReadOnlyList<(string Verb, int Weight)> Mix { get; } =
    [
        ("spawn", 8), ("thread", 5), ("pidfd_open", 16), ("close", 6), ("stat", 5), ("same", 4), ("handle", 7),
        ("open_by_handle", 7), ("info", 9), ("send", 8), ("exit", 7), ("reap", 6), ("waitid", 8), ("poll", 6),
        ("fdinfo", 5), ("clone3", 4), ("nspid", 3), ("creds", 4), ("as", 6),
        ("setxattr", 4), ("getxattr", 4), ("listxattr", 3), ("removexattr", 3), ("getfd", 4),
        ("getfl", 3), ("setfl", 2), ("handle_at", 3), ("forge", 3), ("chmod", 1), ("chown", 1), ("open", 3),
    ];

    /// <summary>The random source of one sequence: System.Random seeded from the campaign seed and the index.</summary>
    /// <param name="seed">The campaign seed.</param>
    /// <param name="index">The sequence's index (0-based).</param>
    /// <returns>The sequence's seed.</returns>
    public static int SequenceSeed(int seed, int index) => unchecked((seed * 1000003) + index);

    /// <summary>The scenario of sequence <paramref name="index"/> of campaign <paramref name="seed"/>.</summary>
    /// <param name="seed">The campaign seed.</param>
    /// <param name="index">The sequence's index.</param>
    /// <returns>The file's text (a comment line, then one operation per line).</returns>
    public static string Generate(int seed, int index)
    {
        var rng = new Random(SequenceSeed(seed, index));
        var target = rng.Next(3, 26);
        var state = new FuzzState();
        var lines = new List<string>();
        var text = new StringBuilder();
        for (var attempt = 0; lines.Count < target && attempt < target * 40; attempt++)
        {
            var line = lines.Count == 0 ? "spawn P" : Propose(rng, state);
            if (line == null)
            {
                continue;
            }

            var candidate = "# version: 2\n" + text + line + "\n";
            var file = Parser.Parse("fuzz", candidate, out _);
            if (file == null || state.Check(file.Ops[^1]) != null)
            {
                continue;
            }

            lines.Add(line);
            text.Append(line).Append('\n');
        }

        return $"# fuzz seed {seed.ToString(CultureInfo.InvariantCulture)} sequence {index.ToString(CultureInfo.InvariantCulture)}\n# version: 2\n" + text;
    }

    private static string? Propose(Random rng, FuzzState s)
    {
        var procs = s.Processes;
        var tasks = procs.Concat(s.Threads).ToList();
        var alive = procs.Where(p => s.LifeOf(p) == FuzzState.Life.Alive && !s.Stopped.Contains(p)).ToList();
        var usable = s.UsableFds;
        var verbs = Mix.Where(v => v.Verb switch
        {
            "spawn" or "clone3" => procs.Count < MaxProcesses,
            "nspid" => procs.Count > 0,
            "as" => alive.Count > 0,
            "thread" => alive.Count > 0 && s.Threads.Count < MaxThreads,
            "pidfd_open" => true,
            "exit" => alive.Count > 0,
            "reap" => procs.Any(p => s.LifeOf(p) == FuzzState.Life.Dead),
            "open_by_handle" => s.Handles.Count > 0,
            "forge" => s.Handles.Count > 0,
            "close" => usable.Count > 0,
            "open" => true,
            "setxattr" or "getxattr" or "listxattr" or "removexattr" or "chmod" or "chown" or "handle_at" => s.UsableNonNullFds.Count > 0,
            _ => usable.Count > 0,
        }).ToList();
        var total = verbs.Sum(v => v.Weight);
        var pick = rng.Next(total);
        var verb = verbs.First(v => (pick -= v.Weight) < 0).Verb;
        var good = s.GoodFds;
        string Fd() => good.Count > 0 && rng.Next(4) != 0 ? Pick(rng, good) : Pick(rng, usable); /* mostly fds that work */
        string Pidfd() => s.GoodPidfds.Count > 0 && rng.Next(5) != 0 ? Pick(rng, s.GoodPidfds) : Pick(rng, s.UsableNonNullFds);
        switch (verb)
        {
            case "spawn":
                return "spawn " + ProcessNames[procs.Count] + (alive.Count > 0 && rng.Next(3) == 0 ? " by " + Pick(rng, alive) : string.Empty);
            case "clone3" or "nspid" or "creds" or "as":
                return ProposeProcessVerb(rng, s, verb, Fd);
            case "thread":
            {
                var p = Pick(rng, alive);
                var of = rng.Next(4) == 0 ? Pick(rng, s.Threads.Where(t => s.ProcessOfThread(t) == p).Append(p).ToList()) : p;
                return $"thread {ThreadNames[s.Threads.Count]} of {of}";
            }

            case "pidfd_open":
            {
                var r = rng.Next(100);
                var who = r < 4 ? "shell" : r < 8 ? Pick(rng, ["-1", "0"]) : Pick(rng, tasks);
                var flags = Weighted(rng, [(string.Empty, 50), ("PIDFD_NONBLOCK", 15), ("PIDFD_THREAD", 18), ("PIDFD_NONBLOCK|PIDFD_THREAD", 8), ("O_CLOEXEC", 3), ("1", 3), ("0x4000", 3)]);
                return $"pidfd_open {Pick(rng, FdNames)} {who}{Pad(flags)}";
            }

            case "close":
                return "close " + Fd();
            case "stat":
                return "stat " + Fd();
            case "same":
                return $"same {Fd()} {Fd()}";
            case "poll":
                return "poll " + Fd();
            case "fdinfo":
                return "fdinfo " + Fd();
            case "handle":
            {
                var bytes = Weighted(rng, [(string.Empty, 70), ("0", 5), ("4", 5), ("7", 5), ("8", 6), ("16", 5), ("200", 4)]);
                return $"handle {Pick(rng, HandleNames)} {Fd()}{Pad(bytes)}";
            }

            case "open_by_handle":
            {
                var flags = Weighted(rng, [(string.Empty, 55), ("O_RDWR", 6), ("O_WRONLY", 4), ("O_NONBLOCK", 8), ("O_CLOEXEC", 5), ("O_EXCL", 8), ("O_NONBLOCK|O_EXCL", 4), ("O_CREAT", 3), ("O_PATH", 3), ("O_DIRECTORY", 2), ("O_TRUNC", 2)]);
                var r = rng.Next(100);
                var via = r < 65 ? string.Empty : r < 75 ? " via PIDFS_ROOT" : r < 95 && usable.Count > 0 ? " via " + Fd() : " via AT_FDCWD";
                return $"open_by_handle {Pick(rng, FdNames)} {Pick(rng, s.Handles)}{Pad(flags)}{via}";
            }

            case "info":
            {
                var mask = Weighted(rng, [(string.Empty, 30), ("EXIT", 25), ("CGROUPID", 10), ("COREDUMP", 8), ("EXIT|CGROUPID", 12), ("EXIT|COREDUMP", 10), ("CGROUPID|EXIT|COREDUMP", 5)]);
                return $"info {Fd()}{Pad(mask)}";
            }

            case "send":
            {
                var sig = Weighted(rng, [("0", 25), ("SIGKILL", 30), ("SIGTERM", 15), ("SIGUSR1", 10), ("SIGSTOP", 12), ("SIGCONT", 10)]);
                return $"send {Fd()} {sig}";
            }

            case "exit":
            {
                var p = Pick(rng, alive);
                var threads = s.Threads.Where(t => s.ProcessOfThread(t) == p).ToList();
                var who = threads.Count > 0 && rng.Next(4) == 0 ? Pick(rng, threads) : p;
                return $"exit {who} {Pick(rng, ["0", "1", "7", "42", "255"])}";
            }

            case "reap":
            {
                var dead = procs.Where(p => s.LifeOf(p) == FuzzState.Life.Dead).ToList();
                var notReaped = dead.Where(p => !s.IsReaped(p)).ToList();
                var r = rng.Next(100);
                return "reap " + (r < 3 ? Pick(rng, ["-1", "0"]) : notReaped.Count > 0 && r < 85 ? Pick(rng, notReaped) : Pick(rng, dead));
            }

            case "waitid":
            {
                var flags = Weighted(rng, [(string.Empty, 40), ("WEXITED|WNOHANG", 22), ("WNOHANG", 3), ("WEXITED|WNOWAIT", 7), ("WEXITED|WNOHANG|WNOWAIT", 7), ("WEXITED|__WALL", 4), ("0", 3), ("WSTOPPED|WNOHANG", 3), ("WCONTINUED|WNOHANG", 3), ("WEXITED|WSTOPPED", 3), ("WEXITED|__WNOTHREAD", 2), ("WEXITED|__WCLONE|WNOHANG", 2), ("WSTOPPED", 1)]);
                return $"waitid {Fd()}{Pad(flags)}";
            }

            default:
                return ProposeFdVerb(rng, s, verb, Fd, Pidfd);
        }
    }

    /* the fd and file verbs (version 2) */
    private static string? ProposeFdVerb(Random rng, FuzzState s, string verb, Func<string> fd, Func<string> pidfd)
    {
        switch (verb)
        {
            case "setxattr":
            {
                var name = rng.Next(10) == 0 ? Pick(rng, ["user.x", "trusted."]) : Pick(rng, XattrNames);
                var value = Weighted(rng, [("1", 40), ("xyz", 30), ("\"\"", 15), ("*300", 10), ("*65537", 5)]);
                var flags = Weighted(rng, [(string.Empty, 70), ("XATTR_CREATE", 15), ("XATTR_REPLACE", 15)]);
                return $"setxattr {pidfd()} {name} {value}{Pad(flags)}";
            }

            case "getxattr":
            {
                var name = rng.Next(8) == 0 ? Pick(rng, ["user.x", "trusted.zz"]) : Pick(rng, XattrNames);
                var size = Weighted(rng, [(string.Empty, 70), ("0", 15), ("1", 15)]);
                return $"getxattr {pidfd()} {name}{Pad(size)}";
            }

            case "listxattr":
                return $"listxattr {pidfd()}{Pad(Weighted(rng, [(string.Empty, 70), ("0", 15), ("5", 15)]))}";
            case "removexattr":
                return $"removexattr {pidfd()} {(rng.Next(8) == 0 ? "user.x" : Pick(rng, XattrNames))}";
            case "chmod":
                return $"chmod {pidfd()} {Pick(rng, ["0777", "0700", "0600"])}";
            case "chown":
                return $"chown {pidfd()} {Pick(rng, ["0 0", "-1 -1", "1000 -1"])}";
            case "getfl":
                return "getfl " + fd();
            case "setfl":
                return $"setfl {fd()} {Weighted(rng, [("O_NONBLOCK", 50), ("0", 40), ("O_DIRECT", 10)])}";
            case "open":
            {
                var flags = Weighted(rng, [(string.Empty, 50), ("O_RDONLY", 20), ("O_WRONLY|O_NONBLOCK", 15), ("O_RDWR|O_CLOEXEC", 15)]);
                return $"open {Pick(rng, FdNames)} /dev/null{Pad(flags)}";
            }

            case "getfd":
            {
                var flags = rng.Next(12) == 0 ? " 1" : string.Empty;
                if (s.ShellPidfds.Count > 0 && s.GoodFds.Count > 0 && rng.Next(3) != 0)
                {
                    return $"getfd {Pick(rng, FdNames)} {Pick(rng, s.ShellPidfds)} {Pick(rng, s.GoodFds)}{flags}";
                }

                var target = rng.Next(4) == 0 ? "-1" : FuzzState.GetfdNoSuchFd.ToString(CultureInfo.InvariantCulture);
                return $"getfd {Pick(rng, FdNames)} {fd()} {target}{flags}";
            }

            case "handle_at":
            {
                var path = Weighted(rng, [("\"\"", 80), (".", 10), ("x", 10)]);
                var flags = Weighted(rng, [("AT_EMPTY_PATH", 25), ("AT_EMPTY_PATH|AT_HANDLE_FID", 30), ("AT_EMPTY_PATH|AT_HANDLE_MNT_ID_UNIQUE", 10), ("AT_EMPTY_PATH|AT_HANDLE_CONNECTABLE", 10), ("AT_HANDLE_CONNECTABLE", 5), ("AT_HANDLE_FID", 10), ("0", 10)]);
                var bytes = Weighted(rng, [(string.Empty, 85), ("bytes=4", 10), ("bytes=200", 5)]);
                return $"handle_at {Pick(rng, HandleNames)} {pidfd()} {path} {flags}{Pad(bytes)}";
            }

            case "forge":
            {
                var field = Weighted(rng, [(string.Empty, 10), ("type=0x1", 10), ("type=0x100", 10), ("type=0x100fe", 8), ("type=0x400fe", 8), ("type=-1", 5), ("bytes=0", 8), ("bytes=7", 8), ("bytes=16", 10), ("bytes=129", 6), ("ino=+1000000000", 10), ("ino=0", 5), ("payload=ffffffffffffffff", 5)]);
                return $"forge {Pick(rng, HandleNames)} from {Pick(rng, s.Handles)}{Pad(field)}";
            }

            default:
                return null;
        }
    }

    /* the process and namespace verbs of version 2 (a new pid namespace through `as P: unshare CLONE_NEWPID`, then P's next child) */
    private static string ProposeProcessVerb(Random rng, FuzzState s, string verb, Func<string> fd)
    {
        var alive = s.Processes.Where(p => s.LifeOf(p) == FuzzState.Life.Alive && !s.Stopped.Contains(p)).ToList();
        switch (verb)
        {
            case "clone3":
            {
                var name = ProcessNames[s.Processes.Count];
                return Weighted(rng, [
                    ($"clone3 {name}", 30), ($"clone3 {name} CLONE_PIDFD pidfd {Pick(rng, FdNames)}", 40),
                    ($"clone3 {name} exit_signal 0", 10), ($"clone3 {name} CLONE_PIDFD|CLONE_PARENT pidfd {Pick(rng, FdNames)}", 5),
                    ($"clone3 {name} set_tid 1", 5), ($"clone3 {name} CLONE_THREAD", 5), ($"clone3 {name} set_tid NULL set_tid_size 1", 5)]);
            }

            case "nspid":
                return "nspid " + Pick(rng, s.Processes.Concat(s.Threads).Append("shell").ToList());
            case "creds":
                return $"creds {fd()}{Pad(Weighted(rng, [(string.Empty, 50), ("CGROUPID", 20), ("EXIT", 20), ("CGROUPID|EXIT", 10)]))}";
            default:
            {
                var who = Pick(rng, alive);
                return Weighted(rng, [($"as {who}: fork_reap", 40), ($"as {who}: nspid {Pick(rng, s.Processes.Append("shell").ToList())}", 25), ($"as {who}: send PIDFD_SELF_THREAD_GROUP 0", 15), ($"as {who}: unshare CLONE_NEWPID", 20)]);
            }
        }
    }

    private static string Pad(string s) => s.Length == 0 ? string.Empty : " " + s;

    private static string Pick(Random rng, IReadOnlyList<string> from) => from[rng.Next(from.Count)];

    private static string Weighted(Random rng, IReadOnlyList<(string Value, int Weight)> choices)
    {
        var pick = rng.Next(choices.Sum(c => c.Weight));
        return choices.First(c => (pick -= c.Weight) < 0).Value;
    }
}
