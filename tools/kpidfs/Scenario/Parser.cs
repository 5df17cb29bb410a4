// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Kpidfs.Scenario;

/// <summary>
/// Parses scenario files (docs/scenarios.md: version 1, and version 2 after `# version: 2`). The verbs are
/// not listed here: each group registers its own in <see cref="VerbTable"/> from its file in Scenario/Verbs/.
/// </summary>
public sealed partial class Parser
{
    private readonly string path;
    private readonly List<ParseError> errors = [];
    private readonly List<Op> ops = [];
    private readonly List<KernelBound> bounds = [];
    private readonly Dictionary<string, (NameKind Kind, int Line)> names = new(StringComparer.Ordinal)
    {
        ["shell"] = (NameKind.Process, 0),
    };

    private readonly Dictionary<string, string> fdOwners = new(StringComparer.Ordinal);

    /* processes (and their threads) not made by a plain `spawn`, with how they were made: thread_exit and exec refuse them */
    private readonly Dictionary<string, string> notSpawned = new(StringComparer.Ordinal);

    /* the task the line being parsed runs as (`as P:`); fds belong to the task that opened them */
    private string actor = "shell";
    private bool modelOnly;
    private int version = 1;
    private int line;

    private Parser(string path) => this.path = path;

    private enum NameKind
    {
        Process,
        Thread,
        Fd,
        Handle,
    }

    /// <summary>Gets every verb of the language, each group's registered by its file in Scenario/Verbs/.</summary>
    public static VerbTable Verbs { get; } = MakeVerbs();

    /// <summary>Parses the text of one file.</summary>
    /// <param name="path">The file name used in messages.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="errors">Every malformed line (empty when the file is good).</param>
    /// <returns>The scenario, or null when there were errors.</returns>
    public static ScenarioFile? Parse(string path, string text, out IReadOnlyList<ParseError> errors)
    {
        var p = new Parser(path);
        p.Run(text);
        errors = p.errors;
        return p.errors.Count == 0 ? new ScenarioFile(path, p.ops, p.bounds, p.modelOnly) { Version = p.version } : null;
    }

    /// <summary>Reads and parses files; every file is checked.</summary>
    /// <param name="paths">The files.</param>
    /// <param name="errors">Every malformed line of every file, in order.</param>
    /// <returns>The scenarios (only meaningful when there are no errors).</returns>
    public static IReadOnlyList<ScenarioFile> ParseFiles(IEnumerable<string> paths, out IReadOnlyList<ParseError> errors)
    {
        var all = new List<ParseError>();
        var files = new List<ScenarioFile>();
        foreach (var path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                all.Add(new ParseError(path, 0, "cannot read: " + e.Message));
                continue;
            }

            var f = Parse(path, text, out var errs);
            all.AddRange(errs);
            if (f != null)
            {
                files.Add(f);
            }
        }

        errors = all;
        return files;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\s*(kernel|backend|version)\s*:\s*(.*?)\s*$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"(>=|<)\s*([0-9][0-9.]*)")]
    private static partial Regex Bound();

    /* One call per verb group, in the order the verbs are listed in messages; a group's file implements
       its method (Verbs/PidfdVerbs.cs, ProcessVerbs.cs, FdVerbs.cs, ThreadVerbs.cs, …). */
    private static VerbTable MakeVerbs()
    {
        var verbs = new VerbTable();
        RegisterPidfdVerbs(verbs);
        RegisterProcessVerbs(verbs);
        RegisterFdVerbs(verbs);
        RegisterThreadVerbs(verbs);
        return verbs;
    }

    static partial void RegisterPidfdVerbs(VerbTable verbs);

    static partial void RegisterProcessVerbs(VerbTable verbs);

    static partial void RegisterFdVerbs(VerbTable verbs);

    static partial void RegisterThreadVerbs(VerbTable verbs);

    private static string Usage(string verb) => Verbs.TryGet(verb, out var v) ? v.Usage : verb;

    private static string Describe(NameKind k) => k switch
    {
        NameKind.Process => "process",
        NameKind.Thread => "thread",
        NameKind.Fd => "fd",
        _ => "handle",
    };

    private static string A(NameKind k) => (k == NameKind.Fd ? "an " : "a ") + Describe(k);

    private void Run(string text)
    {
        var lines = text.Split('\n');
        var seenOp = false;
        for (var i = 0; i < lines.Length; i++)
        {
            this.line = i + 1;
            var raw = lines[i].TrimEnd('\r');
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                var d = Directive().Match(raw[(hash + 1)..]);
                if (d.Success && raw[..hash].Trim().Length == 0)
                {
                    if (seenOp)
                    {
                        this.Error($"'# {d.Groups[1].Value}:' must come before the first operation");
                    }
                    else
                    {
                        this.ParseDirective(d.Groups[1].Value, d.Groups[2].Value);
                    }

                    continue;
                }

                raw = raw[..hash];
            }

            var op = raw.Trim();
            if (op.Length == 0)
            {
                continue;
            }

            seenOp = true;
            try
            {
                var parsed = this.ParseOp(op, op.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                this.ops.Add(parsed);
            }
            catch (LineException e)
            {
                this.Error(e.Message);
            }
        }
    }

    private void Error(string message) => this.errors.Add(new ParseError(this.path, this.line, message));

    private void ParseDirective(string kind, string value)
    {
        if (kind == "version")
        {
            if (value is "1" or "2")
            {
                this.version = value[0] - '0';
            }
            else
            {
                this.Error($"unknown scenario language version '{value}' (1 and 2 are defined)");
            }

            return;
        }

        if (kind == "backend")
        {
            if (value == "model")
            {
                this.modelOnly = true;
            }
            else
            {
                this.Error($"unknown backend '{value}' (only '# backend: model' is defined)");
            }

            return;
        }

        var rest = value;
        var any = false;
        foreach (Match m in Bound().Matches(value))
        {
            if (!KernelVersion.TryParse(m.Groups[2].Value, out var v) || m.Groups[2].Value.EndsWith('.'))
            {
                this.Error($"bad kernel version '{m.Groups[2].Value}' (expected e.g. 6.19)");
                return;
            }

            this.bounds.Add(new KernelBound(m.Groups[1].Value == ">=", v));
            rest = rest.Replace(m.Value, string.Empty, StringComparison.Ordinal);
            any = true;
        }

        if (!any || rest.Trim().Length != 0)
        {
            this.Error($"bad kernel directive '{value}' (expected '# kernel: >= 6.19' or '# kernel: < 6.19')");
        }
    }

    private Op ParseOp(string text, string[] t)
    {
        if (!Verbs.TryGet(t[0], out var verb))
        {
            throw new LineException($"unknown verb '{t[0]}' (expected {Verbs.List(this.version)})");
        }

        if (verb.Version > this.version)
        {
            throw new LineException($"'{verb.Name}' is a version {verb.Version} verb; the file must start with '# version: {verb.Version}'");
        }

        return verb.Parse(this, text, t);
    }

    private void Arity(string verb, string[] t, int min, int max)
    {
        if (t.Length < min || t.Length > max)
        {
            throw new LineException($"{(t.Length < min ? "too few" : "too many")} arguments; usage: {Usage(verb)}");
        }
    }

    private long Flags(string text, IReadOnlyDictionary<string, long> table, string verb)
    {
        if (!Symbols.TryParseFlags(text, table, out var v, out var bad))
        {
            var known = string.Join(", ", table.Keys.Where(k => !k.StartsWith("PIDFD_INFO_", StringComparison.Ordinal)));
            throw new LineException(bad.Length == 0
                ? $"empty flag in '{text}'"
                : $"unknown flag '{bad}' for {verb} (expected {known} or a number)");
        }

        if (v < int.MinValue || v > uint.MaxValue)
        {
            throw new LineException($"flags '{text}' do not fit in 32 bits");
        }

        return v;
    }

    private string Define(string name, NameKind kind)
    {
        if (!Identifier().IsMatch(name) || name is "of" or "via" or "by" or "PIDFS_ROOT" or "PIDFD_SELF_THREAD" or "PIDFD_SELF_THREAD_GROUP")
        {
            throw new LineException($"bad name '{name}' (a name is a letter or _ followed by letters, digits or _)");
        }

        if (this.names.TryGetValue(name, out var old))
        {
            var where = old.Line == 0 ? "it is the scenario's own task" : $"defined at line {old.Line}";
            if (old.Kind is NameKind.Process or NameKind.Thread)
            {
                throw new LineException($"'{name}' is already {A(old.Kind)} ({where}); process and thread names cannot be redefined");
            }

            if (old.Kind != kind)
            {
                throw new LineException($"'{name}' is already {A(old.Kind)} ({where}); it cannot become {A(kind)}");
            }
        }

        this.names[name] = (kind, this.line);
        if (kind == NameKind.Fd)
        {
            this.fdOwners[name] = this.actor;
        }

        return name;
    }

    private string Use(string name, NameKind kind)
    {
        if (kind == NameKind.Fd && this.version >= 2 && name is "PIDFD_SELF_THREAD" or "PIDFD_SELF_THREAD_GROUP")
        {
            return name; /* version 2: the calling thread or its thread group, where a pidfd is expected */
        }

        if (!this.names.TryGetValue(name, out var old))
        {
            throw new LineException($"unknown {Describe(kind)} '{name}'");
        }

        if (old.Kind != kind)
        {
            throw new LineException($"'{name}' is {A(old.Kind)}, not {A(kind)}");
        }

        if (kind == NameKind.Fd && this.fdOwners[name] != this.actor)
        {
            throw new LineException($"fd '{name}' belongs to {this.fdOwners[name]}; a line run as {this.actor} uses {this.actor}'s fds");
        }

        return name;
    }

    private TaskRef Task(string name)
    {
        if (Symbols.TryParseNumber(name, out var n))
        {
            if (n < int.MinValue || n > int.MaxValue)
            {
                throw new LineException($"pid '{name}' does not fit in 32 bits");
            }

            return new TaskRef(null, (int)n);
        }

        if (!this.names.TryGetValue(name, out var old))
        {
            throw new LineException($"unknown process '{name}'");
        }

        if (old.Kind is not (NameKind.Process or NameKind.Thread))
        {
            throw new LineException($"'{name}' is {A(old.Kind)}, not a process or thread");
        }

        return new TaskRef(name, 0);
    }

    private MountRef Mount(string text)
    {
        if (text is "PIDFS_ROOT" or "FD_PIDFS_ROOT")
        {
            return new MountRef(null, Symbols.FdPidfsRoot);
        }

        if (text == "AT_FDCWD")
        {
            return new MountRef(null, -100);
        }

        if (Symbols.TryParseNumber(text, out var n) && n >= int.MinValue && n <= int.MaxValue)
        {
            return new MountRef(null, (int)n);
        }

        return new MountRef(this.Use(text, NameKind.Fd), 0);
    }

    /// <summary>A malformed line; the message is printed after `FILE:LINE: `.</summary>
    /// <param name="message">The message.</param>
    internal sealed class LineException(string message) : Exception(message);
}
