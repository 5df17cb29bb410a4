// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Kpidfs.Host;

/// <summary>
/// clone3 for the host backend. The .NET runtime is multithreaded, so the child of a raw clone3 must not
/// run managed code: a 119-byte x86_64 routine makes the call, and in the child goes straight on to dup2
/// the command pipes onto 0 and 1, clear the signal mask and execve the child helper (or exit_group(0)
/// at once when no program is given, for `fork_reap`). Nothing else runs in the child before execve.
/// </summary>
internal static unsafe class HostClone
{
    /// <summary>CLONE_ARGS_SIZE_VER2 (include/uapi/linux/sched.h).</summary>
    public const int CloneArgsSize = 88;

    /*
     * The routine, assembled from (AT&T syntax; rdi points at a block of eight 64-bit words:
     * clone_args*, size, path*, argv**, envp**, cmd fd, reply fd, empty sigset*):
     *   push %r12; mov %rdi,%r12; mov (%r12),%rdi; mov 8(%r12),%rsi; mov $435,%eax; syscall   (clone3)
     *   test %rax,%rax; jz child; pop %r12; ret                                               (parent: rax)
     * child:
     *   mov 40(%r12),%rdi; xor %esi,%esi; mov $33,%eax; syscall                                (dup2 cmd, 0)
     *   mov 48(%r12),%rdi; mov $1,%esi; mov $33,%eax; syscall                                  (dup2 reply, 1)
     *   mov $2,%edi; mov 56(%r12),%rsi; xor %edx,%edx; mov $8,%r10d; mov $14,%eax; syscall     (rt_sigprocmask)
     *   mov 16(%r12),%rdi; mov 24(%r12),%rsi; mov 32(%r12),%rdx; mov $59,%eax; syscall         (execve)
     *   mov $127,%edi; mov $231,%eax; syscall                                                  (exit_group)
     * With path NULL, execve fails with EFAULT before anything else happens and the child exits 127;
     * fork_reap passes a NULL path and counts that exit as the child's.
     */
    private static readonly byte[] Code =
    [
        0x41, 0x54, 0x49, 0x89, 0xfc, 0x49, 0x8b, 0x3c, 0x24, 0x49, 0x8b, 0x74,
        0x24, 0x08, 0xb8, 0xb3, 0x01, 0x00, 0x00, 0x0f, 0x05, 0x48, 0x85, 0xc0,
        0x74, 0x03, 0x41, 0x5c, 0xc3, 0x49, 0x8b, 0x7c, 0x24, 0x28, 0x31, 0xf6,
        0xb8, 0x21, 0x00, 0x00, 0x00, 0x0f, 0x05, 0x49, 0x8b, 0x7c, 0x24, 0x30,
        0xbe, 0x01, 0x00, 0x00, 0x00, 0xb8, 0x21, 0x00, 0x00, 0x00, 0x0f, 0x05,
        0xbf, 0x02, 0x00, 0x00, 0x00, 0x49, 0x8b, 0x74, 0x24, 0x38, 0x31, 0xd2,
        0x41, 0xba, 0x08, 0x00, 0x00, 0x00, 0xb8, 0x0e, 0x00, 0x00, 0x00, 0x0f,
        0x05, 0x49, 0x8b, 0x7c, 0x24, 0x10, 0x49, 0x8b, 0x74, 0x24, 0x18, 0x49,
        0x8b, 0x54, 0x24, 0x20, 0xb8, 0x3b, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xbf,
        0x7f, 0x00, 0x00, 0x00, 0xb8, 0xe7, 0x00, 0x00, 0x00, 0x0f, 0x05,
    ];

    private static readonly Lazy<nint> Routine = new(Map);

    /// <summary>clone3 whose child execs the child helper with <paramref name="cmdFd"/> and <paramref name="replyFd"/> as its stdin and stdout.</summary>
    /// <param name="flags">clone_args.flags.</param>
    /// <param name="exitSignal">clone_args.exit_signal.</param>
    /// <param name="setTid">The set_tid array, or null for NULL.</param>
    /// <param name="setTidSize">clone_args.set_tid_size.</param>
    /// <param name="cmdFd">The fd the child reads commands from, or -1 for a child that exits at once.</param>
    /// <param name="replyFd">The fd the child answers on.</param>
    /// <param name="pidfd">The CLONE_PIDFD fd (when asked for).</param>
    /// <returns>The child's pid in the caller's namespace, or -errno.</returns>
    public static long Clone3(ulong flags, ulong exitSignal, IReadOnlyList<int>? setTid, ulong setTidSize, int cmdFd, int replyFd, out int pidfd)
    {
        var strings = new List<nint>();
        var pidfdBox = (int*)NativeMemory.AllocZeroed(8);
        var tids = setTid == null ? null : (int*)NativeMemory.AllocZeroed((nuint)Math.Max(1, setTid.Count) * 4);
        var args = (byte*)NativeMemory.AllocZeroed(CloneArgsSize);
        var block = (long*)NativeMemory.AllocZeroed(8 * 8);
        var mask = NativeMemory.AllocZeroed(16);
        try
        {
            for (var i = 0; setTid != null && i < setTid.Count; i++)
            {
                tids[i] = setTid[i];
            }

            var a = new Span<byte>(args, CloneArgsSize);
            BinaryPrimitives.WriteUInt64LittleEndian(a, flags);
            BinaryPrimitives.WriteUInt64LittleEndian(a[8..], (ulong)pidfdBox);
            BinaryPrimitives.WriteUInt64LittleEndian(a[32..], exitSignal);
            BinaryPrimitives.WriteUInt64LittleEndian(a[64..], (ulong)tids);
            BinaryPrimitives.WriteUInt64LittleEndian(a[72..], setTidSize);
            block[0] = (long)args;
            block[1] = CloneArgsSize;
            if (cmdFd >= 0)
            {
                var (path, argv) = HostChild.CommandLine();
                block[2] = Marshal.StringToCoTaskMemUTF8(path);
                strings.Add((nint)block[2]);
                fixed (nint* av = HostChild.Strings(argv, strings), ev = HostChild.Strings(HostChild.Environment(), strings))
                {
                    block[3] = (long)av;
                    block[4] = (long)ev;
                    return Finish(block, cmdFd, replyFd, mask, pidfdBox, out pidfd);
                }
            }

            return Finish(block, cmdFd, replyFd, mask, pidfdBox, out pidfd);
        }
        finally
        {
            strings.ForEach(Marshal.FreeCoTaskMem);
            NativeMemory.Free(pidfdBox);
            NativeMemory.Free(tids);
            NativeMemory.Free(args);
            NativeMemory.Free(block);
            NativeMemory.Free(mask);
        }
    }

    /// <summary>`fork_reap`: a child that exits at once, reaped with waitid(P_PID).</summary>
    /// <returns>0, or -errno of the clone3 or the waitid.</returns>
    public static long ForkReap()
    {
        var pid = Clone3(0, 17 /* SIGCHLD */, null, 0, -1, -1, out _);
        if (pid < 0)
        {
            return pid;
        }

        var si = new byte[128];
        return Native.Waitid(Native.PPid, (int)pid, si, Native.WExited) < 0 ? -Native.Errno() : 0;
    }

    private static long Finish(long* block, int cmdFd, int replyFd, void* mask, int* pidfdBox, out int pidfd)
    {
        block[5] = cmdFd;
        block[6] = replyFd;
        block[7] = (long)mask;
        var r = ((delegate* unmanaged<long*, long>)Routine.Value)(block);
        pidfd = *pidfdBox;
        return r;
    }

    private static nint Map()
    {
        const int protRead = 1, protWrite = 2, protExec = 4, mapPrivate = 2, mapAnonymous = 0x20;
        var p = Native.Mmap(0, (nuint)Code.Length, protRead | protWrite, mapPrivate | mapAnonymous, -1, 0);
        if (p == -1)
        {
            throw new InvalidOperationException("mmap of the clone3 routine failed: errno " + Native.Errno());
        }

        Marshal.Copy(Code, 0, p, Code.Length);
        if (Native.Mprotect(p, (nuint)Code.Length, protRead | protExec) != 0)
        {
            throw new InvalidOperationException("mprotect of the clone3 routine failed: errno " + Native.Errno());
        }

        return p;
    }
}
