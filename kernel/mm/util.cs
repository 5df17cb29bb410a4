// SPDX-License-Identifier: GPL-2.0-only

//
// mm/util.c: copying from user space into kernel memory. A byte[] stands for
// the user buffer; one shorter than the length asked for is the fault
// copy_from_user would take.
namespace Linux;

/// <summary>mm/util.c.</summary>
public sealed partial class vmlinux
{
    /// <summary>
    /// vmemdup_user: a kvmalloc'd copy of <paramref name="len"/> bytes of <paramref name="src"/>;
    /// ERR_PTR(-ENOMEM) when the memory cannot be had, ERR_PTR(-EFAULT) when the source is short.
    /// The caller kvfree()s it.
    /// </summary>
    /// <param name="src">The user buffer.</param>
    /// <param name="len">How many bytes.</param>
    /// <returns>The copy, or ERR_PTR.</returns>
    public byte[] vmemdup_user(byte[]? src, int len)
    {
        var p = this.kvmalloc_array(GFP_USER, () => new byte[len]);
        if (p == null)
            return ERR_PTR<byte[]>(-errno.ENOMEM);

        /* copy_from_user */
        if (src == null || src.Length < len)
        {
            this.kvfree(p);
            return ERR_PTR<byte[]>(-errno.EFAULT);
        }

        System.Array.Copy(src, p, len);
        return p;
    }
}
