// SPDX-License-Identifier: GPL-2.0-only

using System.Globalization;
using System.Linq;
using Kpidfs.Scenario;

namespace Kpidfs.Host;

/// <summary>
/// The thread verbs on the host. A file that uses them spawns the C thread helper (Host/thread_child.c)
/// instead of `kpidfs __child`: its thread group is exactly the scenario's threads.
/// </summary>
public sealed partial class HostBackend
{
    private const uint PidfdThread = 0x80; /* O_EXCL */

    /// <summary>Gets a value indicating whether `spawn` starts the C thread helper (a file with `thread_exit` or `exec`).</summary>
    public bool ThreadChild { get; private set; }

    /// <inheritdoc/>
    public PlainResult ThreadExit(int tid, int code)
    {
        var c = this.ThreadHelperChild(tid, "make exit");

        /* a non-leader is released at its exit: its thread pidfd, taken while it lives, reports that */
        var watch = -1;
        if (tid != c.Pid)
        {
            var fd = Native.PidfdOpen(tid, PidfdThread);
            if (fd < 0)
            {
                throw new BackendException($"cannot watch thread {tid}: {Symbols.ErrnoName(Native.Errno())}");
            }

            watch = Native.MoveHigh(fd);
        }

        try
        {
            c.Send(string.Create(CultureInfo.InvariantCulture, $"texit {tid} {code}"));
            var answer = c.ReadLine();
            if (answer != "ok")
            {
                throw new BackendException($"child {c.Pid} did not make thread {tid} exit ({answer ?? "no answer"})");
            }

            if (!c.WaitThreadGone(tid, watch, ZombieTimeoutMs))
            {
                throw new BackendException("the thread did not exit (would block forever)");
            }
        }
        finally
        {
            if (watch >= 0)
            {
                Native.Close(watch);
            }
        }

        return new PlainResult(0);
    }

    /// <inheritdoc/>
    public TaskResult Exec(int tid)
    {
        var c = this.ThreadHelperChild(tid, "make exec");
        c.Send(string.Create(CultureInfo.InvariantCulture, $"exec {tid}"));

        /* the new image answers once de_thread is done: the other threads are gone, the caller has the leader's pid */
        var answer = c.ReadLine();
        if (answer != string.Create(CultureInfo.InvariantCulture, $"ready {c.Pid}"))
        {
            throw new BackendException($"child {c.Pid}: thread {tid} did not exec ({answer ?? "no answer"})");
        }

        c.Tids.Clear();
        return new TaskResult(0, c.Pid);
    }

    private static bool UsesThreadVerbs(ScenarioFile file) => file.Ops.Any(op => op is ThreadExitOp or ExecOp);

    /* a thread of a live child started as the C thread helper */
    private HostChild ThreadHelperChild(int tid, string what)
    {
        var c = this.Child(tid, what);
        if (!this.ThreadChild)
        {
            throw new BackendException($"cannot {what} a single thread: the child is not the thread helper");
        }

        if (tid != c.Pid && !c.Tids.Contains(tid))
        {
            throw new BackendException($"cannot {what} pid {tid}: not a thread the scenario started");
        }

        return c;
    }
}
