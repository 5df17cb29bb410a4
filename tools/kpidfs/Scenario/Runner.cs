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

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private Result Step(Op op)
    {
        var b = this.backend;
        switch (op)
        {
            case SpawnOp s:
            {
                var r = b.Spawn(s.Name);
                this.DefineTask(s.Name, r);
                return r;
            }

            case ThreadOp t:
            {
                var r = b.Thread(t.Name, this.Pid(t.Of));
                this.DefineTask(t.Name, r);
                return r;
            }

            case PidfdOpenOp o:
            {
                var r = b.PidfdOpen(this.Pid(o.Target), o.Flags);
                this.fds[o.Fd] = r.Ok ? r.Fd : -1;
                return r;
            }

            case StatOp s:
                return b.Stat(this.fds[s.Fd]);
            case SameOp s:
                return b.Same(this.fds[s.Fd1], this.fds[s.Fd2]);
            case HandleOp h:
            {
                var r = b.NameToHandle(this.fds[h.Fd], h.Bytes);
                this.handles[h.Handle] = r;
                return r;
            }

            case OpenByHandleOp o:
            {
                var mount = o.Mount.FdName != null ? this.fds[o.Mount.FdName] : o.Mount.Number;
                var r = b.OpenByHandle(mount, this.handles[o.Handle], o.Flags);
                this.fds[o.Fd] = r.Ok ? r.Fd : -1;
                return r;
            }

            case InfoOp i:
                return b.Info(this.fds[i.Fd], i.Mask);
            case SendOp s:
                return b.Send(this.fds[s.Fd], s.Signal);
            case ExitOp e:
                return b.Exit(this.Pid(e.Target), e.Code);
            case ReapOp r:
                return b.Reap(this.Pid(r.Target));
            case WaitidOp w:
                return b.Waitid(this.fds[w.Fd], w.Options);
            case PollOp p:
                return b.Poll(this.fds[p.Fd]);
            case FdinfoOp f:
                return b.Fdinfo(this.fds[f.Fd]);
            case CloseOp c:
                return b.Close(this.fds[c.Fd]);
            default:
                throw new NotSupportedException("unknown operation " + op.GetType().Name);
        }
    }

    private void DefineTask(string name, TaskResult r)
    {
        this.tasks[name] = r.Ok ? r.Pid : -1;
        if (r.Ok)
        {
            this.normaliser.NameTask(r.Pid, name);
        }
    }

    private int Pid(TaskRef t) => t.Name == null ? t.Literal : this.tasks[t.Name];
}
