// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/file.h: struct fd, a file looked up by descriptor for the
// length of a system call. fdget() borrows the table's reference when the
// table is not shared and takes one otherwise; fdput() undoes whichever was
// done. In the port `using var f = fdget(fd);` is CLASS(fd, f)(fd).
using System;

namespace Linux;

/// <summary>struct fd.</summary>
public struct fd : IDisposable
{
    internal vmlinux? kernel;
    internal @file? file;
    internal bool needs_put;

    /// <summary>fdput: drops the reference fdget took, if it took one.</summary>
    public void Dispose()
    {
        if (this.needs_put && this.file != null)
            this.kernel!.fput(this.file);
        this.file = null;
        this.needs_put = false;
    }
}

/// <summary>file.h.</summary>
public sealed partial class vmlinux
{
    public static @file? fd_file(in fd f) => f.file;

    public static bool fd_empty(in fd f) => f.file == null;

    public static void fdput(ref fd f) => f.Dispose();
}
