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

    /*
     * FD_ADD: FD_PREPARE followed by fd_publish. The descriptor is reserved
     * first and the file is made only once that succeeded (FD_PREPARE
     * evaluates its file expression after get_unused_fd_flags), so a full
     * table fails with -EMFILE before any file exists. A file error gives
     * the descriptor back, as the fd_prepare class's cleanup does. The
     * delegate stands for the macro's unevaluated file expression, and args
     * for the variables that expression uses (a static lambda takes them as
     * arguments: a capturing one would allocate a closure on every call);
     * the file it returns is owned, and fd_install takes that reference.
     */
    public int FD_ADD<TArgs>(int fd_flags, Func<vmlinux, TArgs, @file> file_owned, TArgs args)
    {
        var fd = this.get_unused_fd_flags(fd_flags);
        if (fd < 0)
            return fd;

        var file = file_owned(this, args);
        if (IS_ERR(file))
        {
            this.put_unused_fd((uint)fd);
            return (int)PTR_ERR(file);
        }

        this.fd_install((uint)fd, file);
        return fd; /* fd_publish: take_fd */
    }
}
