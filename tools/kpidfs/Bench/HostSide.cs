// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Threading;
using Kpidfs.Host;

namespace Kpidfs.Bench;

/// <summary>
/// The host side of the benchmark: the same system calls on this machine's kernel, against a real child
/// process (the host backend's `kpidfs __child`). fork+exit+wait forks this process with the raw fork
/// system call; the child makes one system call, exit_group(0), and never returns into managed code.
/// </summary>
internal sealed class HostSide : IDisposable
{
    private const long NrFork = 57;
    private const ulong InfoMask = 0x7; /* PIDFD_INFO_PID | CREDS | CGROUPID */

    private readonly HostChild target;
    private readonly int fd;
    private readonly byte[] st = new byte[144];
    private readonly byte[] info = new byte[Native.PidfdInfoSize];
    private readonly byte[] handle = new byte[8 + 128];
    private readonly byte[] empty = [0];
    private readonly Thread watchdog;
    private readonly byte[] rusage = new byte[144];
    private long childCpuNs;
    private int forked;
    private long forkedAt;
    private volatile bool stop;

    /// <summary>Initializes a new instance of the <see cref="HostSide"/> class: starts the target child.</summary>
    public HostSide()
    {
        this.target = HostChild.Start();
        this.fd = Native.PidfdOpen(this.target.Pid, 0);
        if (this.fd < 0)
        {
            throw new InvalidOperationException("host: pidfd_open of the target failed: errno " + Native.Errno());
        }

        /* a forked child that cannot reach exit_group (it would need the runtime) is killed, never waited for forever */
        this.watchdog = new Thread(this.Watch) { IsBackground = true, Name = "bench fork watchdog" };
        this.watchdog.Start();
    }

    /// <summary>Gets the CPU time (user + system) of every child ForkExitWait reaped so far, from wait4's rusage.</summary>
    public long ChildCpuNs => this.childCpuNs;

    /// <summary>pidfd_open(target) and close, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void OpenClose(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Native.Close(Native.PidfdOpen(this.target.Pid, 0));
        }
    }

    /// <summary>pidfd_open(target), fstat and close, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void OpenStatClose(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var f = Native.PidfdOpen(this.target.Pid, 0);
            Native.Fstat(f, this.st);
            Native.Close(f);
        }
    }

    /// <summary>name_to_handle_at, open_by_handle_at (the pidfd as mount fd) and close, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void HandleRoundTrip(int n)
    {
        for (var i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(this.handle, 128);
            Native.NameToHandleAt(this.fd, this.empty, this.handle, out _, Native.AtEmptyPath);
            Native.Close(Native.OpenByHandleAt(this.fd, this.handle, 0));
        }
    }

    /// <summary>ioctl(PIDFD_GET_INFO), n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void GetInfo(int n)
    {
        for (var i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(this.info, InfoMask);
            Native.Ioctl(this.fd, Native.PidfdGetInfo, this.info);
        }
    }

    /// <summary>fstat on the pidfd, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void Fstat(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Native.Fstat(this.fd, this.st);
        }
    }

    /// <summary>pidfd_send_signal(fd, 0), n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void Signal0(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Native.PidfdSendSignal(this.fd, 0);
        }
    }

    /// <summary>poll on the pidfd with a zero timeout, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void Poll(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Native.PollOne(this.fd, Native.PollIn, 0, out _);
        }
    }

    /// <summary>fork, the child's exit_group(0), the parent's wait4, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void ForkExitWait(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var pid = (int)Native.Syscall(NrFork, 0, 0, 0, 0);
            if (pid == 0)
            {
                Native.Syscall(Native.NrExitGroup, 0, 0, 0, 0);
            }

            if (pid < 0)
            {
                throw new InvalidOperationException("host: fork failed: errno " + Native.Errno());
            }

            Volatile.Write(ref this.forkedAt, Environment.TickCount64);
            Volatile.Write(ref this.forked, pid);
            Wait4(pid, 0, 0, this.rusage);
            Volatile.Write(ref this.forked, 0);

            /* struct rusage begins with ru_utime and ru_stime, two struct timevals (seconds, microseconds) */
            var r = this.rusage.AsSpan();
            var us = (BinaryPrimitives.ReadInt64LittleEndian(r) * 1_000_000) + BinaryPrimitives.ReadInt64LittleEndian(r[8..]) +
                (BinaryPrimitives.ReadInt64LittleEndian(r[16..]) * 1_000_000) + BinaryPrimitives.ReadInt64LittleEndian(r[24..]);
            this.childCpuNs += us * 1000;
        }
    }

    /// <summary>Closes the pidfd, ends the target and the watchdog.</summary>
    public void Dispose()
    {
        this.stop = true;
        this.watchdog.Join();
        Native.Close(this.fd);
        this.target.Dispose();
    }

    [DllImport("libc", EntryPoint = "wait4", SetLastError = true)]
    private static extern int Wait4(int pid, nint status, int options, byte[] rusage);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);

    private void Watch()
    {
        while (!this.stop)
        {
            Thread.Sleep(100);
            var pid = Volatile.Read(ref this.forked);
            if (pid > 0 && Environment.TickCount64 - Volatile.Read(ref this.forkedAt) > 2000 && Volatile.Read(ref this.forked) == pid)
            {
                Kill(pid, 9);
            }
        }
    }
}
