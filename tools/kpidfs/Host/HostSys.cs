// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Runtime.InteropServices;

namespace Kpidfs.Host;

/// <summary>
/// Raw system calls made by one process of a host scenario: shell itself (<see cref="Local"/>), or a child
/// process on behalf of `as P:` lines (<see cref="RemoteSys"/>). A call is a syscall number and arguments,
/// each a number or a flat buffer the kernel may read and write; the return is the kernel's (a value, or
/// -errno), so one path serves every verb and both kinds of caller.
/// </summary>
internal abstract class HostSys
{
    /// <summary>Gets the calls made by this process itself.</summary>
    public static HostSys Local { get; } = new LocalSys();

    /// <summary>Makes a raw syscall in this process (also used by the child helper to serve a remote call).</summary>
    /// <param name="nr">The syscall number.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The return value or -errno.</returns>
    public static long Invoke(long nr, SysArg[] args)
    {
        if (args.Length > 6)
        {
            throw new ArgumentException("a system call takes at most six arguments", nameof(args));
        }

        var pins = new GCHandle[args.Length];
        var values = new long[6];
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i].Buffer is { } b)
                {
                    pins[i] = GCHandle.Alloc(b, GCHandleType.Pinned);
                    values[i] = pins[i].AddrOfPinnedObject();
                }
                else
                {
                    values[i] = args[i].Value;
                }
            }

            var r = Native.Syscall6(nr, values[0], values[1], values[2], values[3], values[4], values[5]);
            return r < 0 ? -Native.Errno() : r;
        }
        finally
        {
            foreach (var p in pins)
            {
                if (p.IsAllocated)
                {
                    p.Free();
                }
            }
        }
    }

    /// <summary>Makes one raw system call.</summary>
    /// <param name="nr">The x86_64 syscall number.</param>
    /// <param name="args">Up to six arguments.</param>
    /// <returns>The kernel's return value, or -errno.</returns>
    public abstract long Call(long nr, params SysArg[] args);

    /// <summary>The calls of this process: buffers are pinned for the call and the raw syscall is made.</summary>
    private sealed class LocalSys : HostSys
    {
        public override long Call(long nr, params SysArg[] args) => Invoke(nr, args);
    }
}
