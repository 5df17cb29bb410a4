// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Linq;
using Kpidfs.Scenario;

namespace Kpidfs.Fuzz;

/// <summary>
/// What a fuzz scenario knows about its tasks, fds and handles after each line, and the rules that keep
/// a scenario valid: no line the host backend must refuse (exit 3). The generator and the shrinker both
/// ask <see cref="Check"/>, so a shrunk file is as valid as a generated one.
/// </summary>
/// <remarks>
/// The rules are conservative. A process is <see cref="Life.Alive"/> (certainly running),
/// <see cref="Life.Dead"/> (certainly exited or killed; zombie or reaped) or <see cref="Life.Unknown"/>
/// (a fatal signal went through an fd that may not have opened). Only an alive process may exit or
/// start a thread; only a dead one may be reaped or waited for without WNOHANG. A closed fd name is
/// used again only until the next line that may open an fd (its number could be reused).
/// </remarks>
public sealed class FuzzState
{
    private const uint PidfdNonblock = 0x800;
    private const uint PidfdThread = 0x80;
    private const int WNoWait = 0x01000000;
    private const ulong InfoCoredump = 1UL << 4;
    private const int WaitEvents = 0x2 | 0x4 | 0x8; /* WSTOPPED | WEXITED | WCONTINUED */

    private readonly Dictionary<string, Life> procs = new(StringComparer.Ordinal);
    private readonly HashSet<string> reaped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> threadOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> parentOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FdBinding> fds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HandleBinding> handles = new(StringComparer.Ordinal);
    private int epoch;

    /// <summary>What is known about a process.</summary>
    public enum Life
    {
        /// <summary>Certainly running.</summary>
        Alive,

        /// <summary>Certainly exited (zombie or reaped).</summary>
        Dead,

        /// <summary>Perhaps killed.</summary>
        Unknown,
    }

    /// <summary>Gets the spawned processes in order of definition.</summary>
    public IReadOnlyList<string> Processes => [.. this.procs.Keys];

    /// <summary>Gets the threads in order of definition.</summary>
    public IReadOnlyList<string> Threads => [.. this.threadOf.Keys];

    /// <summary>Gets the fd names that a line may use now (open, or closed since the last open).</summary>
    public IReadOnlyList<string> UsableFds => [.. this.fds.Where(kv => this.Usable(kv.Value)).Select(kv => kv.Key)];

    /// <summary>Gets the fd names that certainly hold an open pidfd (the open succeeded and no close since).</summary>
    public IReadOnlyList<string> GoodFds => [.. this.fds.Where(kv => kv.Value.Open && kv.Value.Certain).Select(kv => kv.Key)];

    /// <summary>Gets the handle names.</summary>
    public IReadOnlyList<string> Handles => [.. this.handles.Keys];

    /// <summary>Checks a whole parsed file.</summary>
    /// <param name="file">The scenario.</param>
    /// <returns>`line N: reason` for the first invalid line, or null when the file is valid.</returns>
    public static string? Validate(ScenarioFile file)
    {
        var s = new FuzzState();
        foreach (var op in file.Ops)
        {
            var why = s.Check(op);
            if (why != null)
            {
                return $"line {op.Line}: {why}";
            }
        }

        return null;
    }

    /// <summary>What is known about a process.</summary>
    /// <param name="name">The process name.</param>
    /// <returns>Its state.</returns>
    public Life LifeOf(string name) => this.procs[name];

    /// <summary>Whether a process has been reaped (by `reap` or a waitid through a pidfd).</summary>
    /// <param name="name">The process name.</param>
    /// <returns>True when reaped.</returns>
    public bool IsReaped(string name) => this.reaped.Contains(name);

    /// <summary>The process a thread belongs to.</summary>
    /// <param name="thread">The thread name.</param>
    /// <returns>The process name.</returns>
    public string ProcessOfThread(string thread) => this.threadOf[thread];

    /// <summary>Checks one line and, when it is valid, applies it.</summary>
    /// <param name="op">The line.</param>
    /// <returns>Why the line is not valid here, or null (and the state has moved on).</returns>
    public string? Check(Op op)
    {
        switch (op)
        {
            case SpawnOp s:
                if (s.By is { Name: { } by } && (by == "shell" || this.threadOf.ContainsKey(by) || this.procs[by] != Life.Alive))
                {
                    return "spawn … by needs a live process of the scenario";
                }

                this.procs[s.Name] = Life.Alive;
                this.parentOf[s.Name] = s.By?.Name ?? "shell";
                return null;
            case ThreadOp t:
            {
                var p = this.ProcessOf(t.Of);
                if (p == null || p == "shell" || this.procs[p] != Life.Alive)
                {
                    return "thread needs a live process of the scenario";
                }

                this.threadOf[t.Name] = p;
                return null;
            }

            case PidfdOpenOp o:
            {
                if (o.Target.Name == null && o.Target.Literal > 0)
                {
                    return "pidfd_open of a positive literal pid";
                }

                var p = this.ProcessOf(o.Target);
                var isThread = o.Target.Name != null && this.threadOf.ContainsKey(o.Target.Name);
                var flagsOk = (o.Flags & ~(PidfdNonblock | PidfdThread)) == 0;
                var alive = p == "shell" || (p != null && this.procs[p] == Life.Alive);
                /* a zombie leader still opens; "certain" only steers the generator for a dead process */
                var zombie = p != null && p != "shell" && !isThread && this.procs[p] == Life.Dead && !this.reaped.Contains(p);
                var certain = flagsOk && (isThread ? alive && (o.Flags & PidfdThread) != 0 : alive || zombie);
                this.fds[o.Fd] = new FdBinding(p, certain, certain && (o.Flags & PidfdNonblock) != 0, true, 0);
                this.epoch++;
                return null;
            }

            case StatOp s:
                return this.Use(s.Fd);
            case SameOp s:
                return this.Use(s.Fd1) ?? this.Use(s.Fd2);
            case PollOp p:
                return this.Use(p.Fd);
            case FdinfoOp f:
                return this.Use(f.Fd);
            case HandleOp h:
            {
                var why = this.Use(h.Fd);
                if (why != null)
                {
                    return why;
                }

                var fd = this.fds[h.Fd];
                this.handles[h.Handle] = new HandleBinding(fd.Proc, fd.Open && fd.Certain && h.Bytes >= 8 && h.Bytes <= 128);
                return null;
            }

            case OpenByHandleOp o:
            {
                if (o.Mount.FdName != null)
                {
                    var why = this.Use(o.Mount.FdName);
                    if (why != null)
                    {
                        return why;
                    }
                }
                else if (o.Mount.Number != Symbols.FdPidfsRoot && o.Mount.Number != -100 && o.Mount.Number != -1)
                {
                    return "open_by_handle via a literal fd other than PIDFS_ROOT, AT_FDCWD or -1";
                }

                var h = this.handles[o.Handle];
                var alive = h.Proc == "shell" || (h.Proc != null && this.procs[h.Proc] == Life.Alive);
                this.fds[o.Fd] = new FdBinding(h.Proc, h.Good && alive && o.Flags == 0 && o.Mount.Number == Symbols.FdPidfsRoot, false, true, 0);
                this.epoch++;
                return null;
            }

            case InfoOp i:
            {
                if ((i.Mask & ~0x1FUL) != 0)
                {
                    return "info mask beyond COREDUMP (6.18 and 6.19 differ there)";
                }

                var why = this.Use(i.Fd);
                if (why != null)
                {
                    return why;
                }

                var fd = this.fds[i.Fd];
                if (fd.Proc == "shell")
                {
                    return "info on shell prints its parent's raw pid";
                }

                /* 6.18 sets COREDUMP whenever it is asked for; 6.19 only with a recorded coredump or an mm */
                if ((i.Mask & InfoCoredump) != 0 && fd.Open && fd.Proc != null && this.procs[fd.Proc] != Life.Alive)
                {
                    return "info COREDUMP on a process that may have exited (6.18 and 6.19 differ there)";
                }

                return null;
            }

            case SendOp s:
            {
                var why = this.Use(s.Fd);
                if (why != null)
                {
                    return why;
                }

                if (s.Signal is not (0 or 9 or 10 or 15))
                {
                    return "send only 0, SIGKILL, SIGUSR1 or SIGTERM";
                }

                var fd = this.fds[s.Fd];
                if (s.Signal == 0 || !fd.Open || fd.Proc == null)
                {
                    return null;
                }

                if (fd.Proc == "shell")
                {
                    return "a fatal signal to shell";
                }

                if (this.Orphans(fd.Proc) is { } orphans)
                {
                    return orphans;
                }

                if (this.procs[fd.Proc] == Life.Alive)
                {
                    this.procs[fd.Proc] = fd.Certain ? Life.Dead : Life.Unknown;
                }

                return null;
            }

            case ExitOp e:
            {
                var p = this.ProcessOf(e.Target);
                if (p == null || p == "shell" || this.procs[p] != Life.Alive)
                {
                    return "exit needs a live process of the scenario";
                }

                if (this.Orphans(p) is { } orphans)
                {
                    return orphans;
                }

                this.procs[p] = Life.Dead;
                return null;
            }

            case ReapOp r:
            {
                if (r.Target.Name == null)
                {
                    return r.Target.Literal <= 0 ? null : "reap of a positive literal pid";
                }

                var p = this.ProcessOf(r.Target);
                if (p == null || p == "shell" || this.procs[p] != Life.Dead)
                {
                    return "reap needs a dead process of the scenario";
                }

                if (this.parentOf.TryGetValue(p, out var parent) && parent != "shell" && this.procs[parent] != Life.Alive)
                {
                    return "reap needs the process's parent alive (it makes the wait)";
                }

                if (p == r.Target.Name)
                {
                    this.reaped.Add(p);
                }

                return null;
            }

            case WaitidOp w:
            {
                var why = this.Use(w.Fd);
                if (why != null)
                {
                    return why;
                }

                var fd = this.fds[w.Fd];
                /* no WEXITED|WSTOPPED|WCONTINUED at all is EINVAL at once; without WEXITED a dead child never answers */
                var blocking = (w.Options & Symbols.WNoHang) == 0 && (w.Options & WaitEvents) != 0;
                var dead = fd.Proc != null && fd.Proc != "shell" && this.procs[fd.Proc] == Life.Dead && (w.Options & Symbols.WExited) != 0;
                if (blocking && fd.Open && fd.Proc != null && fd.Proc != "shell" && !dead && !(fd.Certain && fd.NonBlock))
                {
                    return "a blocking waitid on a process that may be running";
                }

                if (dead && fd.Open && fd.Certain && (w.Options & Symbols.WExited) != 0 && (w.Options & WNoWait) == 0)
                {
                    this.reaped.Add(fd.Proc!);
                }

                return null;
            }

            case CloseOp c:
            {
                var fd = this.fds[c.Fd];
                if (fd.Open)
                {
                    this.fds[c.Fd] = fd with { Open = false, ClosedEpoch = this.epoch };
                    return null;
                }

                return this.Usable(fd) ? null : "close of a closed fd whose number may have been reused";
            }

            default:
                return this.CheckProcessVerb(op);
        }
    }

    /*
     * The version-2 process verbs. A child of another process (spawn … by, CLONE_PARENT) is reaped by its
     * parent, which must then be alive. No pid namespaces: an init's exit kills and waits for the rest of
     * its namespace, which these rules do not follow.
     */
    private string? CheckProcessVerb(Op op)
    {
        switch (op)
        {
            case Clone3Op c:
                if ((c.Flags & ~(CloneFlags.Pidfd | 0x8000 /* CLONE_PARENT */)) != 0 || c.SetTid != null || c.SetTidSize != null || c.ExitSignal is not (0 or 17))
                {
                    this.procs[c.Name] = Life.Dead;
                    this.reaped.Add(c.Name); /* refused (EINVAL/EEXIST): the name holds no process */
                    if (c.Pidfd != null)
                    {
                        this.Opened(c.Pidfd, null, false);
                    }

                    return null;
                }

                if ((c.Flags & 0x8000) != 0)
                {
                    return "CLONE_PARENT from shell makes a child of the test runner";
                }

                this.procs[c.Name] = Life.Alive;
                this.parentOf[c.Name] = "shell";
                if (c.Pidfd != null)
                {
                    this.Opened(c.Pidfd, c.Name, true);
                }

                return null;
            case NspidOp:
                return null;
            case CredsOp cr:
                return this.Use(cr.Fd);
            case AsOp a:
            {
                var p = this.ProcessOf(a.Who);
                if (p == null || p == "shell" || this.threadOf.ContainsKey(a.Who.Name!) || this.procs[p] != Life.Alive)
                {
                    return "'as' needs a live process of the scenario";
                }

                if (a.Inner is ForkReapOp or NspidOp)
                {
                    return null;
                }

                return a.Inner is SendOp { Fd: "PIDFD_SELF_THREAD_GROUP", Signal: 0 } ? null : "only fork_reap, nspid and signal 0 to itself run as another process";
            }

            default:
                return "unknown operation " + op.GetType().Name;
        }
    }

    /* a process may die only once its children are reaped: the host's init reaps orphans when it gets to it */
    private string? Orphans(string p) =>
        this.parentOf.Any(kv => kv.Value == p && !this.reaped.Contains(kv.Key))
            ? "the process has children not yet reaped (an orphan is reaped by the host's init at no fixed time)"
            : null;

    private void Opened(string fd, string? proc, bool certain)
    {
        this.fds[fd] = new FdBinding(proc, certain, false, true, 0);
        this.epoch++;
    }

    private string? ProcessOf(TaskRef t)
    {
        if (t.Name == null)
        {
            return null;
        }

        if (t.Name == "shell")
        {
            return "shell";
        }

        return this.threadOf.TryGetValue(t.Name, out var p) ? p : t.Name;
    }

    private bool Usable(FdBinding fd) => fd.Open || fd.ClosedEpoch == this.epoch;

    private string? Use(string fd) => this.Usable(this.fds[fd]) ? null : $"fd '{fd}' was closed and its number may have been reused";

    /// <summary>An fd name's binding.</summary>
    /// <param name="Proc">The process it refers to (`shell`, a process name, or null for none).</param>
    /// <param name="Certain">Whether the open certainly succeeded.</param>
    /// <param name="NonBlock">Whether it is certainly a PIDFD_NONBLOCK pidfd.</param>
    /// <param name="Open">Whether the scenario has not closed it.</param>
    /// <param name="ClosedEpoch">The open count when it was closed.</param>
    private sealed record FdBinding(string? Proc, bool Certain, bool NonBlock, bool Open, int ClosedEpoch);

    /// <summary>A handle name's binding.</summary>
    /// <param name="Proc">The process it names, or null.</param>
    /// <param name="Good">Whether it is certainly a good pidfs handle.</param>
    private sealed record HandleBinding(string? Proc, bool Good);
}
