// SPDX-License-Identifier: GPL-2.0-only

// fs/ioctl.cs and fs/select.cs: the generic ioctls, dispatch to the file's
// ioctl, and poll with a zero timeout.
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>ioctl and poll.</summary>
public sealed class IoctlPollTests : VfsTest
{
    /// <summary>FIOCLEX/FIONCLEX/FIONBIO work on any file; other commands go to the file; unknown ones are ENOTTY.</summary>
    [Fact]
    public void IoctlDispatch()
    {
        var o = this.Fs.NewObj(20);
        this.As(this.Shell, () =>
        {
            var fd = (uint)this.Fs.InstallFd(o, vmlinux.O_RDWR);
            Assert.Equal(0, this.K.sys_ioctl(fd, vmlinux.FIOCLEX, null));
            Assert.True(this.K.get_close_on_exec(fd));
            Assert.Equal(0, this.K.sys_ioctl(fd, vmlinux.FIONCLEX, null));
            Assert.False(this.K.get_close_on_exec(fd));

            var f = this.K.fget(fd)!;
            Assert.Equal(0, this.K.sys_ioctl(fd, vmlinux.FIONBIO, new[] { 1 }));
            Assert.Equal((uint)(vmlinux.O_RDWR | vmlinux.O_NONBLOCK), f.f_flags);
            Assert.Equal(0, this.K.sys_ioctl(fd, vmlinux.FIONBIO, new[] { 0 }));
            Assert.Equal((uint)vmlinux.O_RDWR, f.f_flags);
            Assert.Equal(-errno.EFAULT, this.K.sys_ioctl(fd, vmlinux.FIONBIO, null));
            this.K.fput(f);

            Assert.Equal(42, this.K.sys_ioctl(fd, TestFs.TestIoctl, null));
            Assert.Equal(-errno.ENOTTY, this.K.sys_ioctl(fd, 0xdead, null));
            Assert.Equal(-errno.EBADF, this.K.sys_ioctl(fd + 1, TestFs.TestIoctl, null));
            return this.K.sys_close(fd);
        });

        this.Fs.Put(o);
    }

    /// <summary>poll masks the file's events to those asked for, but always reports HUP; a closed descriptor is POLLNVAL.</summary>
    [Fact]
    public void PollMasksButAlwaysReportsHangup()
    {
        var o = this.Fs.NewObj(21);
        this.As(this.Shell, () =>
        {
            var fd = this.Fs.InstallFd(o, vmlinux.O_RDWR);
            var fds = new[]
            {
                new pollfd { fd = fd, events = vmlinux.POLLIN },
                new pollfd { fd = 17, events = vmlinux.POLLIN },
                new pollfd { fd = -1, events = vmlinux.POLLIN },
            };

            o.Events = 0;
            Assert.Equal(1, this.K.sys_poll(fds, 3, 0));
            Assert.Equal(0, fds[0].revents);
            Assert.Equal(vmlinux.POLLNVAL, fds[1].revents);
            Assert.Equal(0, fds[2].revents);

            o.Events = vmlinux.EPOLLIN | vmlinux.EPOLLRDNORM;
            Assert.Equal(2, this.K.sys_poll(fds, 3, 0));
            Assert.Equal(vmlinux.POLLIN, fds[0].revents);

            /* HUP is reported even though only OUT was asked for */
            fds[0].events = vmlinux.POLLOUT;
            o.Events = vmlinux.EPOLLIN | vmlinux.EPOLLHUP;
            Assert.Equal(2, this.K.sys_poll(fds, 3, 0));
            Assert.Equal(vmlinux.POLLHUP, fds[0].revents);

            Assert.Equal(-errno.EFAULT, this.K.sys_poll(null, 1, 0));
            return this.K.sys_close((uint)fd);
        });

        this.Fs.Put(o);
    }
}
