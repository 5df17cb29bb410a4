// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Kpidfs.Scenario;

namespace Kpidfs.Host;

/// <summary>
/// The host backend: the real kernel of this machine, through real system calls. `shell` is this
/// process; every `spawn` is a posix_spawned `kpidfs __child`, killed and reaped on Dispose.
/// </summary>
public sealed partial class HostBackend : IBackend
{
    private const int ZombieTimeoutMs = 10000;

    private static readonly Lazy<string?> PidfsMissing = new(ProbePidfs);

    private readonly List<HostChild> children;
    private readonly HashSet<int> scenarioFds;

    /* who makes this backend's system calls: shell itself, or the child of an `as P:` view */
    private readonly HostSys sys;
    private readonly HostChild? actor;

    /// <summary>Initializes a new instance of the <see cref="HostBackend"/> class (shell is this process).</summary>
    public HostBackend()
    {
        this.children = [];
        this.scenarioFds = [];
        this.sys = HostSys.Local;
    }

    /* a view whose lines run as one of the children */
    private HostBackend(HostBackend root, HostChild actor)
    {
        this.children = root.children;
        this.scenarioFds = actor.ScenarioFds;
        this.sys = new RemoteSys(actor);
        this.actor = actor;
        this.ShellPid = root.ShellPid;
    }

    /// <summary>Gets the host kernel's release (uname -r).</summary>
    public static string Release { get; } = ReadRelease();

    /// <summary>Gets why this host cannot run pidfs scenarios, or null when it can.</summary>
    public static string? Unsupported => PidfsMissing.Value;

    /// <inheritdoc/>
    public string Name => "host";

    /// <inheritdoc/>
    public int ShellPid { get; } = Native.Getpid();

    /// <inheritdoc/>
    public string? SkipReason(ScenarioFile file)
    {
        this.ThreadChild = UsesThreadVerbs(file);
        if (file.ModelOnly)
        {
            return "model-only scenario (# backend: model)";
        }

        if (Unsupported != null)
        {
            return Unsupported;
        }

        if (!KernelVersion.TryParse(Release, out var v))
        {
            return file.KernelBounds.Count == 0 ? null : $"cannot read the host kernel version '{Release}'";
        }

        var outside = file.OutsideRange(v);
        return outside == null ? null : $"host kernel {Release} is outside {outside}";
    }

    /// <inheritdoc/>
    public TaskResult Spawn(string name)
    {
        var (err, c) = this.actor == null ? (0, HostChild.Start(this.ThreadChild ? ThreadChildProgram.Path : null)) : HostChild.StartBy(this.actor, this.ShellPid);
        if (c == null)
        {
            return new TaskResult(err, -1);
        }

        this.children.Add(c);
        return new TaskResult(0, c.Pid);
    }

    /// <inheritdoc/>
    public TaskResult Thread(string name, int pid)
    {
        var c = this.Child(pid, "start a thread in");
        c.Send("thread");
        var answer = c.ReadLine();
        if (answer == null || !answer.StartsWith("tid ", StringComparison.Ordinal) ||
            !int.TryParse(answer.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
        {
            throw new BackendException($"child {c.Pid} did not start a thread ({answer ?? "no answer"})");
        }

        tid = RootTid(c.Pid, tid);
        c.Tids.Add(tid);
        return new TaskResult(0, tid);
    }

    /// <inheritdoc/>
    public FdResult PidfdOpen(int pid, uint flags) => this.NewFd(this.sys.Call(Native.NrPidfdOpen, pid, flags));

    /// <inheritdoc/>
    public StatResult Stat(int fd)
    {
        this.CheckFd(fd);
        var st = new byte[144];
        var r = this.sys.Call(Native.NrFstat, fd, st);
        if (r < 0)
        {
            return new StatResult((int)-r, 0, 0, 0, 0);
        }

        return new StatResult(
            0,
            BinaryPrimitives.ReadUInt64LittleEndian(st.AsSpan(0)),
            BinaryPrimitives.ReadUInt64LittleEndian(st.AsSpan(8)),
            BinaryPrimitives.ReadUInt32LittleEndian(st.AsSpan(24)),
            BinaryPrimitives.ReadUInt64LittleEndian(st.AsSpan(16)));
    }

    /// <inheritdoc/>
    public SameResult Same(int fd1, int fd2) => SameResult.FromStats(this.Stat, fd1, fd2);

    /// <inheritdoc/>
    public HandleResult NameToHandle(int fd, uint bytes)
    {
        this.CheckFd(fd);
        var buf = new byte[8 + 128];
        BinaryPrimitives.WriteUInt32LittleEndian(buf, bytes);
        var r = this.sys.Call(Native.NrNameToHandleAt, fd, new byte[1], buf, new byte[4], Native.AtEmptyPath);
        var err = r < 0 ? (int)-r : 0;
        var outBytes = BinaryPrimitives.ReadUInt32LittleEndian(buf);
        var type = BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(4));
        var payload = buf.AsSpan(8, (int)Math.Min(outBytes, 128u)).ToArray();
        return new HandleResult(err, outBytes, type, payload);
    }

    /// <inheritdoc/>
    public FdResult OpenByHandle(int mountFd, HandleResult handle, int flags)
    {
        this.CheckFd(mountFd);
        var buf = new byte[8 + Math.Max(128, handle.Payload.Count)];
        BinaryPrimitives.WriteUInt32LittleEndian(buf, handle.Bytes);
        BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(4), handle.Type);
        handle.Payload.ToArray().CopyTo(buf, 8);
        return this.NewFd(this.sys.Call(Native.NrOpenByHandleAt, mountFd, buf, flags));
    }

    /// <inheritdoc/>
    public InfoResult Info(int fd, ulong mask)
    {
        this.CheckFd(fd);
        var buf = new byte[Native.PidfdInfoSize];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, mask);
        var r = this.sys.Call(Native.NrIoctl, fd, unchecked((long)Native.PidfdGetInfo), buf);
        if (r < 0)
        {
            return new InfoResult((int)-r, 0, 0, 0, 0, 0);
        }

        return new InfoResult(
            0,
            BinaryPrimitives.ReadUInt64LittleEndian(buf),
            BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(16)),
            BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(20)),
            BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(24)),
            BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(60)));
    }

    /// <inheritdoc/>
    public PlainResult Send(int fd, int sig)
    {
        this.CheckFd(fd);
        HostChild? target = null;
        var self = fd is Native.PidfdSelfThread or Native.PidfdSelfThreadGroup;
        if (sig > 0 && sig <= 64 && (self ? this.actor?.Pid ?? this.ShellPid : this.OwnerFdinfo(fd).Pid) is > 0 and var pid)
        {
            target = this.children.LastOrDefault(c => c.Pid == pid || c.Tids.Contains(pid));
            if (target == null)
            {
                throw new BackendException(pid == this.ShellPid
                    ? $"signal {Symbols.SignalName(sig)} to shell: it runs the scenario"
                    : $"signal {Symbols.SignalName(sig)} to pid {pid}: the scenario does not own that process");
            }
        }

        /* SIGCONT reports a continue (and is waited for) only when it ends a stop: to a running process it just returns 0 */
        var wasStopped = target != null && sig == 18 && target.Stopped;
        long sent;
        try
        {
            sent = this.sys.Call(Native.NrPidfdSendSignal, fd, sig, 0, 0);
        }
        catch (ChildDiedException) when (self && target == this.actor && Symbols.IsFatalByDefault(sig))
        {
            sent = 0; /* the caller signalled itself fatally: it died on its way back from the call */
        }

        if (sent < 0)
        {
            return new PlainResult((int)-sent);
        }

        /* a pid namespace's init ignores every default-fatal signal from outside but SIGKILL (SIGNAL_UNKILLABLE): nothing to wait for */
        var fatal = Symbols.IsFatalByDefault(sig) && (sig == 9 || target == null || !this.IsNamespaceInit(target.Pid));
        if (target != null && fatal && !target.WaitExited(ZombieTimeoutMs))
        {
            throw new BackendException($"{Symbols.SignalName(sig)} did not end the process (would block forever)");
        }

        if (target != null && sig is (19 or 20 or 21 or 22) && !target.WaitState(stopped: true, ZombieTimeoutMs))
        {
            throw new BackendException($"{Symbols.SignalName(sig)} did not stop the process");
        }

        if (wasStopped && !target!.WaitState(stopped: false, ZombieTimeoutMs))
        {
            throw new BackendException("SIGCONT did not continue the process");
        }

        return new PlainResult(0);
    }

    /// <inheritdoc/>
    public PlainResult Exit(int pid, int code)
    {
        var c = this.Child(pid, "make exit");
        c.Send("exit " + code.ToString(CultureInfo.InvariantCulture));
        if (!c.WaitExited(ZombieTimeoutMs))
        {
            throw new BackendException("the process did not exit (would block forever)");
        }

        return new PlainResult(0);
    }

    /// <inheritdoc/>
    public WaitResult Reap(int pid) => this.Wait(Native.PPid, pid, Symbols.WExited, "reap");

    /// <inheritdoc/>
    public WaitResult Waitid(int fd, int options)
    {
        this.CheckFd(fd);
        return this.Wait(Native.PPidfd, fd, options, "waitid");
    }

    /// <inheritdoc/>
    public PollResult Poll(int fd)
    {
        this.CheckFd(fd);
        var pfd = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(pfd, fd);
        BinaryPrimitives.WriteInt16LittleEndian(pfd.AsSpan(4), Native.PollIn | Native.PollRdnorm);
        long r;
        do
        {
            r = this.sys.Call(Native.NrPoll, pfd, 1, 0);
        }
        while (r == -Native.EINTR);
        return r < 0 ? new PollResult((int)-r, 0) : new PollResult(0, BinaryPrimitives.ReadInt16LittleEndian(pfd.AsSpan(6)));
    }

    /// <inheritdoc/>
    public FdinfoResult Fdinfo(int fd)
    {
        this.CheckFd(fd);
        return this.actor == null ? ReadFdinfo("/proc/self/fdinfo/" + fd.ToString(CultureInfo.InvariantCulture)) : this.ActorFdinfo(fd);
    }

    /// <inheritdoc/>
    public PlainResult Close(int fd)
    {
        this.CheckFd(fd);
        var r = this.sys.Call(Native.NrClose, fd);
        var err = r < 0 ? (int)-r : 0;
        this.scenarioFds.Remove(fd);
        return new PlainResult(err);
    }

    /// <summary>Kills and reaps every child, closes every fd the scenario left open.</summary>
    public void Dispose()
    {
        if (this.actor != null)
        {
            return; /* a view: the backend that made it owns the children */
        }

        /* the youngest first: a child's own children and namespaces go before it */
        for (var i = this.children.Count - 1; i >= 0; i--)
        {
            this.children[i].Dispose();
        }

        this.children.Clear();
        foreach (var fd in this.scenarioFds)
        {
            Native.Close(fd);
        }

        this.scenarioFds.Clear();
    }

    private static FdinfoResult ReadFdinfo(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new FdinfoResult(2, null, []);
        }

        return FdinfoResult.Parse(text);
    }

    private static string ReadRelease()
    {
        var buf = new byte[65 * 6];
        if (Native.Uname(buf) < 0)
        {
            return "unknown";
        }

        var release = buf.AsSpan(65 * 2, 65);
        var end = release.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? release : release[..end]);
    }

    private static string? ProbePidfs()
    {
        var fd = Native.PidfdOpen(Native.Getpid(), 0);
        if (fd < 0)
        {
            return $"host kernel {Release} has no pidfd_open ({Symbols.ErrnoName(Native.Errno())})";
        }

        try
        {
            var sfs = new byte[120];
            return Native.Fstatfs(fd, sfs) == 0 && BinaryPrimitives.ReadUInt64LittleEndian(sfs) == Native.PidFsMagic
                ? null
                : $"host kernel {Release} has no pidfs (pidfds are anonymous inodes)";
        }
        finally
        {
            Native.Close(fd);
        }
    }

    /*
     * The child reports gettid(), a number of its own pid namespace; the scenario runs in the
     * initial one. In a nested namespace, find the thread whose NSpid ends with that number.
     */
    private static int RootTid(int pid, int nsTid)
    {
        var dir = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task";
        foreach (var task in Directory.EnumerateDirectories(dir))
        {
            var line = File.ReadLines(Path.Combine(task, "status")).FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
            var numbers = line?[6..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (numbers is { Length: > 1 } && numbers[^1] == nsTid.ToString(CultureInfo.InvariantCulture))
            {
                return int.Parse(numbers[0], CultureInfo.InvariantCulture);
            }
        }

        return nsTid; /* the initial namespace: the numbers are the same */
    }

    private bool IsNamespaceInit(int pid)
    {
        var numbers = this.NsPids(pid);
        return numbers.Ok && numbers.Numbers.Count > 1 && numbers.Numbers[^1] == 1;
    }

    private WaitResult Wait(int idtype, int id, int options, string what)
    {
        var si = new byte[128];
        var blocking = (options & Symbols.WNoHang) == 0;
        if (blocking && idtype == Native.PPidfd && id >= 0 && this.sys.Call(Native.NrFcntl, id, Native.FGetfl, 0) is >= 0 and var fl && (fl & Native.ONonblock) != 0)
        {
            blocking = false; /* a PIDFD_NONBLOCK pidfd answers EAGAIN rather than block */
        }

        if (blocking && this.sys.Call(Native.NrWaitid, idtype, id, si, options | Symbols.WNoHang | Native.WNoWait, 0) == 0 &&
            BinaryPrimitives.ReadInt32LittleEndian(si.AsSpan(16)) == 0)
        {
            throw new BackendException($"{what} would block forever (nothing has exited)");
        }

        Array.Clear(si);
        var r = this.sys.Call(Native.NrWaitid, idtype, id, si, options, 0);
        if (r < 0)
        {
            return new WaitResult((int)-r, null);
        }

        var pid = BinaryPrimitives.ReadInt32LittleEndian(si.AsSpan(16));
        return pid == 0
            ? new WaitResult(0, null)
            : new WaitResult(0, WaitStatus.FromSiginfo(BinaryPrimitives.ReadInt32LittleEndian(si.AsSpan(8)), BinaryPrimitives.ReadInt32LittleEndian(si.AsSpan(24))));
    }

    private HostChild Child(int pid, string what)
    {
        var c = this.children.LastOrDefault(c => c.Pid == pid || c.Tids.Contains(pid));
        if (c == null)
        {
            throw new BackendException(pid == this.ShellPid
                ? $"cannot {what} shell on the host (it is the kpidfs process)"
                : $"cannot {what} pid {pid}: the scenario does not own that process");
        }

        if (c.Exited)
        {
            throw new BackendException($"cannot {what} that process: it has already exited");
        }

        if (c.Stopped)
        {
            throw new BackendException($"cannot {what} that process: it is stopped");
        }

        return c;
    }

    private FdResult NewFd(long fd)
    {
        if (fd < 0)
        {
            return new FdResult((int)-fd, -1);
        }

        this.scenarioFds.Add((int)fd);
        return new FdResult(0, (int)fd);
    }

    /*
     * A number the scenario closed (or never opened) must be closed on the host too, or the
     * syscall would act on a file of the .NET runtime. The runtime takes such numbers only
     * briefly (a file it opens and closes on a thread of its own), so wait for it to let go
     * (up to half a second) before calling it a harness error.
     */
    private void CheckFd(int fd)
    {
        if (fd < 0 || this.scenarioFds.Contains(fd))
        {
            return;
        }

        for (var tries = 0; this.sys.Call(Native.NrFcntl, fd, Native.FGetfd, 0) >= 0; tries++)
        {
            if (tries == 50)
            {
                throw new BackendException($"fd {fd} is open but the scenario did not open it (the runtime reused the number)");
            }

            System.Threading.Thread.Sleep(10);
        }
    }

    /* the fdinfo of one of this backend's fds through the initial namespace's /proc (pids as shell sees them) */
    private FdinfoResult OwnerFdinfo(int fd) => ReadFdinfo(
        $"/proc/{(this.actor?.Pid ?? this.ShellPid).ToString(CultureInfo.InvariantCulture)}/fdinfo/{fd.ToString(CultureInfo.InvariantCulture)}");
}
