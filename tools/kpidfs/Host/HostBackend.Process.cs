// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Kpidfs.Scenario;

namespace Kpidfs.Host;

/// <summary>The process and namespace verbs of version 2 on the host.</summary>
public sealed partial class HostBackend
{
    /// <inheritdoc/>
    public IBackend As(int pid) => pid == this.ShellPid ? this : new HostBackend(this, this.Child(pid, "run a line as"));

    /// <inheritdoc/>
    public NsPidResult NsPids(int pid)
    {
        string status;
        try
        {
            status = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return new NsPidResult(3, []);
        }

        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
        return line == null
            ? new NsPidResult(3, [])
            : new NsPidResult(0, line[6..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList());
    }

    /// <inheritdoc/>
    public PlainResult Unshare(ulong flags)
    {
        if (this.actor == null)
        {
            throw new BackendException("cannot unshare shell's namespaces: it runs the scenario");
        }

        var r = this.sys.Call(Native.NrUnshare, unchecked((long)flags));
        return new PlainResult(r < 0 ? (int)-r : 0);
    }

    /// <inheritdoc/>
    public Clone3Result Clone3(string name, Clone3Args args)
    {
        var (r, pidfd, child) = HostChild.StartByClone3(this.actor, this.ShellPid, args);
        if (r < 0)
        {
            return new Clone3Result((int)-r, -1, -1);
        }

        this.children.Add(child!);
        if (pidfd >= 0)
        {
            this.scenarioFds.Add(pidfd);
        }

        return new Clone3Result(0, child!.Pid, pidfd);
    }

    /// <inheritdoc/>
    public CredsResult Creds(int fd, ulong mask)
    {
        this.CheckFd(fd);
        var buf = new byte[Native.PidfdInfoSize];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, mask);
        var r = this.sys.Call(Native.NrIoctl, fd, unchecked((long)Native.PidfdGetInfo), buf);
        if (r < 0)
        {
            return new CredsResult((int)-r, 0, [], [], 0);
        }

        uint U(int off) => BinaryPrimitives.ReadUInt32LittleEndian(buf.AsSpan(off));
        return new CredsResult(0, BinaryPrimitives.ReadUInt64LittleEndian(buf), [U(28), U(36), U(44), U(52)], [U(32), U(40), U(48), U(56)], BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan(8)));
    }

    /// <inheritdoc/>
    public PlainResult ForkReap()
    {
        var r = this.actor == null ? HostClone.ForkReap() : this.actor.Command("forkreap");
        return new PlainResult(r < 0 ? (int)-r : 0);
    }

    /// <inheritdoc/>
    public ValueResult PidMax(int? value)
    {
        if (value != null && this.actor == null)
        {
            throw new BackendException("cannot write the initial pid namespace's pid_max: shell's namespace is the machine's");
        }

        const int oRdonly = 0, oWronly = 1, atFdcwd = -100;
        var fd = this.sys.Call(Native.NrOpenat, atFdcwd, SysArg.Str("/proc/sys/kernel/pid_max"), value == null ? oRdonly : oWronly, 0);
        if (fd < 0)
        {
            return new ValueResult((int)-fd, 0);
        }

        try
        {
            if (value is { } v)
            {
                var text = Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture) + "\n");
                var w = this.sys.Call(Native.NrWrite, fd, text, text.Length);
                return new ValueResult(w < 0 ? (int)-w : 0, v);
            }

            var buf = new byte[64];
            var n = this.sys.Call(Native.NrRead, fd, buf, buf.Length);
            return n < 0
                ? new ValueResult((int)-n, 0)
                : new ValueResult(0, long.Parse(Encoding.ASCII.GetString(buf, 0, (int)n).Trim(), CultureInfo.InvariantCulture));
        }
        finally
        {
            this.sys.Call(Native.NrClose, fd);
        }
    }

    /* fdinfo as the actor reads it through a procfs instance of its own pid namespace (as a task that mounted /proc) */
    private FdinfoResult ActorFdinfo(int fd)
    {
        var proc = this.actor!.ProcFd(this.sys);
        var f = this.sys.Call(Native.NrOpenat, proc, SysArg.Str($"self/fdinfo/{fd.ToString(CultureInfo.InvariantCulture)}"), 0, 0);
        if (f < 0)
        {
            return new FdinfoResult((int)-f, null, []);
        }

        try
        {
            var text = new StringBuilder();
            var buf = new byte[4096];
            long n;
            while ((n = this.sys.Call(Native.NrRead, f, buf, buf.Length)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buf, 0, (int)n));
            }

            return FdinfoResult.Parse(text.ToString());
        }
        finally
        {
            this.sys.Call(Native.NrClose, f);
        }
    }
}
