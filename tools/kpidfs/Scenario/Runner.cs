// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
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

    private Runner(IBackend backend)
    {
        this.backend = backend;
        this.tasks["shell"] = backend.ShellPid;
        this.normaliser.NameTask(backend.ShellPid, "shell");
    }

    /// <summary>Gets the backend of this run (the task it acts as is shell).</summary>
    internal IBackend Backend => this.backend;

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

        inspect?.Invoke(backend);
        return new RunOutcome(file.Path, null, sb.ToString(), null);
    }

    /// <summary>The fd number a name holds (-1 after a failed open).</summary>
    /// <param name="name">The fd name.</param>
    /// <returns>The number.</returns>
    internal int Fd(string name) => this.fds[name];

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

    /// <summary>Binds a task name to the pid a spawn or thread returned (-1 when it failed).</summary>
    /// <param name="name">The task name.</param>
    /// <param name="r">The result.</param>
    /// <returns><paramref name="r"/>.</returns>
    internal TaskResult SetTask(string name, TaskResult r)
    {
        this.DefineTask(name, r);
        return r;
    }

    /// <summary>The pid a task reference stands for.</summary>
    /// <param name="t">The reference.</param>
    /// <returns>The pid (the literal, or the named task's pid as shell sees it).</returns>
    internal int Pid(TaskRef t) => t.Name == null ? t.Literal : this.tasks[t.Name];

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private Result Step(Op op) => op.Run(this);

    private void DefineTask(string name, TaskResult r)
    {
        this.tasks[name] = r.Ok ? r.Pid : -1;
        if (r.Ok)
        {
            this.normaliser.NameTask(r.Pid, name);
        }
    }
}
