// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Kpidfs.Scenario;

/// <summary>Runs a scenario on a backend: resolves names, calls the backend line by line, writes the transcript.</summary>
public sealed class Runner
{
    private readonly IBackend backend;
    private readonly Normaliser normaliser = new();
    private readonly Dictionary<string, int> tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> fds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HandleResult> handles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskInfo> infos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IBackend> views = new(StringComparer.Ordinal);
    private int namespaces;

    private Runner(IBackend backend)
    {
        this.backend = backend;
        this.tasks["shell"] = backend.ShellPid;
        this.normaliser.NameTask(backend.ShellPid, "shell");
        this.Actor = this.infos["shell"] = new TaskInfo("shell", backend.ShellPid, "-", this.normaliser.Root) { Numbers = [backend.ShellPid] };
    }

    /// <summary>Gets the backend as the line's task sees it: shell's, or the `as P:` task's view.</summary>
    internal IBackend Backend => this.Actor.Name == "shell" ? this.backend : this.views[this.Actor.Name];

    /// <summary>Gets the backend as shell (for lines that act on a task rather than as one: exit, thread, nspid).</summary>
    internal IBackend Root => this.backend;

    /// <summary>Gets the task the current line runs as (shell, or the task of `as P:`).</summary>
    internal TaskInfo Actor { get; private set; }

    /// <summary>Gets the run's normaliser.</summary>
    internal Normaliser Normaliser => this.normaliser;

    /// <summary>Runs <paramref name="file"/> on a fresh backend and disposes of it (even on errors).</summary>
    /// <param name="file">The scenario.</param>
    /// <param name="makeBackend">Makes the backend for this file.</param>
    /// <param name="inspect">Called with the backend after the last line, before it is disposed of (may be null).</param>
    /// <param name="around">Wraps each line's step (kpidfs faults counts a line's allocations with it; may be null).</param>
    /// <returns>The outcome.</returns>
    public static RunOutcome Run(ScenarioFile file, Func<IBackend> makeBackend, Action<IBackend>? inspect = null, Func<Op, Func<Result>, Result>? around = null)
    {
        using var backend = makeBackend();
        var skip = backend.SkipReason(file);
        if (skip != null)
        {
            return new RunOutcome(file.Path, skip, string.Empty, null);
        }

        var runner = new Runner(backend);
        var sb = new StringBuilder();
        foreach (var op in file.Ops)
        {
            runner.normaliser.View = runner.normaliser.Root;
            try
            {
                var result = around != null ? around(op, () => runner.Step(op)) : runner.Step(op);
                sb.Append(TranscriptWriter.Line(op, result, runner.normaliser)).Append('\n');
            }
            catch (Exception e) when (e is BackendException or NotSupportedException)
            {
                return new RunOutcome(file.Path, null, sb.ToString(), $"{file.Path}:{op.Line}: {backend.Name}: {e.Message}");
            }
#pragma warning disable CA1031 // a backend's crash stops the run at its line; the stack trace goes to Crash, not to the user
            catch (Exception e)
#pragma warning restore CA1031
            {
                return new RunOutcome(file.Path, null, sb.ToString(), $"{file.Path}:{op.Line}: {backend.Name}: internal error: {e.GetType().Name}: {FirstLine(e.Message)}")
                {
                    Crash = e.ToString(),
                };
            }
        }

        var problems = backend.KernelProblems();
        if (problems != null)
        {
            return new RunOutcome(file.Path, null, sb.ToString(), $"{file.Path}: {backend.Name}: {problems}");
        }

        inspect?.Invoke(backend);
        return new RunOutcome(file.Path, null, sb.ToString(), null);
    }

    /// <summary>The fd number a name holds (-1 after a failed open).</summary>
    /// <param name="name">The fd name.</param>
    /// <returns>The number.</returns>
    internal int Fd(string name) => name switch
    {
        "PIDFD_SELF_THREAD" => -10000,
        "PIDFD_SELF_THREAD_GROUP" => -10001,
        _ => this.fds[name],
    };

    /// <summary>Binds an fd name to what an open returned (-1 when it failed).</summary>
    /// <param name="name">The fd name.</param>
    /// <param name="r">The open's result.</param>
    /// <returns><paramref name="r"/>.</returns>
    internal FdResult SetFd(string name, FdResult r)
    {
        this.fds[name] = r.Ok ? r.Fd : -1;
        return r;
    }

    /// <summary>The handle a name holds.</summary>
    /// <param name="name">The handle name.</param>
    /// <returns>The handle as `handle` returned it.</returns>
    internal HandleResult Handle(string name) => this.handles[name];

    /// <summary>Binds a handle name.</summary>
    /// <param name="name">The handle name.</param>
    /// <param name="r">The handle.</param>
    /// <returns><paramref name="r"/>.</returns>
    internal HandleResult SetHandle(string name, HandleResult r)
    {
        this.handles[name] = r;
        return r;
    }

    /// <summary>Binds the name of a new child of the line's task (`spawn`, `clone3`).</summary>
    /// <param name="name">The task name.</param>
    /// <param name="r">The result (the pid as shell sees it, -1 when it failed).</param>
    /// <param name="newNs">Whether the child was born in a new pid namespace (clone3 CLONE_NEWPID).</param>
    /// <param name="setTid">The set_tid numbers it asked for (innermost first), or null.</param>
    /// <returns><paramref name="r"/>.</returns>
    internal TaskResult DefineChild(string name, TaskResult r, bool newNs = false, IReadOnlyList<int>? setTid = null)
    {
        var ns = newNs ? new PidNs(this.Actor.ForChildren, ++this.namespaces) : this.Actor.ForChildren;
        HashSet<int>? chosen = null;
        if (setTid != null)
        {
            chosen = [.. Enumerable.Range(0, Math.Min(setTid.Count, ns.Level + 1)).Select(i => ns.Level - i)];
        }

        this.Define(new TaskInfo(name, r.Ok ? r.Pid : -1, this.Actor.Name, ns), chosen);
        return r;
    }

    /// <summary>
    /// After `exec T`: the thread took its group leader's pid, so the name now stands for that process
    /// (the leader's numbers in every pid namespace); the pid still prints under the leader's name.
    /// </summary>
    /// <param name="name">The task name.</param>
    /// <param name="pid">Its pid from now on, as shell sees it.</param>
    internal void MoveTask(string name, int pid)
    {
        var leader = this.infos.Values.FirstOrDefault(i => i.Pid == pid && i.Name != name);
        this.infos[name] = leader != null ? leader with { Name = name } : this.infos[name] with { Pid = pid };
    }

    /// <summary>Binds the name of a new thread of a task's process.</summary>
    /// <param name="name">The thread name.</param>
    /// <param name="of">The task whose process it joins.</param>
    /// <param name="r">The result.</param>
    /// <returns><paramref name="r"/>.</returns>
    internal TaskResult DefineThread(string name, TaskRef of, TaskResult r)
    {
        var group = of.Name != null ? this.infos[of.Name] : this.Actor;
        this.Define(new TaskInfo(name, r.Ok ? r.Pid : -1, group.Parent, group.Active), null);
        return r;
    }

    /// <summary>The pid a task reference stands for, in the pid namespace of the line's task.</summary>
    /// <param name="t">The reference.</param>
    /// <returns>The pid (the literal, or the named task's number there).</returns>
    internal int Pid(TaskRef t)
    {
        if (t.Name == null)
        {
            return t.Literal;
        }

        var info = this.infos[t.Name];
        if (this.Actor.Name == "shell" || info.Pid < 0)
        {
            return info.Pid;
        }

        var nr = info.NumberIn(this.Actor.Active);
        return nr != 0 ? nr : throw new BackendException($"'{t.Name}' is not in the pid namespace of {this.Actor.Name} or below it (it has no pid there)");
    }

    /// <summary>The pid a task reference stands for, as shell sees it.</summary>
    /// <param name="t">The reference.</param>
    /// <returns>The pid.</returns>
    internal int RootPid(TaskRef t) => t.Name == null ? t.Literal : this.infos[t.Name].Pid;

    /// <summary>Whether the line's task can see a task in its pid namespace.</summary>
    /// <param name="t">The task.</param>
    /// <returns>True for literals and visible tasks.</returns>
    internal bool Sees(TaskRef t) => t.Name == null || this.Actor.Active.Sees(this.infos[t.Name].Active);

    /// <summary>The number a set_tid entry stands for: a literal, or a named task's number at that entry's level.</summary>
    /// <param name="t">The entry.</param>
    /// <param name="index">Its index (0 is the innermost namespace).</param>
    /// <param name="newNs">Whether the clone makes a new pid namespace.</param>
    /// <returns>The number (0 when the task has none at that level).</returns>
    internal int SetTidNumber(TaskRef t, int index, bool newNs)
    {
        if (t.Name == null)
        {
            return t.Literal;
        }

        var level = this.Actor.ForChildren.Level + (newNs ? 1 : 0) - index;
        var numbers = this.infos[t.Name].Numbers;
        return level >= 0 && level < numbers.Count ? numbers[level] : 0;
    }

    /// <summary>unshare(CLONE_NEWPID) worked: the line's task's children are born in a new pid namespace.</summary>
    internal void NewPidNsForChildren() => this.Actor.ForChildren = new PidNs(this.Actor.Active, ++this.namespaces);

    /// <summary>Runs a line as another task (`as P:`); its pids are printed as that task reads them.</summary>
    /// <param name="who">The task.</param>
    /// <param name="inner">The line.</param>
    /// <returns>Its result.</returns>
    internal Result RunAs(TaskRef who, Op inner)
    {
        var info = this.infos[who.Name!];
        if (info.Pid < 0)
        {
            throw new BackendException($"'{info.Name}' was never created");
        }

        if (info.Name != "shell")
        {
            /* asked every time: a process that has since stopped or exited can run nothing (As refuses it) */
            this.views[info.Name] = this.backend.As(info.Pid);
        }

        var outer = this.Actor;
        this.Actor = info;
        try
        {
            return inner.Run(this);
        }
        finally
        {
            this.Actor = outer;
            this.normaliser.View = info.Active;
        }
    }

    /// <summary>`reap P`: P's parent waits for it (shell for a literal pid or a task of shell).</summary>
    /// <param name="t">The task.</param>
    /// <returns>The wait's result.</returns>
    internal WaitResult Reap(TaskRef t)
    {
        if (t.Name == null || this.infos[t.Name].Parent is "shell" or "-" || this.Actor.Name != "shell")
        {
            return this.Backend.Reap(this.Pid(t));
        }

        var parent = this.infos[this.infos[t.Name].Parent];
        return this.RunAs(new TaskRef(parent.Name, 0), new ReapOp(0, string.Empty, t)) as WaitResult ?? throw new InvalidOperationException("reap");
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private Result Step(Op op) => op.Run(this);

    /* records a new task: its numbers in each namespace of its chain (read from the kernel below the initial one) */
    private void Define(TaskInfo info, ISet<int>? chosen)
    {
        this.tasks[info.Name] = info.Pid;
        this.infos[info.Name] = info;
        if (info.Pid < 0)
        {
            return;
        }

        if (info.Active.Level == 0)
        {
            info.Numbers = [info.Pid];
            this.normaliser.NameTask(info.Pid, info.Name);
            return;
        }

        var numbers = this.backend.NsPids(info.Pid);
        if (!numbers.Ok || numbers.Numbers.Count != info.Active.Level + 1)
        {
            throw new BackendException($"'{info.Name}' should be at pid namespace level {info.Active.Level}, its NSpid is {(numbers.Ok ? string.Join(' ', numbers.Numbers) : Symbols.ErrnoName(numbers.Errno))}");
        }

        info.Numbers = numbers.Numbers;
        this.normaliser.NameTask(info.Active.Chain, info.Numbers, info.Name, chosen);
    }
}
