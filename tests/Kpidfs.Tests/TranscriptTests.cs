// SPDX-License-Identifier: GPL-2.0-only

using System;
using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>Transcript lines, normalisation, and how the runner resolves names.</summary>
public class TranscriptTests
{
    /// <summary>Every result type prints as the contract's table says.</summary>
    [Fact]
    public void Formats()
    {
        var n = new Normaliser();
        n.NameTask(100, "shell");
        n.NameTask(205, "P");
        Assert.Equal("ok", TranscriptWriter.Format(new TaskResult(0, 205), n));
        Assert.Equal("ok", TranscriptWriter.Format(new FdResult(0, 3), n));
        Assert.Equal("ok", TranscriptWriter.Format(new PlainResult(0), n));
        Assert.Equal("ESRCH", TranscriptWriter.Format(new FdResult(3, -1), n));
        Assert.Equal("ok ino=I1 mode=0700 nlink=1", TranscriptWriter.Format(new StatResult(0, 5, 6800, 0x1c0, 1), n));
        Assert.Equal("ok ino=I2 mode=0100644 nlink=2", TranscriptWriter.Format(new StatResult(0, 5, 12, 0x81a4, 2), n));
        Assert.Equal("yes", TranscriptWriter.Format(new SameResult(0, true), n));
        Assert.Equal("no", TranscriptWriter.Format(new SameResult(0, false), n));
        Assert.Equal("EBADF", TranscriptWriter.Format(new SameResult(9, false), n));
        Assert.Equal("ok type=0xfe bytes=8 ino=I1", TranscriptWriter.Format(new HandleResult(0, 8, 0xfe, Le(6800)), n));
        Assert.Equal("ok type=0x1 bytes=4 raw=0x01020304", TranscriptWriter.Format(new HandleResult(0, 4, 1, [1, 2, 3, 4]), n));
        Assert.Equal("EOVERFLOW bytes=8", TranscriptWriter.Format(new HandleResult(75, 8, 0xff, new byte[8]), n));
        Assert.Equal("EINVAL", TranscriptWriter.Format(new HandleResult(22, 129, 0, new byte[128]), n));
        Assert.Equal("ok mask=PID|CREDS|CGROUPID pid=P tgid=P ppid=shell exit=-", TranscriptWriter.Format(new InfoResult(0, 7, 205, 205, 100, 0), n));
        Assert.Equal("ok mask=CGROUPID|EXIT pid=- tgid=- ppid=- exit=exited(7)", TranscriptWriter.Format(new InfoResult(0, 0xc, 0, 0, 0, 0x700), n));
        Assert.Equal("ok mask=PID|CREDS|CGROUPID|EXIT|COREDUMP|SUPPORTED_MASK|COREDUMP_SIGNAL|0x80 pid=P tgid=P ppid=1 exit=signaled(SIGKILL)", TranscriptWriter.Format(new InfoResult(0, 0xff, 205, 205, 1, 9), n));
        Assert.Equal("ok exited(7)", TranscriptWriter.Format(new WaitResult(0, new WaitStatus(WaitKind.Exited, 7)), n));
        Assert.Equal("ok -", TranscriptWriter.Format(new WaitResult(0, null), n));
        Assert.Equal("ECHILD", TranscriptWriter.Format(new WaitResult(10, null), n));
        Assert.Equal("0", TranscriptWriter.Format(new PollResult(0, 0), n));
        Assert.Equal("IN|RDNORM", TranscriptWriter.Format(new PollResult(0, 0x41), n));
        Assert.Equal("IN|RDNORM|HUP", TranscriptWriter.Format(new PollResult(0, 0x51), n));
        Assert.Equal("NVAL", TranscriptWriter.Format(new PollResult(0, 0x20), n));
        Assert.Equal("Pid=P NSpid=P", TranscriptWriter.Format(new FdinfoResult(0, 205, [205]), n));
        Assert.Equal("Pid=P NSpid=P,1", TranscriptWriter.Format(new FdinfoResult(0, 205, [205, 1]), n));
        Assert.Equal("Pid=-1 NSpid=-1", TranscriptWriter.Format(new FdinfoResult(0, -1, [-1]), n));
        Assert.Equal("Pid=0 NSpid=0", TranscriptWriter.Format(new FdinfoResult(0, 0, [0]), n));
        Assert.Equal("ENOENT", TranscriptWriter.Format(new FdinfoResult(2, null, []), n));
        Assert.Equal("E200", TranscriptWriter.Format(new PlainResult(200), n));
    }

    /// <summary>Inodes are numbered in order of first appearance; a handle's payload is an appearance.</summary>
    [Fact]
    public void InodeRenumbering()
    {
        var n = new Normaliser();
        Assert.Equal("ok type=0xfe bytes=8 ino=I1", TranscriptWriter.Format(new HandleResult(0, 8, 0xfe, Le(97001)), n));
        Assert.Equal("ok ino=I2 mode=0700 nlink=1", TranscriptWriter.Format(new StatResult(0, 5, 42, 0x1c0, 1), n));
        Assert.Equal("ok ino=I1 mode=0700 nlink=1", TranscriptWriter.Format(new StatResult(0, 5, 97001, 0x1c0, 1), n));
        Assert.Equal("I3", n.Ino(3));
        Assert.Equal("I2", n.Ino(42));
    }

    /// <summary>Pids become task names; other numbers stay numbers.</summary>
    [Fact]
    public void PidNames()
    {
        var n = new Normaliser();
        n.NameTask(4000, "shell");
        n.NameTask(4001, "P");
        n.NameTask(4002, "T1");
        n.NameTask(-1, "failed");
        Assert.Equal("shell", n.Pid(4000));
        Assert.Equal("T1", n.Pid(4002));
        Assert.Equal("-1", n.Pid(-1));
        Assert.Equal("0", n.Pid(0));
        Assert.Equal("1", n.Pid(1));
    }

    /// <summary>Wait statuses, from a status word and from a siginfo.</summary>
    /// <param name="word">The status word.</param>
    /// <param name="code">The si_code giving the same status.</param>
    /// <param name="status">The si_status.</param>
    /// <param name="text">How it prints.</param>
    [Theory]
    [InlineData(0x0700, 1, 7, "exited(7)")]
    [InlineData(0x0000, 1, 0, "exited(0)")]
    [InlineData(0x2a00, 1, 42, "exited(42)")]
    [InlineData(0x0009, 2, 9, "signaled(SIGKILL)")]
    [InlineData(0x000f, 2, 15, "signaled(SIGTERM)")]
    [InlineData(0x008b, 3, 11, "dumped(SIGSEGV)")]
    [InlineData(0x137f, 5, 19, "stopped(SIGSTOP)")]
    [InlineData(0xffff, 6, 18, "continued")]
    [InlineData(0x0022, 2, 34, "signaled(34)")]
    public void Statuses(int word, int code, int status, string text)
    {
        Assert.Equal(text, WaitStatus.FromWord(word).ToString());
        Assert.Equal(text, WaitStatus.FromSiginfo(code, status).ToString());
    }

    /// <summary>
    /// The runner resolves names: tasks to pids (literal numbers stay), fds to the number their open
    /// returned (-1 after a failed open), handles to what `handle` returned; `close` always closes the number.
    /// </summary>
    [Fact]
    public void NamesAndTranscript()
    {
        var b = new ScriptedBackend(
            100,
            new TaskResult(0, 205),
            new TaskResult(0, 206),
            new FdResult(0, 3),
            new FdResult(2, -1),
            new HandleResult(0, 8, 0xfe, Le(77)),
            new FdResult(0, 4),
            new StatResult(0, 5, 77, 0x1c0, 1),
            new InfoResult(0, 7, 206, 205, 100, 0),
            new PlainResult(0),
            new PlainResult(0),
            new PlainResult(9),
            new PollResult(0, 0x41),
            new FdinfoResult(0, 205, [205]),
            new PlainResult(0),
            new WaitResult(0, new WaitStatus(WaitKind.Exited, 3)),
            new WaitResult(10, null),
            new FdResult(0, 3));
        var f = Scenarios.Parse("""
            spawn P
            thread T of P
            pidfd_open a P
            pidfd_open t T
            handle h a 8
            open_by_handle b h PIDFD_THREAD via t
            stat b
            info t
            send t SIGKILL
            close a
            close a
            poll t
            fdinfo b
            exit T 3
            reap P
            reap -1
            pidfd_open a 1
            """);
        var o = Runner.Run(f, () => b);
        Assert.Null(o.Error);
        Assert.Equal(
            Scenarios.Lines(
                "spawn P: ok",
                "thread T of P: ok",
                "pidfd_open a P: ok",
                "pidfd_open t T: ENOENT",
                "handle h a 8: ok type=0xfe bytes=8 ino=I1",
                "open_by_handle b h PIDFD_THREAD via t: ok",
                "stat b: ok ino=I1 mode=0700 nlink=1",
                "info t: ok mask=PID|CREDS|CGROUPID pid=T tgid=P ppid=shell exit=-",
                "send t SIGKILL: ok",
                "close a: ok",
                "close a: EBADF",
                "poll t: IN|RDNORM",
                "fdinfo b: Pid=P NSpid=P",
                "exit T 3: ok",
                "reap P: ok exited(3)",
                "reap -1: ECHILD",
                "pidfd_open a 1: ok"),
            o.Transcript);
        Assert.Equal(
            [
                "spawn P", "thread T 205", "pidfd_open 205 0", "pidfd_open 206 0", "handle 3 8", "open_by_handle -1 8 128",
                "stat 4", "info -1 3", "send -1 9", "close 3", "close 3", "poll -1", "fdinfo 4", "exit 206 3", "reap 205",
                "reap -1", "pidfd_open 1 0",
            ],
            b.Calls);
    }

    /// <summary>A backend error stops the run; the transcript so far stands.</summary>
    [Fact]
    public void BackendErrorStopsTheRun()
    {
        var b = new ScriptedBackend(1, new TaskResult(0, 2));
        var o = Runner.Run(Scenarios.Parse("spawn P\nreap P\nspawn Q\n"), () => new ThrowingOnReap(b));
        Assert.Equal("spawn P: ok\n", o.Transcript);
        Assert.Equal("t.scn:2: scripted: reap would block forever", o.Error);
        Assert.Equal(3, o.ExitCode);
    }

    /// <summary>What the kernel finds wrong after the last line (a lock dependency the static graph lacks) fails the run.</summary>
    [Fact]
    public void KernelProblemsFailTheRun()
    {
        var b = new ScriptedBackend(1, new TaskResult(0, 2)) { Problems = "lockdep: dependency not in the static lock graph: a -> b" };
        var o = Runner.Run(Scenarios.Parse("spawn P\n"), () => b);
        Assert.Equal("spawn P: ok\n", o.Transcript);
        Assert.Equal("t.scn: scripted: lockdep: dependency not in the static lock graph: a -> b", o.Error);
        Assert.Equal(3, o.ExitCode);
    }

    /// <summary>A skipped file runs nothing.</summary>
    [Fact]
    public void Skipped()
    {
        var b = new ScriptedBackend(1) { Skip = "why not" };
        var o = Runner.Run(Scenarios.Parse("spawn P\n"), () => b);
        Assert.Equal("why not", o.Skipped);
        Assert.Empty(b.Calls);
    }

    private static byte[] Le(ulong v) => BitConverter.GetBytes(v);

    private sealed class ThrowingOnReap(ScriptedBackend inner) : IBackend
    {
        public string Name => inner.Name;

        public int ShellPid => inner.ShellPid;

        public string? SkipReason(ScenarioFile file) => null;

        public TaskResult Spawn(string name) => inner.Spawn(name);

        public TaskResult Thread(string name, int pid) => inner.Thread(name, pid);

        public FdResult PidfdOpen(int pid, uint flags) => inner.PidfdOpen(pid, flags);

        public StatResult Stat(int fd) => inner.Stat(fd);

        public SameResult Same(int fd1, int fd2) => inner.Same(fd1, fd2);

        public HandleResult NameToHandle(int fd, uint bytes) => inner.NameToHandle(fd, bytes);

        public FdResult OpenByHandle(int mountFd, HandleResult handle, int flags) => inner.OpenByHandle(mountFd, handle, flags);

        public InfoResult Info(int fd, ulong mask) => inner.Info(fd, mask);

        public PlainResult Send(int fd, int sig) => inner.Send(fd, sig);

        public PlainResult Exit(int pid, int code) => inner.Exit(pid, code);

        public WaitResult Reap(int pid) => throw new BackendException("reap would block forever");

        public WaitResult Waitid(int fd, int options) => inner.Waitid(fd, options);

        public PollResult Poll(int fd) => inner.Poll(fd);

        public FdinfoResult Fdinfo(int fd) => inner.Fdinfo(fd);

        public PlainResult Close(int fd) => inner.Close(fd);

        public void Dispose() => inner.Dispose();
    }
}
