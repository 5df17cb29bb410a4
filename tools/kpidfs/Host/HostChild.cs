// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Kpidfs.Scenario;

namespace Kpidfs.Host;

/// <summary>
/// A process the host backend started with posix_spawn (`kpidfs __child`), seen from the parent: its
/// pid, a private pidfd (to see it become a zombie and to kill it at the end), and its command pipe.
/// </summary>
internal sealed class HostChild : IDisposable
{
    private const int StartTimeoutMs = 20000;
    private const int ReplyTimeoutMs = 10000;

    private readonly int cmdFd;
    private readonly int replyFd;
    private long procFd = -1;

    private HostChild(int pid, int pidfd, int cmdFd, int replyFd)
    {
        this.Pid = pid;
        this.Pidfd = pidfd;
        this.cmdFd = cmdFd;
        this.replyFd = replyFd;
    }

    /// <summary>Gets the child's pid.</summary>
    public int Pid { get; }

    /// <summary>Gets the parent's private pidfd of the child (fd number >= 1000).</summary>
    public int Pidfd { get; }

    /// <summary>Gets the tids of the threads started through `thread`.</summary>
    public HashSet<int> Tids { get; } = [];

    /// <summary>Gets the fds the scenario opened in this process (`as P:` lines).</summary>
    public HashSet<int> ScenarioFds { get; } = [];

    /// <summary>Gets a value indicating whether the child has exited (zombie or reaped).</summary>
    public bool Exited => Native.PollOne(this.Pidfd, Native.PollIn, 0, out var rev) > 0 && (rev & Native.PollIn) != 0;

    /// <summary>Gets a value indicating whether the child is stopped now (state T in /proc/PID/stat).</summary>
    public bool Stopped => this.State() == 'T';

    /// <summary>Starts a child and waits until it is ready.</summary>
    /// <param name="program">The C thread helper to run (<see cref="ThreadChildProgram"/>), or null for `kpidfs __child`.</param>
    /// <returns>The child.</returns>
    public static HostChild Start(string? program = null)
    {
        var (cmd, reply) = Pipes();
        var err = PosixSpawn(cmd[0], reply[1], null, null, out _, program);
        Native.Close(cmd[0]);
        Native.Close(reply[1]);
        if (err != 0)
        {
            Native.Close(cmd[1]);
            Native.Close(reply[0]);
            throw new BackendException($"posix_spawn of the child helper failed: {Symbols.ErrnoName(err)}");
        }

        return Adopt(cmd[1], reply[0]);
    }

    /// <summary>`spawn Q by P`: <paramref name="parent"/> posix_spawns the child helper, which talks to shell directly.</summary>
    /// <param name="parent">The parent.</param>
    /// <param name="shellPid">shell's pid (the new child opens shell's pipe ends through /proc/SHELL/fd).</param>
    /// <returns>The errno of posix_spawn and the child.</returns>
    public static (int Errno, HostChild? Child) StartBy(HostChild parent, int shellPid)
    {
        var (cmd, reply) = Pipes();
        var r = parent.Command($"spawn {FdPath(shellPid, cmd[0])} {FdPath(shellPid, reply[1])}");
        Native.Close(cmd[0]);
        Native.Close(reply[1]);
        if (r < 0)
        {
            Native.Close(cmd[1]);
            Native.Close(reply[0]);
            return ((int)-r, null);
        }

        return (0, Adopt(cmd[1], reply[0]));
    }

    /// <summary>`clone3 Q …`: shell (<paramref name="parent"/> null) or a child makes the clone3; the new process runs the child helper.</summary>
    /// <param name="parent">The caller, or null for shell.</param>
    /// <param name="shellPid">shell's pid.</param>
    /// <param name="args">The clone3 arguments.</param>
    /// <returns>clone3's return (-errno on failure), the CLONE_PIDFD fd (or -1) and the child.</returns>
    public static (long Ret, int Pidfd, HostChild? Child) StartByClone3(HostChild? parent, int shellPid, Clone3Args args)
    {
        if ((args.Flags & (CloneFlags.Vm | CloneFlags.Files | CloneFlags.SetTls | 0x4000 /* CLONE_VFORK */)) != 0)
        {
            throw new BackendException("clone3 with CLONE_VM, CLONE_FILES, CLONE_SETTLS or CLONE_VFORK: a scenario process shares no memory or fd table with its parent");
        }

        var (cmd, reply) = Pipes();
        long r;
        var pidfd = -1;
        if (parent == null)
        {
            r = HostClone.Clone3(args.Flags, unchecked((ulong)args.ExitSignal), args.SetTid, unchecked((ulong)args.SetTidSize), cmd[0], reply[1], out pidfd);
        }
        else
        {
            var tids = args.SetTid == null ? "NULL" : args.SetTid.Count == 0 ? "-" : string.Join(',', args.SetTid);
            parent.Send(string.Create(CultureInfo.InvariantCulture, $"clone3 {FdPath(shellPid, cmd[0])} {FdPath(shellPid, reply[1])} {args.Flags} {args.ExitSignal} {tids} {args.SetTidSize}"));
            var answer = parent.ReadLine()?.Split(' ');
            if (answer is not ["r", var ret, var fd] || !long.TryParse(ret, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out r))
            {
                throw new BackendException($"child {parent.Pid} did not clone3 ({(answer == null ? "no answer" : string.Join(' ', answer))})");
            }

            pidfd = int.Parse(fd, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        Native.Close(cmd[0]);
        Native.Close(reply[1]);
        if (r < 0)
        {
            Native.Close(cmd[1]);
            Native.Close(reply[0]);
            return (r, -1, null);
        }

        return (r, (args.Flags & CloneFlags.Pidfd) != 0 ? pidfd : -1, Adopt(cmd[1], reply[0]));
    }

    /// <summary>posix_spawn of the child helper with stdin and stdout from <paramref name="cmdFd"/>/<paramref name="replyFd"/> or from paths.</summary>
    /// <param name="cmdFd">The command fd (when <paramref name="cmdPath"/> is null).</param>
    /// <param name="replyFd">The reply fd (when <paramref name="replyPath"/> is null).</param>
    /// <param name="cmdPath">A path to open as stdin, or null.</param>
    /// <param name="replyPath">A path to open as stdout, or null.</param>
    /// <param name="pid">The new process's pid in the caller's namespace.</param>
    /// <param name="program">The C thread helper to run (<see cref="ThreadChildProgram"/>), or null for `kpidfs __child`.</param>
    /// <returns>0 or the errno.</returns>
    public static int PosixSpawn(int cmdFd, int replyFd, string? cmdPath, string? replyPath, out int pid, string? program = null)
    {
        int err;
        var (path, argv) = program != null ? (program, [program, "__thread_child"]) : CommandLine();
        var actions = Marshal.AllocHGlobal(1024);
        var attr = Marshal.AllocHGlobal(1024);
        var strings = new List<nint>();
        try
        {
            Native.FileActionsInit(actions);
            if (cmdPath != null)
            {
                Native.FileActionsAddOpen(actions, 0, Encoding.UTF8.GetBytes(cmdPath + "\0"), 0 /* O_RDONLY */, 0);
                Native.FileActionsAddOpen(actions, 1, Encoding.UTF8.GetBytes(replyPath + "\0"), 1 /* O_WRONLY */, 0);
            }
            else
            {
                Native.FileActionsAddDup2(actions, cmdFd, 0);
                Native.FileActionsAddDup2(actions, replyFd, 1);
            }

            Native.SpawnAttrInit(attr);
            var empty = new byte[128];
            var full = new byte[128];
            Array.Fill(full, (byte)0xff);
            Native.SpawnAttrSetSigmask(attr, empty);
            Native.SpawnAttrSetSigdefault(attr, full);
            Native.SpawnAttrSetFlags(attr, 0x04 | 0x08); /* POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK */
            var argvp = Strings(argv, strings);
            var envp = Strings(Environment(), strings);
            err = Native.PosixSpawn(out pid, Encoding.UTF8.GetBytes(path + "\0"), actions, attr, argvp, envp);
        }
        finally
        {
            Native.FileActionsDestroy(actions);
            Native.SpawnAttrDestroy(attr);
            Marshal.FreeHGlobal(actions);
            Marshal.FreeHGlobal(attr);
            strings.ForEach(Marshal.FreeCoTaskMem);
        }

        return err;
    }

    /// <summary>Sends a command that answers `r N` and returns N.</summary>
    /// <param name="line">The command.</param>
    /// <returns>N (a value, or -errno).</returns>
    public long Command(string line)
    {
        this.Send(line);
        var answer = this.ReadLine();
        if (answer == null || !answer.StartsWith("r ", StringComparison.Ordinal) ||
            !long.TryParse(answer.AsSpan(2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var r))
        {
            throw answer == null && this.WaitExited()
                ? new ChildDiedException($"child {this.Pid} died during '{line.Split(' ')[0]}'")
                : new BackendException($"child {this.Pid} did not answer '{line.Split(' ')[0]}' ({answer ?? "no answer"})");
        }

        return r;
    }

    /// <summary>
    /// A procfs instance of this child's own pid namespace, mounted detached by the child (fsopen/fsmount),
    /// as a task that mounts its own /proc sees it; made at the first use, at fd 1000 or above.
    /// </summary>
    /// <param name="sys">The child's system calls.</param>
    /// <returns>The mount's fd in the child.</returns>
    public long ProcFd(HostSys sys)
    {
        if (this.procFd >= 0)
        {
            return this.procFd;
        }

        var fs = sys.Call(Native.NrFsopen, SysArg.Str("proc"), 0);
        if (fs < 0 || sys.Call(Native.NrFsconfig, fs, 6 /* FSCONFIG_CMD_CREATE */, 0, 0, 0) < 0)
        {
            throw new BackendException($"child {this.Pid} cannot make a procfs of its pid namespace (fsopen/fsconfig: {Symbols.ErrnoName((int)-fs)})");
        }

        var mnt = sys.Call(Native.NrFsmount, fs, 0, 0);
        sys.Call(Native.NrClose, fs);
        if (mnt < 0)
        {
            throw new BackendException($"child {this.Pid} cannot mount a procfs of its pid namespace (fsmount: {Symbols.ErrnoName((int)-mnt)})");
        }

        this.procFd = sys.Call(Native.NrFcntl, mnt, Native.FDupfdCloexec, 1000);
        sys.Call(Native.NrClose, mnt);
        return this.procFd;
    }

    /// <summary>Sends a command line.</summary>
    /// <param name="line">The command.</param>
    public void Send(string line)
    {
        var b = Encoding.ASCII.GetBytes(line + "\n");
        if (Native.Write(this.cmdFd, b, (nuint)b.Length) != b.Length)
        {
            throw new BackendException($"cannot talk to child {this.Pid}: {Symbols.ErrnoName(Native.Errno())}");
        }
    }

    /// <summary>Reads one answer line.</summary>
    /// <param name="timeoutMs">How long to wait.</param>
    /// <returns>The line, or null on timeout or end of file.</returns>
    public string? ReadLine(int timeoutMs = ReplyTimeoutMs)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        var deadline = System.Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var left = (int)Math.Max(0, deadline - System.Environment.TickCount64);
            if (Native.PollOne(this.replyFd, Native.PollIn, left, out _) <= 0)
            {
                return null;
            }

            if (Native.Read(this.replyFd, one, 1) <= 0)
            {
                return null;
            }

            if (one[0] == '\n')
            {
                return sb.ToString();
            }

            sb.Append((char)one[0]);
        }
    }

    /// <summary>Waits until the child is a zombie (its pidfd reports POLLIN).</summary>
    /// <param name="timeoutMs">How long to wait.</param>
    /// <returns>Whether it exited in time.</returns>
    public bool WaitExited(int timeoutMs = ReplyTimeoutMs) =>
        Native.PollOne(this.Pidfd, Native.PollIn, timeoutMs, out var rev) > 0 && (rev & Native.PollIn) != 0;

    /// <summary>Waits until the child is stopped (state T in /proc/PID/stat), or no longer stopped.</summary>
    /// <param name="stopped">Which state to wait for.</param>
    /// <param name="timeoutMs">How long to wait.</param>
    /// <returns>Whether it got there in time (or exited meanwhile).</returns>
    public bool WaitState(bool stopped, int timeoutMs)
    {
        var deadline = System.Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (this.Exited)
            {
                return true;
            }

            var state = this.State();
            if (state == null || ((state == 'T') == stopped && this.WaitReports(stopped)))
            {
                return true;
            }

            if (System.Environment.TickCount64 > deadline)
            {
                return false;
            }

            System.Threading.Thread.Sleep(1);
        }
    }

    /// <summary>
    /// Waits until thread <paramref name="tid"/> has exited: a non-leader is released at once (its thread
    /// pidfd <paramref name="threadPidfd"/> reports POLLHUP); a leader that exits alone stays a zombie
    /// (state Z in /proc) while other threads run, and the whole process ends with the last thread.
    /// </summary>
    /// <param name="tid">The thread.</param>
    /// <param name="threadPidfd">A PIDFD_THREAD pidfd of a non-leader, opened before it was told to exit; -1 for the leader.</param>
    /// <param name="timeoutMs">How long to wait.</param>
    /// <returns>Whether it exited in time.</returns>
    public bool WaitThreadGone(int tid, int threadPidfd, int timeoutMs = ReplyTimeoutMs)
    {
        var deadline = System.Environment.TickCount64 + timeoutMs;
        if (threadPidfd >= 0)
        {
            /*
             * POLLIN comes with the thread's exit (exit_notify), POLLHUP only once
             * release_task has detached its pid: poll again until the hang-up.
             */
            while (true)
            {
                var left = (int)Math.Max(0, deadline - System.Environment.TickCount64);
                if (Native.PollOne(threadPidfd, Native.PollIn, left, out var rev) > 0 && (rev & Native.PollHup) != 0)
                {
                    return true;
                }

                if (System.Environment.TickCount64 > deadline)
                {
                    return false;
                }

                System.Threading.Thread.Sleep(1);
            }
        }

        while (!this.Exited && this.State(tid) is not (null or 'Z'))
        {
            if (System.Environment.TickCount64 > deadline)
            {
                return false;
            }

            System.Threading.Thread.Sleep(1);
        }

        return true;
    }

    /// <summary>Kills the child (if it still runs), reaps it (unless the scenario did), closes the fds.</summary>
    public void Dispose()
    {
        Native.PidfdSendSignal(this.Pidfd, 9);
        var si = new byte[128];
        Native.Waitid(Native.PPidfd, this.Pidfd, si, Native.WExited);
        Native.Close(this.Pidfd);
        Native.Close(this.cmdFd);
        Native.Close(this.replyFd);
    }

    /// <summary>The program and arguments of the child helper.</summary>
    /// <returns>The path and argv.</returns>
    internal static (string Path, string[] Argv) CommandLine()
    {
        var dll = typeof(HostChild).Assembly.Location;
        var dir = Path.GetDirectoryName(dll)!;
        var host = System.Environment.ProcessPath;
        if (host == null || Path.GetFileNameWithoutExtension(host) != "dotnet")
        {
            host = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        }

        var config = Path.Combine(dir, "kpidfs.runtimeconfig.json");
        return File.Exists(config)
            ? (host, ["dotnet", "exec", "--runtimeconfig", config, dll, ChildMode.Command])
            : (host, ["dotnet", "exec", dll, ChildMode.Command]);
    }

    /// <summary>The environment of the child helper: this process's.</summary>
    /// <returns>The `NAME=value` strings.</returns>
    internal static string[] Environment()
    {
        var list = new List<string>();
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"{e.Key}={e.Value}"));
        }

        return [.. list];
    }

    /// <summary>A NULL-terminated array of C strings.</summary>
    /// <param name="values">The strings.</param>
    /// <param name="owned">Collects the allocations (freed by the caller).</param>
    /// <returns>The array.</returns>
    internal static nint[] Strings(string[] values, List<nint> owned)
    {
        var r = new nint[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            r[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(r[i]);
        }

        return r;
    }

    /* two pipes (command, reply), close-on-exec, moved to fd 1000 or above */
    private static (int[] Cmd, int[] Reply) Pipes()
    {
        var cmd = new int[2];
        var reply = new int[2];
        if (Native.Pipe2(cmd, Native.OCloexec) < 0 || Native.Pipe2(reply, Native.OCloexec) < 0)
        {
            throw new BackendException("pipe2 failed: " + Symbols.ErrnoName(Native.Errno()));
        }

        for (var i = 0; i < 2; i++)
        {
            cmd[i] = Native.MoveHigh(cmd[i]);
            reply[i] = Native.MoveHigh(reply[i]);
        }

        return (cmd, reply);
    }

    private static string FdPath(int pid, int fd) => string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/fd/{fd}");

    /* a started child: waits for `ready PID` (its pid as the initial namespace's /proc names it) and opens its pidfd */
    private static HostChild Adopt(int cmdWrite, int replyRead)
    {
        var child = new HostChild(0, -1, cmdWrite, replyRead);
        var ready = child.ReadLine(StartTimeoutMs);
        if (ready == null || !ready.StartsWith("ready ", StringComparison.Ordinal) ||
            !int.TryParse(ready.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            Native.Close(cmdWrite);
            Native.Close(replyRead);
            throw new BackendException($"the child helper did not start ({ready ?? "no answer"})");
        }

        var pidfd = Native.PidfdOpen(pid, 0);
        if (pidfd < 0)
        {
            Native.Close(cmdWrite);
            Native.Close(replyRead);
            throw new BackendException($"pidfd_open of the new child {pid} failed: {Symbols.ErrnoName(Native.Errno())}");
        }

        return new HostChild(pid, Native.MoveHigh(pidfd), cmdWrite, replyRead);
    }

    /* the state letter of /proc/PID/stat (or of one thread's stat), or null once it is gone */
    private char? State(int tid = 0)
    {
        try
        {
            var stat = File.ReadAllText(tid == 0 ? $"/proc/{this.Pid}/stat" : $"/proc/{this.Pid}/task/{tid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether waitid would already report the stop (or the continue): the task is marked
    /// stopped in /proc a moment before the group stop is complete and reportable.
    /// </summary>
    /// <param name="stopped">True for a stop, false for a continue.</param>
    /// <returns>True once waitid(WNOWAIT) sees it.</returns>
    private bool WaitReports(bool stopped)
    {
        const int pPid = 1, wNoHang = 1, wStopped = 2, wContinued = 8, wNoWait = 0x01000000;
        var si = new byte[128];
        if (Native.Waitid(pPid, this.Pid, si, (stopped ? wStopped : wContinued) | wNoHang | wNoWait) < 0)
        {
            return true; /* not waitable (exited or not our child): nothing more to wait for */
        }

        return System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(si.AsSpan(16)) != 0;
    }
}
