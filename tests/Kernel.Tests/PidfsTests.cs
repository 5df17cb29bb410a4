// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// pidfs itself (seeds 000-004): one inode per struct pid, unique inode numbers, objects freed
/// with the last pidfd, exit information that survives them, and the race the "persist
/// information" patch closed.
/// </summary>
public sealed class PidfsTests : PidfdTest
{
    /// <summary>Two pidfds of one process share one inode, other processes never; mode 0700 with no type bits, nlink 1, the anon_inode name, PID_FS_MAGIC.</summary>
    [Fact]
    public void OneInodePerProcess()
    {
        var p = this.Fork(this.Shell, "p");
        var q = this.Fork(this.Shell, "q");
        int a = this.Open(this.Shell, p), b = this.Open(this.Shell, p, vmlinux.PIDFD_NONBLOCK), c = this.Open(this.Shell, q);
        var sa = this.Stat(this.Shell, a);
        Assert.Equal(sa.st_ino, this.Stat(this.Shell, b).st_ino);
        Assert.Equal(sa.st_dev, this.Stat(this.Shell, b).st_dev);
        Assert.NotEqual(sa.st_ino, this.Stat(this.Shell, c).st_ino);
        Assert.Equal(0x1C0u, sa.st_mode);
        Assert.Equal(1u, sa.st_nlink);
        Assert.Equal(vmlinux.task_pid(p)!.ino, sa.st_ino);

        var sfs = new statfs();
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_fstatfs(a, sfs)));
        Assert.Equal((long)vmlinux.PID_FS_MAGIC, sfs.f_type);

        string? name = null;
        this.Sys(this.Shell, k =>
        {
            var f = k.fget((uint)a)!;
            name = vmlinux.d_path(f.f_path, 256).name;
            k.fput(f);
            return 0;
        });
        Assert.Equal("anon_inode:[pidfd]", name);
    }

    /// <summary>A recycled pid number gets a new inode number; closing every pidfd and reopening keeps it while the struct pid lives.</summary>
    [Fact]
    public void InodeNumbersAreNeverReused()
    {
        var first = this.K.clone(this.Shell, new kernel_clone_args { exit_signal = vmlinux.SIGCHLD, set_tid = new[] { 1000 }, set_tid_size = 1, comm = "first" });
        var a = this.Open(this.Shell, first);
        var ino1 = this.Stat(this.Shell, a).st_ino;
        this.Close(this.Shell, a);
        var again = this.Open(this.Shell, first);
        Assert.Equal(ino1, this.Stat(this.Shell, again).st_ino);
        this.Close(this.Shell, again);
        this.Exit(first, 0);
        this.Reap(first);

        var second = this.K.clone(this.Shell, new kernel_clone_args { exit_signal = vmlinux.SIGCHLD, set_tid = new[] { 1000 }, set_tid_size = 1, comm = "second" });
        Assert.Equal(1000, second.pid);
        var b = this.Open(this.Shell, second);
        Assert.NotEqual(ino1, this.Stat(this.Shell, b).st_ino);
    }

    /// <summary>The dentry and inode go with the last pidfd, dropping the inode's pid reference; the attributes stay with the pid.</summary>
    [Fact]
    public void DentryAndInodeAreFreedWithTheLastPidfd()
    {
        var p = this.Fork(this.Shell, "p");
        var pid = vmlinux.task_pid(p)!;
        var dentries = this.Active("dentry");
        var inodes = this.Active("inode_cache");
        var a = this.Open(this.Shell, p);
        var b = this.Open(this.Shell, p);
        Assert.Equal(dentries + 1, this.Active("dentry"));
        Assert.Equal(inodes + 1, this.Active("inode_cache"));
        Assert.Equal(2, vmlinux.refcount_read(ref pid.count)); /* the task's and the inode's */
        Assert.NotNull(pid.stashed);

        this.Close(this.Shell, a);
        Assert.Equal(dentries + 1, this.Active("dentry"));
        this.Close(this.Shell, b);
        Assert.Equal(dentries, this.Active("dentry"));
        Assert.Equal(inodes, this.Active("inode_cache"));
        Assert.Null(pid.stashed);
        Assert.Equal(1, vmlinux.refcount_read(ref pid.count));
        Assert.False(vmlinux.IS_ERR_OR_NULL(pid.attr)); /* registered, kept for exit information */
    }

    /// <summary>Exit, close every pidfd, reopen by handle as a zombie, reap: the exit code is still reported.</summary>
    [Fact]
    public void ExitInformationSurvivesEveryPidfd()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        var (_, fh) = this.Handle(this.Shell, a);
        this.Close(this.Shell, a);
        this.Exit(p, 5);
        var b = this.OpenByHandle(this.Shell, vmlinux.FD_PIDFS_ROOT, fh);
        Assert.True(b >= 0);
        Assert.Equal(0x500, this.Reap(p));
        var (r, info) = this.Info(this.Shell, b, vmlinux.PIDFD_INFO_EXIT);
        Assert.Equal(0, r);
        Assert.Equal(vmlinux.PIDFD_INFO_EXIT | vmlinux.PIDFD_INFO_CGROUPID, info.mask);
        Assert.Equal(0x500, info.exit_code);
    }

    /// <summary>A pid reaped without ever having a pidfd is marked dead: no pidfd can appear for it afterwards.</summary>
    [Fact]
    public void UnregisteredPidIsMarkedDeadAtReap()
    {
        var p = this.Fork(this.Shell, "p");
        var pid = this.K.get_pid(vmlinux.task_pid(p))!;
        this.Exit(p, 0);
        this.Reap(p);
        Assert.Same(vmlinux.PIDFS_PID_DEAD, pid.attr);
        Assert.Equal(-errno.ESRCH, this.Sys(this.Shell, k => k.pidfs_register_pid(pid)));
        this.Sys(this.Shell, k =>
        {
            k.put_pid(pid);
            return 0;
        });
    }

    /// <summary>
    /// "pidfs: persist information": opens race reaps on real threads, many times; a pidfd that
    /// was handed out always has exit information once its task is reaped.
    /// </summary>
    [Fact]
    public void NoPidfdWithoutExitInformation()
    {
        var opener = this.Fork(this.Shell, "opener");
        var opened = 0;
        for (var round = 0; round < 200; round++)
        {
            var child = this.Fork(this.Shell, "c");
            this.Exit(child, round & 0x7f);
            var fds = new List<int>();
            var last = 0;
            using var go = new ManualResetEventSlim();
            using var tried = new ManualResetEventSlim();
            var t = new Thread(() =>
            {
                go.Wait();

                /* open until the reap wins (ESRCH); stay well below RLIMIT_NOFILE */
                while (fds.Count < 256)
                {
                    var fd = (int)this.K.syscall(opener, () => this.K.sys_pidfd_open(child.pid, 0));
                    tried.Set();
                    if (fd < 0)
                    {
                        last = fd;
                        break;
                    }

                    fds.Add(fd);
                }
            });
            t.Start();
            go.Set();

            /* even rounds let the opener in first (so opens surely happen); odd rounds are a free race */
            if (round % 2 == 0)
            {
                tried.Wait();
            }

            Thread.SpinWait(round * 10);
            this.Reap(child);
            t.Join();
            Assert.True(last is 0 or -errno.ESRCH, $"pidfd_open failed with {last}");

            foreach (var fd in fds)
            {
                var (r, info) = this.Info(opener, fd, vmlinux.PIDFD_INFO_EXIT);
                Assert.Equal(0, r);
                Assert.Equal(vmlinux.PIDFD_INFO_EXIT, info.mask & vmlinux.PIDFD_INFO_EXIT);
                Assert.Equal((round & 0x7f) << 8, info.exit_code);
                this.Close(opener, fd);
            }

            opened += fds.Count;
        }

        Assert.True(opened > 0);
    }

    /// <summary>File handles: 8 bytes of type 0xfe holding the 64-bit inode number, nothing else.</summary>
    [Fact]
    public void FileHandleLayout()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        var (r, fh) = this.Handle(this.Shell, a);
        Assert.Equal(0, r);
        Assert.Equal(8u, fh.handle_bytes);
        Assert.Equal(vmlinux.FILEID_KERNFS, fh.handle_type);
        Assert.Equal(vmlinux.task_pid(p)!.ino, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(fh.f_handle));

        var (r4, small) = this.Handle(this.Shell, a, 4);
        Assert.Equal(-errno.EOVERFLOW, r4);
        Assert.Equal(8u, small.handle_bytes);
        Assert.Equal(-errno.EINVAL, this.Handle(this.Shell, a, 129).Ret);
    }

    /// <summary>Decoding works from any pidfd or FD_PIDFS_ROOT, but not for a pid outside the caller's pid namespace (ESTALE).</summary>
    [Fact]
    public void DecodeRespectsPidNamespaces()
    {
        var p = this.Fork(this.Shell, "p");
        var q = this.Fork(this.Shell, "q");
        var a = this.Open(this.Shell, p);
        var qfd = this.Open(this.Shell, q);
        var (_, fh) = this.Handle(this.Shell, a);
        Assert.True(this.OpenByHandle(this.Shell, qfd, fh) >= 0);
        Assert.True(this.OpenByHandle(this.Shell, vmlinux.FD_PIDFS_ROOT, fh) >= 0);
        Assert.Equal(-errno.EBADF, this.OpenByHandle(this.Shell, -1, fh));
        Assert.Equal(-errno.EINVAL, this.OpenByHandle(this.Shell, vmlinux.FD_PIDFS_ROOT, fh, vmlinux.O_CREAT));

        var u = this.Fork(this.Shell, "u");
        Assert.Equal(0, this.Unshare(u));
        var inside = this.Fork(u, "inside");
        Assert.Equal(-errno.ESTALE, this.OpenByHandle(inside, vmlinux.FD_PIDFS_ROOT, fh));
        var mine = this.Open(inside, inside);
        var (_, ownfh) = this.Handle(inside, mine);
        Assert.True(this.OpenByHandle(this.Shell, vmlinux.FD_PIDFS_ROOT, ownfh) >= 0); /* a descendant is visible from above */
    }

    /// <summary>
    /// i_ino and i_generation: on 64-bit the identity is i_ino and the generation is 0; on 32-bit
    /// i_ino is the low half and FS_IOC_GETVERSION the high half, and crossing 2^32 skips 0 and 1.
    /// </summary>
    [Fact]
    public void InodeNumberAndGenerationPerBitness()
    {
        this.K.pidfs_ino_nr = 0xFFFF_FFFFUL;
        var p = this.Fork(this.Shell, "p");
        var q = this.Fork(this.Shell, "q");
        int a = this.Open(this.Shell, p), b = this.Open(this.Shell, q);
        var gen = new uint[1];
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_ioctl((uint)b, vmlinux.FS_IOC_GETVERSION, gen)));
#if CONFIG_64BIT
        Assert.Equal(0xFFFF_FFFFUL, this.Stat(this.Shell, a).st_ino);
        Assert.Equal(0x1_0000_0000UL, this.Stat(this.Shell, b).st_ino);
        Assert.Equal(0u, gen[0]);
#else
        Assert.Equal(0xFFFF_FFFFUL, this.Stat(this.Shell, a).st_ino);
        Assert.Equal(2UL, this.Stat(this.Shell, b).st_ino);
        Assert.Equal(1u, gen[0]);
        Assert.Equal(0x1_0000_0002UL, vmlinux.task_pid(q)!.ino);
#endif
    }

    /// <summary>xattrs: trusted.* only, kept on the struct pid across closes and after reap; the absent-name quirk of the host.</summary>
    [Fact]
    public void XattrsPersistOnTheStructPid()
    {
        var p = this.Fork(this.Shell, "p");
        var a = this.Open(this.Shell, p);
        var buf = new byte[16];
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_fgetxattr(a, "trusted.none", buf, 16))); /* no store yet: 0, not ENODATA */
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_fsetxattr(a, "trusted.foo", "bar"u8.ToArray(), 3, 0)));
        Assert.Equal(-errno.ENODATA, this.Sys(this.Shell, k => k.sys_fgetxattr(a, "trusted.none", buf, 16)));
        Assert.Equal(-errno.EOPNOTSUPP, this.Sys(this.Shell, k => k.sys_fsetxattr(a, "user.foo", "x"u8.ToArray(), 1, 0)));
        Assert.Equal(-errno.EEXIST, this.Sys(this.Shell, k => k.sys_fsetxattr(a, "trusted.foo", "x"u8.ToArray(), 1, vmlinux.XATTR_CREATE)));
        this.Close(this.Shell, a);

        var b = this.Open(this.Shell, p);
        Assert.Equal(3, this.Sys(this.Shell, k => k.sys_fgetxattr(b, "trusted.foo", buf, 16)));
        Assert.Equal("bar", System.Text.Encoding.ASCII.GetString(buf, 0, 3));
        this.Exit(p, 0);
        this.Reap(p);
        Assert.Equal(3, this.Sys(this.Shell, k => k.sys_fgetxattr(b, "trusted.foo", buf, 16)));
        Assert.Equal(0, this.Sys(this.Shell, k => k.sys_fsetxattr(b, "trusted.after", "1"u8.ToArray(), 1, 0)));
        var list = new byte[64];
        var n = (int)this.Sys(this.Shell, k => k.sys_flistxattr(b, list, 64));
        Assert.Equal(new[] { "trusted.foo", "trusted.after" }, System.Text.Encoding.ASCII.GetString(list, 0, n).TrimEnd('\0').Split('\0'));

        var nobody = this.Fork(this.Shell, "nobody");
        nobody.cred.euid = nobody.cred.fsuid = 65534;
        nobody.cred.cap_effective = 0;
        var c = this.Open(nobody, nobody);
        Assert.Equal(-errno.EPERM, this.Sys(nobody, k => k.sys_fsetxattr(c, "trusted.x", "1"u8.ToArray(), 1, 0)));
    }

    private int Active(string cache) => this.K.slabinfo.FirstOrDefault(c => c.name == cache)?.active_objs ?? 0;
}
