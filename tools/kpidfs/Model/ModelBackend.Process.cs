// SPDX-License-Identifier: GPL-2.0-only

using System.Globalization;
using System.Linq;
using Kpidfs.Scenario;
using Linux;

namespace Kpidfs.Model;

/// <summary>The process and namespace verbs of version 2 on the model.</summary>
public sealed partial class ModelBackend
{
    /// <inheritdoc/>
    public IBackend As(int pid) => pid == this.shell.pid ? this : new ModelBackend(this, this.Live(pid, "run a line as"));

    /// <inheritdoc/>
    public NsPidResult NsPids(int pid)
    {
        var k = this.Kernel;
        using var cpu = k.run_as(this.shell);
        using var rcu = k.guard_rcu();
        var t = k.find_task_by_pid_ns(pid, k.init_pid_ns);
        if (t == null)
        {
            return new NsPidResult((int)errno.ESRCH, []);
        }

        var p = vmlinux.task_pid(t)!;
        return new NsPidResult(0, p.numbers.ToArray().Take((int)p.level + 1).Select(u => u.nr).ToList());
    }

    /// <inheritdoc/>
    public PlainResult Unshare(ulong flags)
    {
        if (this.actor == this.shell)
        {
            throw new BackendException("cannot unshare shell's namespaces: it runs the scenario");
        }

        return Plain(this.Sys(k => k.sys_unshare(flags)));
    }

    /// <inheritdoc/>
    public Clone3Result Clone3(string name, Clone3Args args)
    {
        var k = this.Kernel;
        var pidfd = new int[1];
        var uargs = new clone_args
        {
            flags = args.Flags,
            pidfd = pidfd,
            exit_signal = unchecked((ulong)args.ExitSignal),
            set_tid = args.SetTid?.ToArray(),
            set_tid_size = unchecked((ulong)args.SetTidSize),
        };
        var r = this.Sys(k => k.sys_clone3(uargs, vmlinux.CLONE_ARGS_SIZE_VER2));
        if (r < 0)
        {
            return new Clone3Result((int)-r, -1, -1);
        }

        task_struct child;
        using (k.run_as(this.actor))
        {
            using var rcu = k.guard_rcu();
            child = k.find_task_by_vpid((int)r)!;
        }

        k.exec_fresh_program(child);
        this.tasks[child.pid] = child;
        return new Clone3Result(0, child.pid, (args.Flags & CloneFlags.Pidfd) != 0 ? pidfd[0] : -1);
    }

    /// <inheritdoc/>
    public CredsResult Creds(int fd, ulong mask)
    {
        var buf = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(buf, mask);
        var r = this.Sys(k => k.sys_ioctl((uint)fd, vmlinux.PIDFD_GET_INFO, buf));
        if (r < 0)
        {
            return new CredsResult((int)-r, 0, [], [], 0);
        }

        var i = pidfd_info.from_bytes(buf);
        return new CredsResult(0, i.mask, [i.ruid, i.euid, i.suid, i.fsuid], [i.rgid, i.egid, i.sgid, i.fsgid], i.cgroupid);
    }

    /// <inheritdoc/>
    public PlainResult ForkReap()
    {
        var k = this.Kernel;
        var child = k.fork(this.actor, "fork_reap");
        if (vmlinux.IS_ERR(child))
        {
            return new PlainResult((int)-vmlinux.PTR_ERR(child));
        }

        int nr;
        using (k.run_as(this.actor))
        {
            nr = k.task_pid_vnr(child);
        }

        k.syscall(child, () => k.sys_exit_group(0));
        var info = new siginfo_t();
        return Plain(this.Sys(k => k.sys_waitid(vmlinux.P_PID, nr, info, vmlinux.WEXITED)));
    }

    /// <inheritdoc/>
    public ValueResult PidMax(int? value)
    {
        if (value != null && this.actor == this.shell)
        {
            throw new BackendException("cannot write the initial pid namespace's pid_max: shell's namespace is the machine's");
        }

        if (value is { } v)
        {
            var w = this.Sys(k => k.sysctl_write("kernel/pid_max", v.ToString(CultureInfo.InvariantCulture) + "\n"));
            return new ValueResult(w < 0 ? (int)-w : 0, v);
        }

        var text = string.Empty;
        var r = this.Sys(k => k.sysctl_read("kernel/pid_max", out text));
        return r < 0 ? new ValueResult((int)-r, 0) : new ValueResult(0, long.Parse(text.Trim(), CultureInfo.InvariantCulture));
    }
}
