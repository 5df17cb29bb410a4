// SPDX-License-Identifier: GPL-2.0-only

// fs/xattr.cs: the xattr system calls over the test filesystem's trusted.*
// handler (simple_xattrs), checked against the host's answers for pidfds
// (host-kernel.md §7).
using System.Text;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Extended attributes.</summary>
public sealed class XattrTests : VfsTest
{
    /// <summary>Set, get, sizes and ERANGE, create/replace semantics, removal.</summary>
    [Fact]
    public void SetGetReplaceRemove()
    {
        var o = this.Fs.NewObj(30);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var bar = Encoding.ASCII.GetBytes("bar");
            Assert.Equal(0, this.K.sys_fsetxattr(fd, "trusted.foo", bar, 3, 0));
            var buf = new byte[16];
            Assert.Equal(3, this.K.sys_fgetxattr(fd, "trusted.foo", buf, 16));
            Assert.Equal("bar", Encoding.ASCII.GetString(buf, 0, 3));
            Assert.Equal(3, this.K.sys_fgetxattr(fd, "trusted.foo", null, 0));
            Assert.Equal(-errno.ERANGE, this.K.sys_fgetxattr(fd, "trusted.foo", buf, 2));

            Assert.Equal(-errno.EEXIST, this.K.sys_fsetxattr(fd, "trusted.foo", bar, 3, vmlinux.XATTR_CREATE));
            Assert.Equal(0, this.K.sys_fsetxattr(fd, "trusted.foo", Encoding.ASCII.GetBytes("quux"), 4, vmlinux.XATTR_REPLACE));
            Assert.Equal(4, this.K.sys_fgetxattr(fd, "trusted.foo", buf, 16));
            Assert.Equal(-errno.ENODATA, this.K.sys_fsetxattr(fd, "trusted.nope", bar, 3, vmlinux.XATTR_REPLACE));
            Assert.Equal(-errno.EINVAL, this.K.sys_fsetxattr(fd, "trusted.foo", bar, 3, 4));

            /* an empty value is a value */
            Assert.Equal(0, this.K.sys_fsetxattr(fd, "trusted.empty", null, 0, 0));
            Assert.Equal(0, this.K.sys_fgetxattr(fd, "trusted.empty", buf, 16));

            Assert.Equal(0, this.K.sys_fremovexattr(fd, "trusted.foo"));
            Assert.Equal(-errno.ENODATA, this.K.sys_fremovexattr(fd, "trusted.foo"));
            Assert.Equal(-errno.ENODATA, this.K.sys_fgetxattr(fd, "trusted.foo", buf, 16));
            Assert.Equal(-errno.EBADF, this.K.sys_fgetxattr(fd + 1, "trusted.foo", buf, 16));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>Names without a handler are EOPNOTSUPP, an empty suffix EINVAL, name and value limits ERANGE and E2BIG.</summary>
    [Fact]
    public void NamesAndLimits()
    {
        var o = this.Fs.NewObj(31);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var v = new byte[65537];
            Assert.Equal(-errno.EOPNOTSUPP, this.K.sys_fsetxattr(fd, "user.foo", v, 1, 0));
            Assert.Equal(-errno.EOPNOTSUPP, this.K.sys_fsetxattr(fd, "security.foo", v, 1, 0));
            Assert.Equal(-errno.EOPNOTSUPP, this.K.sys_fsetxattr(fd, "system.foo", v, 1, 0));
            Assert.Equal(-errno.EOPNOTSUPP, this.K.sys_fsetxattr(fd, "foo", v, 1, 0));
            Assert.Equal(-errno.EINVAL, this.K.sys_fsetxattr(fd, "system.posix_acl_access", v, 3, 0));
            Assert.Equal(-errno.EINVAL, this.K.sys_fsetxattr(fd, "trusted.", v, 1, 0));
            Assert.Equal(-errno.EOPNOTSUPP, this.K.sys_fremovexattr(fd, "user.foo"));

            Assert.Equal(0, this.K.sys_fsetxattr(fd, "trusted.big", v, 65536, 0));
            Assert.Equal(-errno.E2BIG, this.K.sys_fsetxattr(fd, "trusted.big", v, 65537, 0));
            Assert.Equal(65536, this.K.sys_fgetxattr(fd, "trusted.big", new byte[70000], 70000));

            var n255 = "trusted." + new string('a', 255 - 8);
            var n256 = "trusted." + new string('a', 256 - 8);
            Assert.Equal(0, this.K.sys_fsetxattr(fd, n255, v, 1, 0));
            Assert.Equal(-errno.ERANGE, this.K.sys_fsetxattr(fd, n256, v, 1, 0));
            Assert.Equal(-errno.ERANGE, this.K.sys_fsetxattr(fd, string.Empty, v, 1, 0));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>listxattr lists names in descending order, sizes the buffer, and ERANGEs a short one.</summary>
    [Fact]
    public void ListIsDescending()
    {
        var o = this.Fs.NewObj(32);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            foreach (var n in new[] { "b", "d", "a", "c", "aa" })
            {
                Assert.Equal(0, this.K.sys_fsetxattr(fd, "trusted." + n, new byte[] { 1 }, 1, 0));
            }

            var need = this.K.sys_flistxattr(fd, null, 0);
            Assert.Equal((4 * 10) + 11, need);
            var buf = new byte[need];
            Assert.Equal(need, this.K.sys_flistxattr(fd, buf, (int)need));
            Assert.Equal("trusted.d\0trusted.c\0trusted.b\0trusted.aa\0trusted.a\0", Encoding.ASCII.GetString(buf));
            Assert.Equal(-errno.ERANGE, this.K.sys_flistxattr(fd, buf, 10));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>Without CAP_SYS_ADMIN: trusted.* reads are ENODATA, writes EPERM, lists hide them; user.* on a 0700 root inode is EACCES.</summary>
    [Fact]
    public void UnprivilegedCaller()
    {
        var o = this.Fs.NewObj(33);
        var nobody = this.Fork(this.Shell, "nobody");
        var c = nobody.cred;
        c.uid = c.euid = c.suid = c.fsuid = 65534;
        c.gid = c.egid = c.sgid = c.fsgid = 65534;
        c.cap_effective = 0;
        this.GiveFiles(nobody);

        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            Assert.Equal(0, this.K.sys_fsetxattr(fd, "trusted.x", new byte[] { 1 }, 1, 0));
            return this.K.sys_close((uint)fd);
        });

        this.As(nobody, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var buf = new byte[64];
            Assert.Equal(-errno.ENODATA, this.K.sys_fgetxattr(fd, "trusted.x", buf, 64));
            Assert.Equal(-errno.EPERM, this.K.sys_fsetxattr(fd, "trusted.y", buf, 1, 0));
            Assert.Equal(0, this.K.sys_flistxattr(fd, buf, 64));
            Assert.Equal(-errno.EACCES, this.K.sys_fsetxattr(fd, "user.x", buf, 1, 0));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }
}
