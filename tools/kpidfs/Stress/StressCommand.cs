// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Linux;

namespace Kpidfs.Stress;

/// <summary>
/// `kpidfs stress --cpus N --ops M --seed S`: N host threads act as CPUs of one booted kernel, each
/// running as its own worker process and doing a random mix on shared processes (fork, thread, exit,
/// reap with and without WNOHANG, pidfd_open with every flag, close, fstat, file handles,
/// PIDFD_GET_INFO, pidfd_send_signal with SIGKILL/SIGSTOP/SIGCONT/SIGTERM/SIGUSR1/0, poll, waitid on
/// a pidfd), lockdep on. A watchdog dumps every CPU's held locks when one makes no progress for
/// 20 s. The last line is `N ops, N splats, N leaks, N reused inodes, N reaped pidfds without exit
/// info, N hangs`; exit 0 only when all but the first are 0.
/// </summary>
public static class StressCommand
{
    private static readonly int[] Signals = [vmlinux.SIGKILL, vmlinux.SIGSTOP, vmlinux.SIGCONT, vmlinux.SIGTERM, vmlinux.SIGUSR1, 0];
    private static readonly uint[] OpenFlags = [0, vmlinux.PIDFD_NONBLOCK, vmlinux.PIDFD_THREAD, vmlinux.PIDFD_NONBLOCK | vmlinux.PIDFD_THREAD];

    /// <summary>Runs the command.</summary>
    /// <param name="cpus">How many CPUs (host threads).</param>
    /// <param name="ops">How many operations in all.</param>
    /// <param name="seed">The seed (CPU i uses System.Random(seed*1000003+i)).</param>
    /// <param name="stdout">Where the figures go.</param>
    /// <returns>0 when nothing splatted, leaked, reused an inode, lost exit info or hung.</returns>
    public static int Run(int cpus, long ops, int seed, TextWriter stdout)
    {
        var k = vmlinux.boot();
        var s = new Shared(k);
        var workers = Enumerable.Range(0, cpus).Select(i => k.fork(k.init_process, $"cpu{i}")).ToArray();
        var progress = new long[cpus];
        var done = new bool[cpus];
        var sw = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, cpus).Select(i => new Thread(() =>
        {
            var cpu = new Cpu(k, s, workers[i], new Random((seed * 1000003) + i));
            var mine = (ops / cpus) + (i < ops % cpus ? 1 : 0);
            for (long n = 0; n < mine && !s.Abort; n++)
            {
                try
                {
                    cpu.Step();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    s.Crashes.Enqueue($"cpu{i}: {e.GetType().Name}: {e.Message}\n{string.Join("\n", (e.StackTrace ?? string.Empty).Split('\n').Take(8))}");
                    break;
                }

                Interlocked.Increment(ref progress[i]);
            }

            cpu.Finish();
            Volatile.Write(ref done[i], true);
        })
        { IsBackground = true }).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        var hangs = Watchdog(k, threads, progress, done, stdout);
        sw.Stop();
        var total = progress.Sum();
        stdout.WriteLine($"{total} ops in {sw.Elapsed.TotalSeconds:F1} s on {cpus} CPUs: {total / Math.Max(sw.Elapsed.TotalSeconds, 1e-9):F0} ops/s");
        if (hangs > 0)
        {
            stdout.WriteLine($"{total} ops, {k.warns.Count} splats, 0 leaks, {s.ReusedInodes} reused inodes, {s.NoExitInfo} reaped pidfds without exit info, {hangs} hangs");
            stdout.Flush();
            Environment.Exit(1);
        }

        foreach (var c in s.Crashes)
        {
            stdout.WriteLine(c);
        }

        var warns = k.warns.ToList();
        var problems = k.teardown();
        var leaks = problems.Count(p => !k.warns.Contains(p));
        foreach (var p in problems.Distinct().Take(20))
        {
            stdout.WriteLine(p);
        }

        var splats = k.warns.Count + s.Crashes.Count;
        stdout.WriteLine($"{total} ops, {splats} splats, {leaks} leaks, {s.ReusedInodes} reused inodes, {s.NoExitInfo} reaped pidfds without exit info, {hangs} hangs");
        return splats + leaks + s.ReusedInodes + s.NoExitInfo + hangs == 0 ? 0 : 1;
    }

    private static int Watchdog(vmlinux k, Thread[] threads, long[] progress, bool[] done, TextWriter stdout)
    {
        var last = new long[progress.Length];
        var since = new DateTime[progress.Length];
        Array.Fill(since, DateTime.UtcNow);
        while (threads.Any(t => t.IsAlive))
        {
            Thread.Sleep(200);
            for (var i = 0; i < progress.Length; i++)
            {
                var p = Interlocked.Read(ref progress[i]);
                if (p != last[i] || Volatile.Read(ref done[i]))
                {
                    last[i] = p;
                    since[i] = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - since[i] > TimeSpan.FromSeconds(20))
                {
                    stdout.WriteLine($"watchdog: CPU {i} made no progress for 20 s; held locks of every CPU:");
                    foreach (var cpu in k.online_cpus())
                    {
                        var held = cpu.held_locks.ToArray();
                        stdout.WriteLine($"CPU {cpu.id} ({cpu.current?.comm}/{cpu.current?.pid}): {(held.Length == 0 ? "no locks held" : string.Join(", ", held.Select(h => $"{h.map} at {h.acquired_at}")))}");
                    }

                    return 1;
                }
            }
        }

        return 0;
    }

    private sealed class Shared(vmlinux k)
    {
        private readonly ConcurrentDictionary<ulong, pid> inodes = new();
        private int reused;
        private int noExitInfo;

        public vmlinux K { get; } = k;

        public ConcurrentDictionary<int, byte> Pool { get; } = new();

        public ConcurrentQueue<string> Crashes { get; } = new();

        public bool Abort { get; set; }

        public int ReusedInodes => Volatile.Read(ref this.reused);

        public int NoExitInfo => Volatile.Read(ref this.noExitInfo);

        public void SawInode(ulong ino, pid p)
        {
            var first = this.inodes.GetOrAdd(ino, p);
            if (!ReferenceEquals(first, p))
            {
                Interlocked.Increment(ref this.reused);
            }
        }

        public void LostExitInfo() => Interlocked.Increment(ref this.noExitInfo);
    }

    private sealed class Cpu(vmlinux k, Shared s, task_struct worker, Random rnd)
    {
        /* a shared child is in the pool (any CPU may signal it, so no CPU runs as it); a private one only this CPU touches */
        private readonly List<(task_struct Task, pid Pid, bool Shared)> children = [];
        private readonly List<(int Fd, pid Pid)> fds = [];

        public void Step()
        {
            var r = rnd.Next(100);
            switch (r)
            {
                case < 14: this.Fork(); break;
                case < 18: this.Thread(); break;
                case < 25: this.Exit(); break;
                case < 36: this.Reap(false); break;
                case < 39: this.Reap(true); break;
                case < 54: this.Open(); break;
                case < 61: this.Close(); break;
                case < 67: this.Fstat(); break;
                case < 73: this.Info(); break;
                case < 83: this.Send(); break;
                case < 88: this.Poll(); break;
                case < 92: this.Handle(); break;
                default: this.Waitid(); break;
            }
        }

        public void Finish()
        {
            foreach (var (fd, _) in this.fds)
            {
                this.Sys(() => k.sys_close((uint)fd));
            }

            this.fds.Clear();
        }

        private long Sys(Func<long> call) => k.syscall(worker, call);

        private void Fork()
        {
            if (this.children.Count >= 8)
            {
                return;
            }

            var c = k.fork(worker, "c");
            if (!vmlinux.IS_ERR(c))
            {
                var shared = rnd.Next(2) == 0;
                this.children.Add((c, vmlinux.task_pid(c)!, shared));
                if (shared)
                {
                    s.Pool[c.pid] = 0;
                }
            }
        }

        private task_struct? LiveChild()
        {
            var live = this.children.Where(c => !c.Shared && c.Task.exit_state == 0 && (c.Task.flags & vmlinux.PF_EXITING) == 0 && !vmlinux.fatal_signal_pending(c.Task)).ToList();
            return live.Count == 0 ? null : live[rnd.Next(live.Count)].Task;
        }

        private void Thread()
        {
            var c = this.LiveChild();
            if (c != null)
            {
                k.spawn_thread(c, "t");
            }
        }

        private void Exit()
        {
            var c = this.LiveChild();
            if (c != null)
            {
                k.syscall(c, () => k.sys_exit_group(rnd.Next(256)));
            }
        }

        private void Reap(bool blocking)
        {
            /* a blocking wait needs a reapable zombie: a leader whose threads still run is not one */
            if (blocking && !this.children.Any(c => c.Task.exit_state == vmlinux.EXIT_ZOMBIE && Volatile.Read(ref c.Task.signal.live) == 0 && c.Task.signal.nr_threads <= 1))
            {
                return;
            }

            var status = new int[1];
            var nr = this.Sys(() => k.kernel_wait4(-1, status, blocking ? 0 : vmlinux.WNOHANG, null));
            if (nr <= 0)
            {
                return;
            }

            var i = this.children.FindIndex(c => c.Task.pid == nr);
            if (i < 0)
            {
                return;
            }

            var reaped = this.children[i].Pid;
            this.children.RemoveAt(i);
            s.Pool.TryRemove((int)nr, out _);
            foreach (var (fd, p) in this.fds.Where(f => ReferenceEquals(f.Pid, reaped)))
            {
                var buf = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(buf, vmlinux.PIDFD_INFO_EXIT);
                var r = this.Sys(() => k.sys_ioctl((uint)fd, vmlinux.PIDFD_GET_INFO, buf));
                if (r < 0 || (pidfd_info.from_bytes(buf).mask & vmlinux.PIDFD_INFO_EXIT) == 0)
                {
                    s.LostExitInfo();
                }
            }
        }

        private void Open()
        {
            var pool = s.Pool.Keys.Concat(this.children.Where(c => !c.Shared && c.Task.exit_state == 0).Select(c => c.Task.pid)).ToArray();
            if (pool.Length == 0)
            {
                return;
            }

            var nr = pool[rnd.Next(pool.Length)];
            var fd = (int)this.Sys(() => k.sys_pidfd_open(nr, OpenFlags[rnd.Next(OpenFlags.Length)]));
            if (fd >= 0)
            {
                this.Track(fd);
            }

            if (this.fds.Count > 16)
            {
                this.Close();
            }
        }

        private void Track(int fd)
        {
            using (k.run_as(worker))
            {
                var f = k.fget_raw((uint)fd);
                if (f != null)
                {
                    var p = k.pidfd_pid(f);
                    if (!vmlinux.IS_ERR(p))
                    {
                        this.fds.Add((fd, p));
                        s.SawInode(f.f_inode!.i_ino, p);
                    }

                    k.fput(f);
                }
            }
        }

        private int? AnyFd() => this.fds.Count == 0 ? null : this.fds[rnd.Next(this.fds.Count)].Fd;

        private void Close()
        {
            if (this.fds.Count == 0)
            {
                return;
            }

            var i = rnd.Next(this.fds.Count);
            var fd = this.fds[i].Fd;
            this.fds.RemoveAt(i);
            this.Sys(() => k.sys_close((uint)fd));
        }

        private void Fstat()
        {
            if (this.AnyFd() is int fd)
            {
                this.Sys(() => k.sys_fstat(fd, new stat()));
            }
        }

        private void Info()
        {
            if (this.AnyFd() is int fd)
            {
                var buf = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(buf, vmlinux.PIDFD_INFO_PID | vmlinux.PIDFD_INFO_EXIT);
                this.Sys(() => k.sys_ioctl((uint)fd, vmlinux.PIDFD_GET_INFO, buf));
            }
        }

        private void Send()
        {
            if (this.AnyFd() is int fd)
            {
                var sig = Signals[rnd.Next(Signals.Length)];
                this.Sys(() => k.sys_pidfd_send_signal(fd, sig, null, 0));
            }
        }

        private void Poll()
        {
            if (this.AnyFd() is int fd)
            {
                var fds = new[] { new pollfd { fd = fd, events = (short)vmlinux.EPOLLIN } };
                this.Sys(() => k.sys_poll(fds, 1, 0));
            }
        }

        private void Handle()
        {
            if (this.AnyFd() is not int fd)
            {
                return;
            }

            var fh = new file_handle(128) { handle_bytes = 128 };
            if (this.Sys(() => k.sys_name_to_handle_at(fd, string.Empty, fh, new ulong[1], vmlinux.AT_EMPTY_PATH)) < 0)
            {
                return;
            }

            var nfd = (int)this.Sys(() => k.sys_open_by_handle_at(vmlinux.FD_PIDFS_ROOT, fh, 0));
            if (nfd >= 0)
            {
                this.Track(nfd);
            }
        }

        private void Waitid()
        {
            if (this.AnyFd() is int fd)
            {
                this.Sys(() => k.sys_waitid(vmlinux.P_PIDFD, fd, new siginfo_t(), vmlinux.WEXITED | vmlinux.WNOHANG));
            }
        }
    }
}
