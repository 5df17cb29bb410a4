// SPDX-License-Identifier: GPL-2.0-only

using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// pidfs identities: one 64-bit counter for every struct pid, starting at 2 (pid 1 gets 2,
/// kthreadd 3, as on the host). On 32-bit, i_ino is the low half and i_generation the high
/// half, and crossing 2^32 skips inode numbers 0 and 1. The counter is moved near 2^32 by the
/// test; the numbering itself is the ported pidfs_add_pid.
/// </summary>
public sealed class PidfsInoTests : KernelTest
{
    /// <summary>Every new pid (process or thread) takes the next number; numbers are never reused.</summary>
    [Fact]
    public void OneNumberPerStructPidNeverReused()
    {
        var a = this.Fork(this.Shell, "a");
        var t = this.K.spawn_thread(a, "t");
        var ia = vmlinux.task_pid(a)!.ino;
        Assert.Equal(ia + 1, vmlinux.task_pid(t)!.ino);
        this.Exit(a, 0);
        this.Reap(a);
        var b = this.Fork(this.Shell, "b");
        Assert.Equal(ia + 2, vmlinux.task_pid(b)!.ino);
    }

    /// <summary>Crossing 2^32: on 32-bit the counter skips so i_ino is never 0 or 1; on 64-bit nothing special happens.</summary>
    [Fact]
    public void WrapAt32Bits()
    {
        this.K.pidfs_ino_nr = 0xFFFF_FFFEUL;
        var inos = new ulong[3];
        for (var i = 0; i < 3; i++)
        {
            inos[i] = vmlinux.task_pid(this.Fork(this.Shell, "c" + i))!.ino;
        }

#if CONFIG_64BIT
        Assert.Equal(new[] { 0xFFFF_FFFEUL, 0xFFFF_FFFFUL, 0x1_0000_0000UL }, inos);
        Assert.Equal(0x1_0000_0000UL, vmlinux.pidfs_ino(inos[2]));
        Assert.Equal(0u, vmlinux.pidfs_gen(inos[2]));
#else
        Assert.Equal(new[] { 0xFFFF_FFFEUL, 0xFFFF_FFFFUL, 0x1_0000_0002UL }, inos);
        Assert.Equal(2UL, vmlinux.pidfs_ino(inos[2]));
        Assert.Equal(1u, vmlinux.pidfs_gen(inos[2]));
        Assert.Equal(0xFFFF_FFFFUL, vmlinux.pidfs_ino(inos[1]));
        Assert.Equal(0u, vmlinux.pidfs_gen(inos[1]));
#endif
    }
}
