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
/// (a fatal signal went through an fd that may not have opened); a live process may also be certainly
/// stopped. Only an alive, running process may exit or start a thread; only a dead one may be reaped or
/// waited for without WNOHANG, and a reap by a parent other than shell needs that parent running. A closed fd name is used again only until the next line that may open an
/// fd or start a process (its number could be reused, on the host by the runtime too). Nothing changes,
/// encodes or reads xattrs of /dev/null (a host file), and pidfd_getfd copies by name only from shell.
/// Pid namespaces: a process may `unshare CLONE_NEWPID` once (as itself); its next child is the init of
/// the new namespace, and only that init's descendants join it (a later `spawn … by` of the unsharer
/// would put a child of an outside parent into it, whose zombie the dying init would wait for). Once
/// the init has died, nothing more is forked into the namespace (fork fails with ENOMEM there).
/// </remarks>
public sealed class FuzzState
{
    /// <summary>The target fd number `getfd` uses for "certainly not open" (beyond any fd table here).</summary>
    public const int GetfdNoSuchFd = 100000;

    private const uint PidfdNonblock = 0x800;
    private const uint PidfdThread = 0x80;
    private const int WNoWait = 0x01000000;
    private const ulong InfoCoredump = 1UL << 4;
    private const int WaitEvents = 0x2 | 0x4 | 0x8; /* WSTOPPED | WEXITED | WCONTINUED */
    private const int SigKill = 9;
    private const int SigUsr1 = 10;
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;
    private const int AtEmptyPath = 0x1000;
    private const int AtHandleFid = 0x200;
    private const int AtHandleMntIdUnique = 0x1;

    private readonly Dictionary<string, Life> procs = new(StringComparer.Ordinal);
    private readonly HashSet<string> reaped = new(StringComparer.Ordinal);
    private readonly HashSet<string> stopped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> threadOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> parentOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FdBinding> fds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HandleBinding> handles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> nsOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> pendingNs = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string?> nsInit = [];
    private readonly HashSet<int> deadNs = [];
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

    /// <summary>Gets the fd names that certainly hold an open pidfd (not /dev/null).</summary>
    public IReadOnlyList<string> GoodPidfds => [.. this.fds.Where(kv => kv.Value.Open && kv.Value.Certain && !kv.Value.Null).Select(kv => kv.Key)];

    /// <summary>Gets the usable fd names that are certainly not /dev/null (pidfds, or names whose open failed).</summary>
    public IReadOnlyList<string> UsableNonNullFds => [.. this.fds.Where(kv => this.Usable(kv.Value) && !kv.Value.Null).Select(kv => kv.Key)];

    /// <summary>Gets the fd names that certainly hold an open pidfd of shell.</summary>
    public IReadOnlyList<string> ShellPidfds => [.. this.fds.Where(kv => kv.Value.Open && kv.Value.Certain && !kv.Value.Null && kv.Value.Proc == "shell").Select(kv => kv.Key)];

    /// <summary>Gets the processes that are certainly stopped.</summary>
    public IReadOnlyList<string> Stopped => [.. this.stopped];

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
        var why = this.CheckLine(op);
        if (why == null)
        {
            this.NoteDeadNamespaces();
        }

        return why;
    }

    /* a namespace whose init is no longer certainly alive takes no more children */
    private void NoteDeadNamespaces()
    {
        foreach (var (ns, init) in this.nsInit)
        {
            if (!string.IsNullOrEmpty(init) && this.procs[init] != Life.Alive)
            {
                this.deadNs.Add(ns);
            }
        }
    }

    /* the pid namespace a new child of p is born into, or -1 when that namespace is dead */
    private int ChildNs(string p)
    {
        var ns = p == "shell" ? 0 : this.pendingNs.TryGetValue(p, out var pending) ? pending : this.nsOf[p];
        return this.deadNs.Contains(ns) ? -1 : ns;
    }

    /* records a child of p; false when the child would be an outsider in a namespace that has its init */
    private bool Born(string child, string p)
    {
        var ns = this.ChildNs(p);
        if (ns < 0 || (ns != 0 && this.nsInit[ns] != null && this.nsOf.GetValueOrDefault(p) != ns))
        {
            return false;
        }

        if (ns != 0 && this.nsInit[ns] == null)
        {
            this.nsInit[ns] = child;
        }

        this.nsOf[child] = ns;
        return true;
    }

    private string? CheckLine(Op op)
    {
        switch (op)
        {
            case SpawnOp s:
                if (s.By is { Name: { } by } && (by == "shell" || this.threadOf.ContainsKey(by) || this.procs[by] != Life.Alive || this.stopped.Contains(by)))
                {
                    return "spawn … by needs a live process of the scenario";
                }

                if (!this.Born(s.Name, s.By?.Name ?? "shell"))
                {
                    return "spawn … by into a pid namespace that is dead or whose init is not the parent's ancestor";
                }

                this.procs[s.Name] = Life.Alive;
                this.parentOf[s.Name] = s.By?.Name ?? "shell";

                /* the host starts a process: its runtime may take fd numbers the scenario closed */
                this.epoch++;
                return null;
            case ThreadOp t:
            {
                var p = this.ProcessOf(t.Of);
                if (p == null || p == "shell" || this.procs[p] != Life.Alive || this.stopped.Contains(p))
                {
                    return "thread needs a live process of the scenario";
                }

                if (this.pendingNs.ContainsKey(p))
                {
                    return "a thread of a process that unshared CLONE_NEWPID (EINVAL)";
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
                var why = this.Use(h.Fd) ?? this.NotNull(h.Fd, "a handle of /dev/null (the host's devtmpfs encodes one)");
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
                return this.CheckSend(s);

            case ExitOp e:
            {
                var p = this.ProcessOf(e.Target);
                if (p == null || p == "shell" || this.procs[p] != Life.Alive || this.stopped.Contains(p))
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

                if (this.parentOf.TryGetValue(p, out var parent) && parent != "shell" && (this.procs[parent] != Life.Alive || this.stopped.Contains(parent)))
                {
                    return "reap needs the process's parent alive and running (it makes the wait)";
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

                /* shell waits: only its own children are reaped (another's child is ECHILD) */
                if (dead && fd.Open && fd.Certain && (w.Options & Symbols.WExited) != 0 && (w.Options & WNoWait) == 0 &&
                    this.parentOf.GetValueOrDefault(fd.Proc!) == "shell")
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
     * parent, which must then be alive. Pid namespaces: see the class remarks (an init cannot die before
     * its children are reaped, so its namespace is empty of others when it dies).
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
                this.nsOf[c.Name] = 0;
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
                if (p == null || p == "shell" || this.threadOf.ContainsKey(a.Who.Name!) || this.procs[p] != Life.Alive || this.stopped.Contains(p))
                {
                    return "'as' needs a live process of the scenario";
                }

                switch (a.Inner)
                {
                    case NspidOp:
                        return null;
                    case ForkReapOp:
                        return this.ForkReap(p);
                    case UnshareOp u:
                        if (u.Flags != 0x20000000 /* CLONE_NEWPID */ || this.pendingNs.ContainsKey(p))
                        {
                            return "only one unshare CLONE_NEWPID per process";
                        }

                        this.pendingNs[p] = this.nsInit.Count + 1;
                        this.nsInit[this.nsInit.Count + 1] = null;
                        return null;
                    default:
                        return a.Inner is SendOp { Fd: "PIDFD_SELF_THREAD_GROUP", Signal: 0 } ? null : "only fork_reap, nspid, unshare and signal 0 to itself run as another process";
                }
            }

            default:
                return this.CheckFdVerb(op);
        }
    }

    /* fork_reap: the child is born and reaped at once; as a namespace's first child it is its init, and the namespace dies with it */
    private string? ForkReap(string p)
    {
        var ns = this.ChildNs(p);
        if (ns < 0)
        {
            return "fork_reap into a dead pid namespace (ENOMEM)";
        }

        if (ns != 0 && this.nsInit[ns] == null)
        {
            this.deadNs.Add(ns);
            this.nsInit[ns] = string.Empty;
        }

        return null;
    }

    /* send: what each signal does to what is known (stop and continue included) */
    private string? CheckSend(SendOp s)
    {
        var why = this.Use(s.Fd);
        if (why != null)
        {
            return why;
        }

        if (s.Signal is not (0 or SigKill or SigUsr1 or SigTerm or SigStop or SigCont))
        {
            return "send only 0, SIGKILL, SIGUSR1, SIGTERM, SIGSTOP or SIGCONT";
        }

        var fd = this.fds[s.Fd];
        if (s.Signal == 0 || !fd.Open || fd.Proc == null || fd.Null)
        {
            return null;
        }

        if (fd.Proc == "shell")
        {
            return "a signal to shell";
        }

        var life = this.procs[fd.Proc];
        var isStopped = this.stopped.Contains(fd.Proc);
        if (s.Signal is SigTerm or SigUsr1 && this.nsInit.ContainsValue(fd.Proc) && life == Life.Alive && fd.Certain)
        {
            return null; /* a namespace init ignores a default-handled signal from outside unless it is SIGKILL or SIGSTOP */
        }

        switch (s.Signal)
        {
            case SigStop:
                if (life == Life.Dead)
                {
                    return null;
                }

                if (life != Life.Alive || !fd.Certain)
                {
                    return "SIGSTOP needs a certain pidfd of a live process";
                }

                this.stopped.Add(fd.Proc);
                return null;
            case SigCont:
                if (life == Life.Dead || (life == Life.Alive && !isStopped))
                {
                    return null;
                }

                if (life != Life.Alive || !fd.Certain)
                {
                    return "SIGCONT to a stopped process needs a certain pidfd";
                }

                this.stopped.Remove(fd.Proc);
                return null;
            case SigKill:
                break;
            default:
                if (isStopped)
                {
                    return "a fatal signal other than SIGKILL to a stopped process waits for SIGCONT";
                }

                break;
        }

        if (this.Orphans(fd.Proc) is { } orphans)
        {
            return orphans;
        }

        if (life == Life.Alive)
        {
            this.procs[fd.Proc] = fd.Certain ? Life.Dead : Life.Unknown;
            if (fd.Certain)
            {
                this.stopped.Remove(fd.Proc);
            }
        }

        return null;
    }

    /* the fd and file verbs (version 2) */
    private string? CheckFdVerb(Op op)
    {
        switch (op)
        {
            case SetxattrOp x:
                return this.Use(x.Fd) ?? this.NotNull(x.Fd, "an xattr of /dev/null (a host file)") ?? this.NotShell(x.Fd);
            case GetxattrOp x:
                return this.Use(x.Fd) ?? this.NotNull(x.Fd, "an xattr of /dev/null (a host file)");
            case ListxattrOp x:
                return this.Use(x.Fd) ?? this.NotNull(x.Fd, "an xattr of /dev/null (a host file)");
            case RemovexattrOp x:
                return this.Use(x.Fd) ?? this.NotNull(x.Fd, "an xattr of /dev/null (a host file)") ?? this.NotShell(x.Fd);
            case ChmodOp c:
                return this.Use(c.Fd) ?? this.NotNull(c.Fd, "chmod of /dev/null (a host file)");
            case ChownOp c:
                return this.Use(c.Fd) ?? this.NotNull(c.Fd, "chown of /dev/null (a host file)");
            case GetflOp g:
                return this.Use(g.Fd);
            case SetflOp f:
            {
                var why = this.Use(f.Fd);
                if (why != null)
                {
                    return why;
                }

                /* other names may share the open file: none is certainly nonblocking any more */
                foreach (var name in this.fds.Keys.ToList())
                {
                    this.fds[name] = this.fds[name] with { NonBlock = false };
                }

                var fd = this.fds[f.Fd];
                this.fds[f.Fd] = fd with { NonBlock = fd.Open && fd.Certain && !fd.Null && (f.Flags & (int)PidfdNonblock) != 0 };
                return null;
            }

            case GetfdOp g:
                return this.CheckGetfd(g);
            case HandleAtOp h:
            {
                if (h.Dir.FdName == null)
                {
                    return "handle_at relative to AT_FDCWD names a host file";
                }

                var why = this.Use(h.Dir.FdName) ?? this.NotNull(h.Dir.FdName, "a handle of /dev/null (the host's devtmpfs encodes one)");
                if (why != null)
                {
                    return why;
                }

                var fd = this.fds[h.Dir.FdName];
                var good = fd.Open && fd.Certain && h.Path.Length == 0 && (h.Flags & AtEmptyPath) != 0 &&
                    (h.Flags & ~(AtEmptyPath | AtHandleFid | AtHandleMntIdUnique)) == 0 && h.Bytes >= 8 && h.Bytes <= 128;
                this.handles[h.Handle] = new HandleBinding(fd.Proc, good);
                return null;
            }

            case ForgeOp f:
            {
                if (f.Ino != null && (!Symbols.TryParseNumber(f.Ino.TrimStart('+'), out var v) || (v != 0 && Math.Abs(v) < 1_000_000_000) || (v != 0 && f.Ino[0] is not ('+' or '-'))))
                {
                    return "a forged inode number near real ones (the host's numbers are not the model's)";
                }

                var from = f.From != null ? this.handles[f.From] : null;
                var same = f.Type == null && f.Bytes == null && f.Ino == null && f.Payload == null;
                this.handles[f.Handle] = new HandleBinding(from?.Proc, same && from != null && from.Good);
                return null;
            }

            case OpenOp o:
                this.fds[o.Fd] = new FdBinding(null, (o.Flags & ~(0x3 | 0x800 | 0x80000 | 0x8000)) == 0 && (o.Flags & 3) != 3, false, true, 0, Null: true);
                this.epoch++;
                return null;
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

    /* pidfd_getfd: a child's fd numbers differ between the backends, so only shell's own fds are copied by name */
    private string? CheckGetfd(GetfdOp g)
    {
        var why = this.Use(g.Pidfd);
        if (why != null)
        {
            return why;
        }

        var pfd = this.fds[g.Pidfd];
        var fromShell = pfd.Open && pfd.Certain && !pfd.Null && pfd.Proc == "shell";
        var refused = g.Flags != 0 || !pfd.Open || (pfd.Null && pfd.Certain);
        FdBinding result;
        if (g.Target.FdName != null)
        {
            if (!refused && !fromShell)
            {
                return "getfd of a named fd needs a pidfd of shell";
            }

            var src = this.fds[g.Target.FdName];
            if (!refused && !(src.Open && src.Certain))
            {
                return "getfd of an fd that may not be open";
            }

            result = refused ? new FdBinding(null, false, false, true, 0) : src with { ClosedEpoch = 0 };
        }
        else
        {
            if (g.Target.Number != GetfdNoSuchFd && g.Target.Number != -1)
            {
                return "getfd of a literal fd number other than -1 or 100000";
            }

            result = new FdBinding(null, false, false, true, 0);
        }

        this.fds[g.NewFd] = result;
        this.epoch++;
        return null;
    }

    private string? NotNull(string fd, string what) => this.fds[fd].Null ? what : null;

    /* shell's xattrs would outlive the scenario: both backends refuse to change them */
    private string? NotShell(string fd) => this.fds[fd].Proc == "shell" ? "an xattr change on shell (it outlives the scenario)" : null;

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
    /// <param name="Null">Whether it may be /dev/null rather than a pidfd.</param>
    private sealed record FdBinding(string? Proc, bool Certain, bool NonBlock, bool Open, int ClosedEpoch, bool Null = false);

    /// <summary>A handle name's binding.</summary>
    /// <param name="Proc">The process it names, or null.</param>
    /// <param name="Good">Whether it is certainly a good pidfs handle.</param>
    private sealed record HandleBinding(string? Proc, bool Good);
}
