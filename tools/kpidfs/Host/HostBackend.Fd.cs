// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Buffers.Binary;
using Kpidfs.Scenario;

namespace Kpidfs.Host;

/// <summary>
/// The fd and file verbs on the host. A verb that would change a file that is not a pidfd (xattrs,
/// chmod, chown on /dev/null: a real file of this machine) is refused with exit 3; on a pidfd it changes
/// only the struct pid's own xattrs, which die with the process. xattrs of shell (this process, which runs
/// every scenario of a `kpidfs` call) are refused too, on both backends alike.
/// </summary>
public sealed partial class HostBackend
{
    /// <inheritdoc/>
    public PlainResult Setxattr(int fd, string name, byte[] value, int flags)
    {
        this.CheckChangeable(fd, "setxattr");
        this.CheckNotShell(fd, "setxattr");
        return Plain(NativeFd.Fsetxattr(fd, NativeFd.CString(name), value, (nuint)value.Length, flags));
    }

    /// <inheritdoc/>
    public XattrResult Getxattr(int fd, string name, int size)
    {
        this.CheckFd(fd);
        var buf = size > 0 ? new byte[size] : null;
        var r = (long)NativeFd.Fgetxattr(fd, NativeFd.CString(name), buf, (nuint)size);
        return r < 0 ? new XattrResult(Native.Errno(), 0, null) : new XattrResult(0, r, buf?.AsSpan(0, (int)r).ToArray());
    }

    /// <inheritdoc/>
    public XattrListResult Listxattr(int fd, int size)
    {
        this.CheckFd(fd);
        var buf = size > 0 ? new byte[size] : null;
        var r = (long)NativeFd.Flistxattr(fd, buf, (nuint)size);
        return r < 0 ? new XattrListResult(Native.Errno(), 0, null) : new XattrListResult(0, r, buf == null ? null : XattrListResult.Split(buf, r));
    }

    /// <inheritdoc/>
    public PlainResult Removexattr(int fd, string name)
    {
        this.CheckChangeable(fd, "removexattr");
        this.CheckNotShell(fd, "removexattr");
        return Plain(NativeFd.Fremovexattr(fd, NativeFd.CString(name)));
    }

    /// <inheritdoc/>
    public FdResult Getfd(int pidfd, int targetFd, uint flags)
    {
        this.CheckFd(pidfd);
        var r = NativeFd.PidfdGetfd(pidfd, targetFd, flags);
        return this.NewFd(r < 0 ? -Native.Errno() : r);
    }

    /// <inheritdoc/>
    public FlagsResult Getfl(int fd)
    {
        this.CheckFd(fd);
        var fl = Native.Fcntl(fd, NativeFd.FGetfl, 0);
        if (fl < 0)
        {
            return new FlagsResult(Native.Errno(), 0, 0);
        }

        var fdFlags = Native.Fcntl(fd, NativeFd.FGetfd, 0);
        return fdFlags < 0 ? new FlagsResult(Native.Errno(), 0, 0) : new FlagsResult(0, fl, fdFlags);
    }

    /// <inheritdoc/>
    public PlainResult Setfl(int fd, int flags)
    {
        this.CheckFd(fd);
        return Plain(Native.Fcntl(fd, NativeFd.FSetfl, flags));
    }

    /// <inheritdoc/>
    public HandleResult NameToHandleAt(int dirfd, string path, int flags, uint bytes)
    {
        this.CheckFd(dirfd);
        var buf = new byte[8 + 128];
        BinaryPrimitives.WriteUInt32LittleEndian(buf, bytes);
        var r = Native.NameToHandleAt(dirfd, NativeFd.CString(path), buf, out _, flags);
        var err = r < 0 ? Native.Errno() : 0;
        var outBytes = BinaryPrimitives.ReadUInt32LittleEndian(buf);
        var type = BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(4));
        return new HandleResult(err, outBytes, type, buf.AsSpan(8, (int)Math.Min(outBytes, 128u)).ToArray());
    }

    /// <inheritdoc/>
    public PlainResult Fchmod(int fd, uint mode)
    {
        this.CheckChangeable(fd, "chmod");
        return Plain(NativeFd.Fchmod(fd, mode));
    }

    /// <inheritdoc/>
    public PlainResult Fchown(int fd, uint uid, uint gid)
    {
        this.CheckChangeable(fd, "chown");
        return Plain(NativeFd.Fchown(fd, uid, gid));
    }

    /// <inheritdoc/>
    public FdResult Open(string path, int flags)
    {
        var r = NativeFd.Open(NativeFd.CString(path), flags, 0);
        return this.NewFd(r < 0 ? -Native.Errno() : r);
    }

    private static PlainResult Plain(long r) => new(r < 0 ? Native.Errno() : 0);

    /* shell is this process: an xattr set on its struct pid would outlive the scenario and be seen by the next one */
    private void CheckNotShell(int fd, string verb)
    {
        if (ReadFdinfo("/proc/self/fdinfo/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { Pid: var pid } && pid == this.ShellPid)
        {
            throw new BackendException(FdSymbols.ShellXattrMessage(verb));
        }
    }

    /* a verb that changes a file runs only on a pidfd (or a number that is not open: the call fails with EBADF) */
    private void CheckChangeable(int fd, string verb)
    {
        this.CheckFd(fd);
        var sfs = new byte[120];
        if (Native.IsOpen(fd) && (Native.Fstatfs(fd, sfs) != 0 || BinaryPrimitives.ReadUInt64LittleEndian(sfs) != Native.PidFsMagic))
        {
            throw new BackendException($"{verb} on fd {fd}: not a pidfd, and the host file would change");
        }
    }
}
