// SPDX-License-Identifier: GPL-2.0-only

using System;
using Kpidfs.Scenario;
using Linux;

namespace Kpidfs.Model;

/// <summary>The fd and file verbs on the model: each is the system call of the same name, as shell.</summary>
public sealed partial class ModelBackend
{
    /// <inheritdoc/>
    public PlainResult Setxattr(int fd, string name, byte[] value, int flags)
    {
        this.CheckNotShell(fd, "setxattr");
        return Plain(this.Sys(k => k.sys_fsetxattr(fd, name, value, value.Length, flags)));
    }

    /// <inheritdoc/>
    public XattrResult Getxattr(int fd, string name, int size)
    {
        var buf = size > 0 ? new byte[size] : null;
        var r = this.Sys(k => k.sys_fgetxattr(fd, name, buf, size));
        return r < 0 ? new XattrResult((int)-r, 0, null) : new XattrResult(0, r, buf?.AsSpan(0, (int)r).ToArray());
    }

    /// <inheritdoc/>
    public XattrListResult Listxattr(int fd, int size)
    {
        var buf = size > 0 ? new byte[size] : null;
        var r = this.Sys(k => k.sys_flistxattr(fd, buf, size));
        return r < 0 ? new XattrListResult((int)-r, 0, null) : new XattrListResult(0, r, buf == null ? null : XattrListResult.Split(buf, r));
    }

    /// <inheritdoc/>
    public PlainResult Removexattr(int fd, string name)
    {
        this.CheckNotShell(fd, "removexattr");
        return Plain(this.Sys(k => k.sys_fremovexattr(fd, name)));
    }

    /// <inheritdoc/>
    public FdResult Getfd(int pidfd, int targetFd, uint flags) => FdOf(this.Sys(k => k.sys_pidfd_getfd(pidfd, targetFd, flags)));

    /// <inheritdoc/>
    public FlagsResult Getfl(int fd)
    {
        var fl = this.Sys(k => k.sys_fcntl(unchecked((uint)fd), vmlinux.F_GETFL, 0));
        if (fl < 0)
        {
            return new FlagsResult((int)-fl, 0, 0);
        }

        var fdFlags = this.Sys(k => k.sys_fcntl(unchecked((uint)fd), vmlinux.F_GETFD, 0));
        return fdFlags < 0 ? new FlagsResult((int)-fdFlags, 0, 0) : new FlagsResult(0, (int)fl, (int)fdFlags);
    }

    /// <inheritdoc/>
    public PlainResult Setfl(int fd, int flags) => Plain(this.Sys(k => k.sys_fcntl(unchecked((uint)fd), vmlinux.F_SETFL, unchecked((ulong)(uint)flags))));

    /// <inheritdoc/>
    public HandleResult NameToHandleAt(int dirfd, string path, int flags, uint bytes)
    {
        var fh = new file_handle(128) { handle_bytes = bytes };
        var r = this.Sys(k => k.sys_name_to_handle_at(dirfd, path, fh, new ulong[1], flags));
        var payload = fh.f_handle.AsSpan(0, (int)Math.Min(fh.handle_bytes, 128u)).ToArray();
        return new HandleResult(r < 0 ? (int)-r : 0, fh.handle_bytes, fh.handle_type, payload);
    }

    /// <inheritdoc/>
    public PlainResult Fchmod(int fd, uint mode) => Plain(this.Sys(k => k.sys_fchmod(unchecked((uint)fd), mode)));

    /// <inheritdoc/>
    public PlainResult Fchown(int fd, uint uid, uint gid) => Plain(this.Sys(k => k.sys_fchown(unchecked((uint)fd), uid, gid)));

    /// <inheritdoc/>
    public FdResult Open(string path, int flags) => FdOf(this.Sys(k => k.sys_openat(vmlinux.AT_FDCWD, path, flags, 0)));

    /* as on the host, where shell is the kpidfs process and its xattrs would outlive the scenario */
    private void CheckNotShell(int fd, string verb)
    {
        if (this.Fdinfo(fd) is { Pid: var pid } && pid == this.shell.pid)
        {
            throw new BackendException(FdSymbols.ShellXattrMessage(verb));
        }
    }
}
