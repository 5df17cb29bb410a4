// SPDX-License-Identifier: GPL-2.0-only

// include/linux/uaccess.h for the model's user memory. A user pointer is an
// object: a byte[] (or int[] for an int-sized argument) is mapped memory of
// that size, null is NULL, and anything else, or a buffer too small, is an
// address that faults (EFAULT), like (void *)1 on the host.
using System;
using System.Buffers.Binary;

namespace Linux;

/// <summary>User memory access.</summary>
public sealed partial class vmlinux
{
    /// <summary>copy_from_user: returns the number of bytes not copied (0 on success).</summary>
    /// <param name="to">Kernel buffer.</param>
    /// <param name="from">User pointer.</param>
    /// <param name="n">Bytes.</param>
    /// <returns>0, or n when the user memory faults.</returns>
    public static int copy_from_user(byte[] to, object? from, int n) => copy_from_user(to.AsSpan(), from, n);

    /// <summary>copy_from_user into a kernel buffer on the stack: returns the number of bytes not copied (0 on success).</summary>
    /// <param name="to">Kernel buffer.</param>
    /// <param name="from">User pointer.</param>
    /// <param name="n">Bytes.</param>
    /// <returns>0, or n when the user memory faults.</returns>
    public static int copy_from_user(Span<byte> to, object? from, int n)
    {
        if (from is not byte[] src || src.Length < n)
            return n;
        src.AsSpan(0, n).CopyTo(to);
        return 0;
    }

    /// <summary>copy_to_user: returns the number of bytes not copied (0 on success).</summary>
    /// <param name="to">User pointer.</param>
    /// <param name="from">Kernel buffer.</param>
    /// <param name="n">Bytes.</param>
    /// <returns>0, or n when the user memory faults.</returns>
    public static int copy_to_user(object? to, byte[] from, int n)
    {
        if (to is not byte[] dst || dst.Length < n)
            return n;
        Array.Copy(from, dst, n);
        return 0;
    }

    /// <summary>put_user of a u32.</summary>
    /// <param name="val">The value.</param>
    /// <param name="ptr">User pointer.</param>
    /// <returns>0 or -EFAULT.</returns>
    public static int put_user(uint val, object? ptr)
    {
        switch (ptr)
        {
            case int[] a when a.Length >= 1:
                a[0] = (int)val;
                return 0;
            case uint[] u when u.Length >= 1:
                u[0] = val;
                return 0;
            case byte[] b when b.Length >= 4:
                BinaryPrimitives.WriteUInt32LittleEndian(b, val);
                return 0;
            default:
                return -errno.EFAULT;
        }
    }

    /// <summary>
    /// copy_struct_to_user: copies an extensible struct. A shorter user struct gets a
    /// prefix; a longer one gets the kernel struct and zeroes after it.
    /// </summary>
    /// <param name="dst">User pointer.</param>
    /// <param name="usize">User struct size.</param>
    /// <param name="src">Kernel struct.</param>
    /// <param name="ksize">Kernel struct size.</param>
    /// <param name="ignored_trailing">Set when a shorter user struct dropped nonzero kernel bytes (NULL: not reported).</param>
    /// <returns>0 or -EFAULT.</returns>
    public static int copy_struct_to_user(object? dst, int usize, ReadOnlySpan<byte> src, int ksize, bool[]? ignored_trailing)
    {
        var size = Math.Min(ksize, usize);
        var rest = Math.Max(ksize, usize) - size;

        if (ignored_trailing != null)
        {
            var nonzero = false;
            for (var i = size; i < ksize; i++)
                nonzero |= src[i] != 0;
            ignored_trailing[0] = ksize > usize && nonzero;
        }

        if (dst is not byte[] u || u.Length < usize)
            return -errno.EFAULT;

        /* deal with trailing bytes the user knows and we do not */
        if (usize > ksize)
            Array.Clear(u, size, rest);

        src[..size].CopyTo(u);
        return 0;
    }
}
