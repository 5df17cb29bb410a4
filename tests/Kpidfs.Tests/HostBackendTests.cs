// SPDX-License-Identifier: GPL-2.0-only

using System.IO;
using Kpidfs.Host;
using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>Small scenarios on the real kernel (host-kernel.md, Linux 6.18).</summary>
public class HostBackendTests
{
    /// <summary>pidfd_open: ok, EINVAL (flags, pid &lt;= 0), ESRCH, ENOENT for a non-leader thread without PIDFD_THREAD.</summary>
    [HostFact]
    public void PidfdOpen() => Assert.Equal(
        Scenarios.Lines(
            "spawn P: ok",
            "thread T of P: ok",
            "pidfd_open a P: ok",
            "pidfd_open b P 0x1: EINVAL",
            "pidfd_open c 0: EINVAL",
            "pidfd_open d -1: EINVAL",
            "pidfd_open e 999999: ESRCH",
            "pidfd_open f T: ENOENT",
            "pidfd_open g T PIDFD_THREAD: ok",
            "fdinfo g: Pid=T NSpid=T"),
        Scenarios.Host("""
            spawn P
            thread T of P
            pidfd_open a P
            pidfd_open b P 0x1
            pidfd_open c 0
            pidfd_open d -1
            pidfd_open e 999999
            pidfd_open f T
            pidfd_open g T PIDFD_THREAD
            fdinfo g
            """));

    /// <summary>stat, same, handles, open_by_handle through FD_PIDFS_ROOT and through a pidfd.</summary>
    [HostFact]
    public void StatSameHandle() => Assert.Equal(
        Scenarios.Lines(
            "spawn P: ok",
            "spawn Q: ok",
            "pidfd_open a P: ok",
            "pidfd_open b P PIDFD_NONBLOCK: ok",
            "pidfd_open q Q: ok",
            "stat q: ok ino=I1 mode=0700 nlink=1",
            "stat a: ok ino=I2 mode=0700 nlink=1",
            "same a b: yes",
            "same a q: no",
            "handle s a 4: EOVERFLOW bytes=8",
            "handle h a: ok type=0xfe bytes=8 ino=I2",
            "handle hq q 8: ok type=0xfe bytes=8 ino=I1",
            "open_by_handle c h: ok",
            "open_by_handle d hq via PIDFS_ROOT: ok",
            "open_by_handle e h O_EXCL via q: ok",
            "same c a: yes",
            "same d q: yes",
            "same e a: yes"),
        Scenarios.Host("""
            spawn P
            spawn Q
            pidfd_open a P
            pidfd_open b P PIDFD_NONBLOCK
            pidfd_open q Q
            stat q
            stat a
            same a b
            same a q
            handle s a 4
            handle h a
            handle hq q 8
            open_by_handle c h
            open_by_handle d hq via PIDFS_ROOT
            open_by_handle e h O_EXCL via q
            same c a
            same d q
            same e a
            """));

    /// <summary>GET_INFO, poll, waitid and fdinfo before exit, as a zombie and after reap.</summary>
    [HostFact]
    public void Lifecycle() => Assert.Equal(
        Scenarios.Lines(
            "spawn P: ok",
            "pidfd_open a P: ok",
            "pidfd_open n P PIDFD_NONBLOCK: ok",
            "info a EXIT: ok mask=PID|CREDS|CGROUPID pid=P tgid=P ppid=shell exit=-",
            "poll a: 0",
            "waitid n: EAGAIN",
            "waitid a WEXITED|WNOHANG: ok -",
            "exit P 7: ok",
            "info a EXIT: ok mask=PID|CREDS|CGROUPID pid=P tgid=P ppid=shell exit=-",
            "poll a: IN|RDNORM",
            "reap P: ok exited(7)",
            "poll a: IN|RDNORM|HUP",
            "info a: ESRCH",
            "info a EXIT: ok mask=CGROUPID|EXIT pid=- tgid=- ppid=- exit=exited(7)",
            "fdinfo a: Pid=-1 NSpid=-1",
            "waitid a: ECHILD",
            "pidfd_open b P: ESRCH",
            "close a: ok",
            "close a: EBADF",
            "fdinfo a: ENOENT"),
        Scenarios.Host("""
            spawn P
            pidfd_open a P
            pidfd_open n P PIDFD_NONBLOCK
            info a EXIT
            poll a
            waitid n
            waitid a WEXITED|WNOHANG
            exit P 7
            info a EXIT
            poll a
            reap P
            poll a
            info a
            info a EXIT
            fdinfo a
            waitid a
            pidfd_open b P
            close a
            close a
            fdinfo a
            """));

    /// <summary>A fatal signal returns once the target is a zombie; signals act as on a plain process.</summary>
    [HostFact]
    public void Signals() => Assert.Equal(
        Scenarios.Lines(
            "spawn P: ok",
            "spawn Q: ok",
            "pidfd_open a P: ok",
            "pidfd_open q Q: ok",
            "send a 0: ok",
            "send a SIGKILL: ok",
            "poll a: IN|RDNORM",
            "send q SIGTERM: ok",
            "waitid q: ok signaled(SIGTERM)",
            "reap P: ok signaled(SIGKILL)",
            "send a SIGKILL: ESRCH"),
        Scenarios.Host("""
            spawn P
            spawn Q
            pidfd_open a P
            pidfd_open q Q
            send a 0
            send a SIGKILL
            poll a
            send q SIGTERM
            waitid q
            reap P
            send a SIGKILL
            """));

    /// <summary>Stop and continue return once the child is stopped or running again; a thread-directed fatal signal ends the group.</summary>
    [HostFact]
    public void StopContinueAndThreads() => Assert.Equal(
        Scenarios.Lines(
            "spawn P: ok",
            "thread T of P: ok",
            "pidfd_open a P: ok",
            "pidfd_open t T PIDFD_THREAD: ok",
            "send a SIGSTOP: ok",
            "waitid a WSTOPPED|WNOHANG: ok stopped(SIGSTOP)",
            "send a SIGCONT: ok",
            "waitid a WCONTINUED|WNOHANG: ok continued",
            "poll t: 0",
            "send t SIGUSR1: ok",
            "poll t: IN|RDNORM|HUP",
            "poll a: IN|RDNORM",
            "reap T: ECHILD",
            "reap P: ok signaled(SIGUSR1)"),
        Scenarios.Host("""
            spawn P
            thread T of P
            pidfd_open a P
            pidfd_open t T PIDFD_THREAD
            send a SIGSTOP
            waitid a WSTOPPED|WNOHANG
            send a SIGCONT
            waitid a WCONTINUED|WNOHANG
            poll t
            send t SIGUSR1
            poll t
            poll a
            reap T
            reap P
            """));

    /// <summary>Lines the host cannot run faithfully stop the run with a `host:` message.</summary>
    /// <param name="text">The scenario.</param>
    /// <param name="line">The line that stops.</param>
    /// <param name="message">The message.</param>
    [HostTheory]
    [InlineData("spawn P\nreap P\n", 2, "reap would block forever")]
    [InlineData("spawn P\npidfd_open a P\nwaitid a\n", 3, "waitid would block forever")]
    [InlineData("pidfd_open a 1\nsend a SIGKILL\n", 2, "signal SIGKILL to pid 1: the scenario does not own that process")]
    [InlineData("spawn P\nexit P 1\nexit P 2\n", 3, "it has already exited")]
    [InlineData("thread T of shell\n", 1, "cannot start a thread in shell on the host")]
    [InlineData("# version: 2\nspawn P\nspawn R by P\npidfd_open a P\nsend a SIGSTOP\nexit R 7\nreap R\n", 7, "cannot run a line as that process: it is stopped")]
    public void HostErrors(string text, int line, string message)
    {
        var o = Runner.Run(Scenarios.Parse(text), () => new HostBackend());
        Assert.StartsWith($"t.scn:{line}: host: ", o.Error, System.StringComparison.Ordinal);
        Assert.Contains(message, o.Error, System.StringComparison.Ordinal);
        Assert.Equal(3, o.ExitCode);
        var linesBefore = System.Linq.Enumerable.Count(System.Linq.Enumerable.Take(text.Split('\n'), line - 1), l => l.Length > 0 && !l.StartsWith('#'));
        Assert.Equal(linesBefore, o.Transcript.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>Every child is killed and reaped when the file ends.</summary>
    [HostFact]
    public void ChildrenAreCleanedUp()
    {
        int pid, tid;
        using (var b = new HostBackend())
        {
            pid = b.Spawn("P").Pid;
            tid = b.Thread("T", pid).Pid;
            Assert.True(Directory.Exists($"/proc/{pid}/task/{tid}"));
        }

        Assert.False(Directory.Exists($"/proc/{pid}"));
    }

    /// <summary>Skips: model-only files and kernels outside the range.</summary>
    [HostFact]
    public void Skips()
    {
        using var b = new HostBackend();
        Assert.Equal("model-only scenario (# backend: model)", b.SkipReason(Scenarios.Parse("# backend: model\n")));
        Assert.Equal($"host kernel {HostBackend.Release} is outside >= 99.0", b.SkipReason(Scenarios.Parse("# kernel: >= 99.0\n")));
        Assert.Equal($"host kernel {HostBackend.Release} is outside < 2.6", b.SkipReason(Scenarios.Parse("# kernel: < 2.6\n")));
        Assert.Null(b.SkipReason(Scenarios.Parse("# kernel: >= 2.6\n# kernel: < 99.0\n")));
    }
}
