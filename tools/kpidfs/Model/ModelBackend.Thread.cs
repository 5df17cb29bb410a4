// SPDX-License-Identifier: GPL-2.0-only

using Kpidfs.Scenario;
using Linux;

namespace Kpidfs.Model;

/// <summary>The thread verbs on the model: sys_exit by one thread, sys_execve (fs/exec.cs) by a thread.</summary>
public sealed partial class ModelBackend
{
    /// <summary>The program an `exec` runs (it becomes the comm; on the host the thread helper execs itself).</summary>
    private const string ExecProgram = "kpidfs-thread-child";

    /// <inheritdoc/>
    public PlainResult ThreadExit(int tid, int code)
    {
        var k = this.Kernel;
        if (tid == this.shell.pid)
        {
            throw new BackendException("cannot make exit shell: it runs the scenario");
        }

        var t = this.Live(tid, "make exit");
        k.syscall(t, () => k.sys_exit(code));
        return new PlainResult(0);
    }

    /// <inheritdoc/>
    public TaskResult Exec(int tid)
    {
        var k = this.Kernel;
        if (tid == this.shell.pid)
        {
            throw new BackendException("cannot make exec shell: it runs the scenario");
        }

        var t = this.Live(tid, "make exec");
        var r = k.syscall(t, () => k.sys_execve(ExecProgram));
        if (r < 0)
        {
            return new TaskResult((int)-r, -1);
        }

        /* de_thread swapped the pids: the leader's number now names the exec'd thread, its old one is gone */
        this.tasks.Remove(tid);
        this.tasks[t.pid] = t;
        return new TaskResult(0, t.pid);
    }

    /*
     * The task that carries out a process-wide request (exit_group, a new thread): the
     * named task if it is alive, else a live thread of its group (a leader that exited
     * alone), as on the host, where whichever thread serves the child's command pipe does it.
     */
    private task_struct LiveThreadOf(int pid, string what)
    {
        if (this.tasks.TryGetValue(pid, out var t) && t.exit_state != 0 && !vmlinux.thread_group_empty(t))
        {
            foreach (var other in vmlinux.for_each_thread(t))
            {
                if (other.exit_state == 0 && (other.flags & vmlinux.PF_EXITING) == 0)
                {
                    return this.Live(other.pid, what);
                }
            }
        }

        return this.Live(pid, what);
    }
}
