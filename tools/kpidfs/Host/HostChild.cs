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

    /// <summary>Gets a value indicating whether the child has exited (zombie or reaped).</summary>
    public bool Exited => Native.PollOne(this.Pidfd, Native.PollIn, 0, out var rev) > 0 && (rev & Native.PollIn) != 0;

    /// <summary>Gets a value indicating whether the child is stopped now (state T in /proc/PID/stat).</summary>
    public bool Stopped => this.State() == 'T';

    /// <summary>Starts a child and waits until it is ready.</summary>
    /// <returns>The child.</returns>
    public static HostChild Start()
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

        int pid;
        int err;
        var (path, argv) = CommandLine();
        var actions = Marshal.AllocHGlobal(1024);
        var attr = Marshal.AllocHGlobal(1024);
        var strings = new List<nint>();
        try
        {
            Native.FileActionsInit(actions);
            Native.FileActionsAddDup2(actions, cmd[0], 0);
            Native.FileActionsAddDup2(actions, reply[1], 1);
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
            Native.Close(cmd[0]);
            Native.Close(reply[1]);
        }

        if (err != 0)
        {
            Native.Close(cmd[1]);
            Native.Close(reply[0]);
            throw new BackendException($"posix_spawn of {path} failed: {Symbols.ErrnoName(err)}");
        }

        var pidfd = Native.PidfdOpen(pid, 0);
        if (pidfd < 0)
        {
            throw new BackendException($"pidfd_open of the new child {pid} failed: {Symbols.ErrnoName(Native.Errno())}");
        }

        var child = new HostChild(pid, Native.MoveHigh(pidfd), cmd[1], reply[0]);
        var ready = child.ReadLine(StartTimeoutMs);
        if (ready != "ready")
        {
            child.Dispose();
            throw new BackendException($"the child helper did not start ({ready ?? "no answer"}): {path} {string.Join(' ', argv[1..])}");
        }

        return child;
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

    private static (string Path, string[] Argv) CommandLine()
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

    private static string[] Environment()
    {
        var list = new List<string>();
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"{e.Key}={e.Value}"));
        }

        return [.. list];
    }

    private static nint[] Strings(string[] values, List<nint> owned)
    {
        var r = new nint[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            r[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(r[i]);
        }

        return r;
    }

    /* the state letter of /proc/PID/stat, or null once the process is gone */
    private char? State()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{this.Pid}/stat");
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
