// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Buffers.Binary;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// The pidfd system calls' own rules and errno values (shared/host-kernel.md §1-§5 and the
/// selftests). Where 6.19 (the port) and the 6.18 host differ, the test says so.
/// </summary>
public sealed class PidfdSyscallTests : PidfdTest
{
    /// <summary>pidfd_open of a non-leader thread: ENOENT without PIDFD_THREAD; PIDFD_THREAD stays in f_flags; always close-on-exec.</summary>
    [Fact]
    public void ThreadPidfds()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        Assert.Equal(-errno.ENOENT, this.Open(this.Shell, t));
        var a = this.Open(this.Shell, t, vmlinux.PIDFD_THREAD);
        Assert.Equal(vmlinux.O_RDWR | vmlinux.PIDFD_THREAD, this.Flags(this.Shell, a));
        Assert.Equal(vmlinux.O_RDWR | vmlinux.PIDFD_NONBLOCK, this.Flags(this.Shell, this.Open(this.Shell, p, vmlinux.PIDFD_NONBLOCK)));
        Assert.True(this.Sys(this.Shell, k => k.get_close_on_exec((uint)a) ? 1 : 0) == 1);

        /* the thread's own exit: reaped at once, so HUP already */
        Assert.Equal(0, this.Poll(this.Shell, a));
        this.Sys(t, k => k.sys_exit(0));
        Assert.Equal((int)(vmlinux.EPOLLIN | vmlinux.EPOLLRDNORM | vmlinux.EPOLLHUP), this.Poll(this.Shell, a));
    }

    /// <summary>A leader that exited while a thread lives is not reported by poll (delay_group_leader).</summary>
    [Fact]
    public void PollDelaysAnExitedLeader()
    {
        var p = this.Fork(this.Shell, "p");
        var t = this.K.spawn_thread(p, "t");
        var a = this.Open(this.Shell, p);
        this.Sys(p, k => k.sys_exit(0));
        Assert.Equal(0, this.Poll(this.Shell, a));
        this.Sys(t, k => k.sys_exit(0));
        Assert.Equal((int)(vmlinux.EPOLLIN | vmlinux.EPOLLRDNORM), this.Poll(this.Shell, a));
    }

    /// <summary>PIDFD_GET_INFO sizes and pointers: smaller than VER0 is ENOTTY (the VFS), NULL EINVAL, a bad pointer EFAULT, a larger struct is zero-filled.</summary>
    [Fact]
    public void GetInfoSizesAndPointers()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        uint Cmd(uint size) => vmlinux._IOC(3, 0xFF, 11, size);
        Assert.Equal(-errno.ENOTTY, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, Cmd(63), new byte[63])));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, vmlinux.PIDFD_GET_INFO, null)));
        Assert.Equal(-errno.EFAULT, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, vmlinux.PIDFD_GET_INFO, new object())));
        Assert.Equal(-errno.ENOTTY, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, vmlinux._IOC(2, 0xFF, 11, 80), new byte[80])));

        var big = new byte[96];
        Array.Fill(big, (byte)0xAA);
        BinaryPrimitives.WriteUInt64LittleEndian(big, 0);
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, Cmd(96), big)));
        Assert.All(big[80..], b => Assert.Equal(0, b));
        Assert.Equal((uint)p.pid, BinaryPrimitives.ReadUInt32LittleEndian(big.AsSpan(16)));

        var small = new byte[64];
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, Cmd(64), small)));
        Assert.Equal(vmlinux.PIDFD_INFO_PID | vmlinux.PIDFD_INFO_CREDS | vmlinux.PIDFD_INFO_CGROUPID, BinaryPrimitives.ReadUInt64LittleEndian(small));
    }

    /// <summary>
    /// v6.19 behaviour the 6.18 host lacks: SUPPORTED_MASK is answered, and a zombie (no mm)
    /// reports no COREDUMP bit (6.18 reports COREDUMP with mask 0). A live task reports its
    /// dumpability: USER, or SKIP once it is not dumpable.
    /// </summary>
    [Fact]
    public void GetInfo619SupportedMaskAndCoredump()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        var (r, info) = this.Info(this.Shell, a, vmlinux.PIDFD_INFO_SUPPORTED_MASK | vmlinux.PIDFD_INFO_COREDUMP);
        Assert.Equal(0, r);
        Assert.Equal(0x7FUL, info.supported_mask);
        Assert.NotEqual(0UL, info.mask & vmlinux.PIDFD_INFO_SUPPORTED_MASK);
        Assert.Equal(vmlinux.PIDFD_COREDUMP_USER, info.coredump_mask);

        vmlinux.set_dumpable(p.mm!, vmlinux.SUID_DUMP_DISABLE);
        Assert.Equal(vmlinux.PIDFD_COREDUMP_SKIP, this.Info(this.Shell, a, vmlinux.PIDFD_INFO_COREDUMP).Info.coredump_mask);

        this.Exit(p, 0);
        (r, info) = this.Info(this.Shell, a, vmlinux.PIDFD_INFO_COREDUMP);
        Assert.Equal(0, r);
        Assert.Equal(0UL, info.mask & vmlinux.PIDFD_INFO_COREDUMP);
    }

    /// <summary>pidfs_coredump publishes the dump and its signal (COREDUMP_SIGNAL, new in 6.19), kept after reap.</summary>
    [Fact]
    public void CoredumpIsRecorded()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        this.Sys(this.Shell, k =>
        {
            k.pidfs_coredump(new coredump_params { pid = vmlinux.task_pid(p)!, mm_flags = vmlinux.SUID_DUMP_USER, siginfo = new kernel_siginfo { si_signo = vmlinux.SIGSEGV } });
            return 0;
        });
        this.Exit(p, vmlinux.SIGSEGV | 0x80);
        this.Reap(p);
        var (r, info) = this.Info(this.Shell, a, vmlinux.PIDFD_INFO_EXIT | vmlinux.PIDFD_INFO_COREDUMP);
        Assert.Equal(0, r);
        Assert.Equal(vmlinux.PIDFD_INFO_EXIT | vmlinux.PIDFD_INFO_CGROUPID | vmlinux.PIDFD_INFO_COREDUMP | vmlinux.PIDFD_INFO_COREDUMP_SIGNAL, info.mask);
        Assert.Equal(vmlinux.PIDFD_COREDUMPED | vmlinux.PIDFD_COREDUMP_USER, info.coredump_mask);
        Assert.Equal((uint)vmlinux.SIGSEGV, info.coredump_signal);
    }

    /// <summary>A pidfd from outside the caller's pid namespace: GET_INFO ESRCH in 6.19 (the 6.18 host says EREMOTE), send_signal EINVAL.</summary>
    [Fact]
    public void ForeignNamespace()
    {
        var outside = this.Fork(this.Shell, "outside");
        var u = this.Fork(this.Shell, "u");
        Assert.Equal(0, this.Unshare(u));
        var inside = this.Fork(u, "inside");
        var a = this.Open(u, outside);
        Assert.Equal(1, this.PidAsSeenBy(inside, inside));

        /* hand the outside pidfd to a process inside the namespace: a plain fork (no exec, which would close it) */
        var inherit = this.K.clone(u, new kernel_clone_args { exit_signal = vmlinux.SIGCHLD, comm = "inherit" });
        Assert.Equal(-errno.ESRCH, this.Info(inherit, a, vmlinux.PIDFD_INFO_EXIT).Ret);
        Assert.Equal(-errno.EINVAL, this.Sys(inherit, k => k.sys_pidfd_send_signal(a, 0, null, 0)));
    }

    /// <summary>fdinfo: Pid and NSpid per level, -1 after reap, and 0 through the procfs of a sibling namespace.</summary>
    [Fact]
    public void FdinfoAcrossNamespaces()
    {
        var a = this.Fork(this.Shell, "a");
        var b = this.Fork(this.Shell, "b");
        Assert.Equal(0, this.Unshare(a));
        Assert.Equal(0, this.Unshare(b));
        var ina = this.Fork(a, "ina");
        var inb = this.Fork(b, "inb");
        var fd = this.Open(this.Shell, ina);

        Assert.Equal($"Pid:\t{ina.pid}\nNSpid:\t{ina.pid}\t1\n", this.Fdinfo(fd, null));
        Assert.Equal("Pid:\t0\nNSpid:\t0\n", this.Fdinfo(fd, vmlinux.ns_of_pid(vmlinux.task_pid(inb))));
        Assert.Equal("Pid:\t1\nNSpid:\t1\n", this.Fdinfo(fd, vmlinux.ns_of_pid(vmlinux.task_pid(ina))));
        this.Exit(ina, 0);
        this.Exit(a, 0);
        this.Reap(a);
        Assert.Equal("Pid:\t-1\nNSpid:\t-1\n", this.Fdinfo(fd, null));
    }

    /// <summary>pidfd_getfd: flags EINVAL, unknown fd EBADF, not a pidfd EBADF, a zombie ESRCH, no ptrace right EPERM; the copy is close-on-exec.</summary>
    [Fact]
    public void GetfdRules()
    {
        var p = this.Fork(this.Shell, "p");
        var other = this.Open(p, this.Shell); /* p holds an fd the shell can take */
        var a = this.Open(this.Shell, p);
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_pidfd_getfd(a, other, 1)));
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_pidfd_getfd(a, 99, 0)));
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_pidfd_getfd(vmlinux.PIDFD_SELF_THREAD, other, 0)));
        var copy = (int)this.Sys(this.Shell, k => k.sys_pidfd_getfd(a, other, 0));
        Assert.True(copy >= 0);
        Assert.Equal(this.Stat(this.Shell, copy).st_ino, vmlinux.task_pid(this.Shell)!.ino);
        Assert.True(this.Sys(this.Shell, k => k.get_close_on_exec((uint)copy) ? 1 : 0) == 1);

        var nobody = this.Fork(this.Shell, "nobody");
        nobody.cred.uid = nobody.cred.euid = nobody.cred.fsuid = 65534;
        nobody.cred.cap_effective = 0;
        var fromNobody = this.Open(nobody, p);
        Assert.Equal(-errno.EPERM, this.Sys(nobody, k => k.sys_pidfd_getfd(fromNobody, other, 0)));

        this.Exit(p, 0);
        Assert.Equal(-errno.ESRCH, this.Sys(this.Shell, k => k.sys_pidfd_getfd(a, other, 0)));
    }

    /// <summary>pidfd_send_signal: flags and scopes, PIDFD_SELF_*, forged siginfo, bad pointers, and ESRCH after reap.</summary>
    [Fact]
    public void SendSignalRules()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, 0, null, 8)));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, 0, null, vmlinux.PIDFD_SIGNAL_THREAD | vmlinux.PIDFD_SIGNAL_THREAD_GROUP)));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, 65, null, 0)));
        Assert.Equal(-errno.ESRCH, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, 0, null, vmlinux.PIDFD_SIGNAL_PROCESS_GROUP)));
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(vmlinux.PIDFD_SELF_THREAD_GROUP, 0, null, 0)));
        Assert.Equal(-errno.EBADF, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(-1, 0, null, 0)));
        Assert.Equal(-errno.EFAULT, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, vmlinux.SIGUSR1, new object(), 0)));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, vmlinux.SIGUSR1, new kernel_siginfo { si_signo = vmlinux.SIGUSR2, si_code = vmlinux.SI_QUEUE }, 0)));
        Assert.Equal(-errno.EPERM, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, vmlinux.SIGUSR1, new kernel_siginfo { si_signo = vmlinux.SIGUSR1, si_code = vmlinux.SI_USER }, 0)));
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, 0, new kernel_siginfo { si_signo = 0, si_code = vmlinux.SI_QUEUE }, 0)));
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, vmlinux.SIGKILL, null, 0)));
        Assert.Equal(vmlinux.SIGKILL, this.Reap(p));
        Assert.Equal(-errno.ESRCH, this.Sys(this.Shell, k => k.sys_pidfd_send_signal(a, 0, null, 0)));
    }

    /// <summary>CLONE_PIDFD: a close-on-exec pidfd of the child; not with CLONE_DETACHED, nor at the parent-tid address; CLONE_THREAD makes it a thread pidfd.</summary>
    [Fact]
    public void ClonePidfd()
    {
        var box = new int[1];
        var c = this.K.clone(this.Shell, new kernel_clone_args { flags = vmlinux.CLONE_PIDFD, pidfd = box, exit_signal = vmlinux.SIGCHLD, comm = "c" });
        Assert.False(vmlinux.IS_ERR(c));
        Assert.Equal(vmlinux.task_pid(c)!.ino, this.Stat(this.Shell, box[0]).st_ino);
        Assert.True(this.Sys(this.Shell, k => k.get_close_on_exec((uint)box[0]) ? 1 : 0) == 1);

        Assert.Equal(-errno.EINVAL, vmlinux.PTR_ERR(this.K.clone(this.Shell, new kernel_clone_args { flags = vmlinux.CLONE_PIDFD | vmlinux.CLONE_DETACHED, pidfd = new int[1], exit_signal = vmlinux.SIGCHLD })));
        var same = new int[1];
        Assert.Equal(-errno.EINVAL, vmlinux.PTR_ERR(this.K.clone(this.Shell, new kernel_clone_args { flags = vmlinux.CLONE_PIDFD | vmlinux.CLONE_PARENT_SETTID, pidfd = same, parent_tid = same, exit_signal = vmlinux.SIGCHLD })));

        var tbox = new int[1];
        var t = this.K.clone(c, new kernel_clone_args { flags = vmlinux.CLONE_PIDFD | vmlinux.CLONE_THREAD | vmlinux.CLONE_SIGHAND | vmlinux.CLONE_VM, pidfd = tbox, comm = "ct" });
        Assert.False(vmlinux.IS_ERR(t));
        Assert.Equal(vmlinux.O_RDWR | vmlinux.PIDFD_THREAD, this.Flags(c, tbox[0]));
    }

    /// <summary>The namespace ioctls pass upstream's checks, then answer EOPNOTSUPP (nsfs is not ported); FS_IOC_GETVERSION works.</summary>
    [Fact]
    public void IoctlCommands()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        Assert.Equal(-errno.EOPNOTSUPP, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, vmlinux.PIDFD_GET_PID_NAMESPACE, null)));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, vmlinux.PIDFD_GET_PID_NAMESPACE, new int[1])));
        Assert.Equal(-errno.ENOTTY, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, vmlinux._IOC(0, 0xFF, 12, 0), null)));
        Assert.Equal(-errno.EINVAL, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, vmlinux.FS_IOC_GETVERSION, null)));
        this.Exit(p, 0);
        this.Reap(p);
        Assert.Equal(-errno.ESRCH, this.Sys(this.Shell, k => k.sys_ioctl((uint)a, vmlinux.PIDFD_GET_PID_NAMESPACE, null)));
    }

    private string Fdinfo(int fd, pid_namespace? procns)
    {
        var text = string.Empty;
        Assert.Equal(0, this.Sys(this.Shell, k => k.proc_fdinfo_read(this.Shell, fd, out text, procns)));
        return text[text.IndexOf("Pid:", System.StringComparison.Ordinal)..];
    }
}
