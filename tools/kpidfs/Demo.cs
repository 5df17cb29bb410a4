// SPDX-License-Identifier: GPL-2.0-only

using System.Text;
using Linux;

namespace Kpidfs;

/// <summary>The built-in demo: boot, fork a few tasks in two pid namespaces, exit and reap them.</summary>
internal static class Demo
{
    /// <summary>Runs the demo and returns what it printed.</summary>
    /// <returns>The transcript and the final state.</returns>
    public static string Run()
    {
        var sb = new StringBuilder();
        var k = vmlinux.boot();
        var shell = k.fork(k.init_process, "shell");
        sb.AppendLine("booted: init is pid 1, kthreadd pid 2; shell is pid " + shell.pid);

        var a = k.fork(shell, "a");
        var b = k.fork(shell, "b");
        sb.AppendLine($"shell forked a (pid {a.pid}) and b (pid {b.pid})");

        k.syscall(b, () => k.sys_unshare(vmlinux.CLONE_NEWPID));
        var c = k.fork(b, "c");
        sb.AppendLine($"b unshared its pid namespace and forked c: pid {c.pid} outside, {k.syscall(c, () => k.task_pid_vnr(c))} inside");

        var fd = (int)k.syscall(shell, () => k.sys_pidfd_open(a.pid, 0));
        sb.AppendLine($"shell opened pidfd {fd} for a (pidfs inode {vmlinux.task_pid(a)!.ino})");

        k.syscall(a, () => k.sys_exit_group(7));
        sb.AppendLine("a exited with 7 and is a zombie until shell reaps it");
        sb.AppendLine();
        sb.AppendLine("state:");
        sb.Append(k.kstate());

        var status = new int[1];
        k.syscall(shell, () => k.kernel_wait4(a.pid, status, 0, null));
        sb.AppendLine();
        sb.AppendLine($"shell reaped a: wait status 0x{status[0]:x}");
        var info = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(info, vmlinux.PIDFD_INFO_EXIT);
        k.syscall(shell, () => k.sys_ioctl((uint)fd, vmlinux.PIDFD_GET_INFO, info));
        sb.AppendLine($"PIDFD_GET_INFO on the pidfd after the reap: exit_code 0x{pidfd_info.from_bytes(info).exit_code:x}");
        sb.AppendLine();
        sb.AppendLine("state:");
        sb.Append(k.kstate());
        return sb.ToString();
    }
}
