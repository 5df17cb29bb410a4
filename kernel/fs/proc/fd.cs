// SPDX-License-Identifier: GPL-2.0-only

// fs/proc/fd.c: /proc/<pid>/fdinfo/<fd>. The generic lines (pos, flags,
// mnt_id, ino) come first, then the file's own ->show_fdinfo. The procfs
// instance a reader opened decides which pid namespace the numbers are
// shown in (proc_pid_ns); the model passes that namespace with the read.
using System.Globalization;

namespace Linux;

/// <summary>fs/proc/fd.c.</summary>
public sealed partial class vmlinux
{
    /// <summary>proc_pid_ns: the pid namespace of the procfs instance behind this seq_file.</summary>
    /// <param name="m">The seq_file of the fdinfo read.</param>
    /// <returns>The namespace.</returns>
    public static pid_namespace proc_pid_ns(seq_file m) => (pid_namespace)m.@private!;

    /// <summary>
    /// Reads /proc/&lt;task&gt;/fdinfo/&lt;fd&gt; through a procfs instance of <paramref name="proc_ns"/>
    /// (default: the initial pid namespace, the host's /proc).
    /// </summary>
    /// <param name="task">Whose fd table.</param>
    /// <param name="fd">The fd.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="proc_ns">The procfs instance's pid namespace.</param>
    /// <returns>0, or -ENOENT when the fd is not open.</returns>
    public int proc_fdinfo_read(task_struct task, int fd, out string text, pid_namespace? proc_ns = null)
    {
        text = string.Empty;
        var file = this.fget_task(task, (uint)fd);
        if (file == null)
            return -errno.ENOENT;

        try
        {
            var m = new seq_file { @private = proc_ns ?? this.init_pid_ns };
            var f_flags = READ_ONCE(ref file.f_flags);
            if (this.close_on_exec_of(task, fd))
                f_flags |= O_CLOEXEC;
            seq_puts(m, "pos:\t" + file.f_pos.ToString(CultureInfo.InvariantCulture) + "\n");
            seq_puts(m, "flags:\t0" + System.Convert.ToString((int)f_flags, 8) + "\n");
            seq_puts(m, "mnt_id:\t" + real_mount(file.f_path.mnt!).mnt_id.ToString(CultureInfo.InvariantCulture) + "\n");
            seq_puts(m, "ino:\t" + file_inode(file).i_ino.ToString(CultureInfo.InvariantCulture) + "\n");
            file.f_op.show_fdinfo?.Invoke(m, file);
            text = m.buf.ToString();
            return 0;
        }
        finally
        {
            this.fput(file);
        }
    }

    private bool close_on_exec_of(task_struct task, int fd)
    {
        using var _ = this.guard_task_lock(task);
        var files = task.files;
        if (files == null)
            return false;
        using var __ = this.guard_spinlock(files.file_lock);
        var fdt = files.fdt;
        return fd >= 0 && (uint)fd < fdt.max_fds && test_bit((uint)fd, fdt.close_on_exec);
    }
}
