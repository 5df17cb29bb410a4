// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/fdtable.h: a task's table of open files. The table itself
// (struct fdtable) is replaced as a whole when it grows, so lockless
// readers (fget under RCU) always see a consistent array and bitmaps;
// writers hold files->file_lock. A new files_struct starts with the small
// table embedded in it (NR_OPEN_DEFAULT slots).
namespace Linux;

/// <summary>struct fdtable.</summary>
public sealed class fdtable
{
    public uint max_fds;
    public @file?[] fd = System.Array.Empty<@file?>();
    public ulong[] close_on_exec = System.Array.Empty<ulong>();
    public ulong[] open_fds = System.Array.Empty<ulong>();
    public ulong[] full_fds_bits = System.Array.Empty<ulong>();
    public rcu_head rcu => new(this);
}

/// <summary>struct files_struct.</summary>
public sealed class files_struct
{
    public files_struct()
    {
        this.fdtab = new fdtable
        {
            max_fds = vmlinux.NR_OPEN_DEFAULT,
            fd = new @file?[vmlinux.NR_OPEN_DEFAULT],
            close_on_exec = new ulong[1],
            open_fds = new ulong[1],
            full_fds_bits = new ulong[1],
        };
        this.fdt = this.fdtab;
    }

    public int count = 1;
    public bool resize_in_progress;
    public wait_queue_head_t resize_wait = new("&newf->resize_wait");

    /* the current table, published with rcu_assign_pointer */
    public fdtable fdt;
    public fdtable fdtab;

    [__lock_class("files_struct.file_lock")]
    public spinlock_t file_lock = new("&newf->file_lock");
    [__guarded_by("file_lock")]
    public uint next_fd;
}

/// <summary>task_struct gets its open files.</summary>
public sealed partial class task_struct
{
    /* open file information; protected by task_lock for readers of other tasks */
    public files_struct? files;
}

/// <summary>fdtable.h.</summary>
public sealed partial class vmlinux
{
    public const int NR_OPEN_DEFAULT = BITS_PER_LONG;

    /* files_fdtable: the current table of a files_struct */
    public static fdtable files_fdtable(files_struct files) => READ_ONCE(ref files.fdt);

    public static bool fd_is_open(uint fd, fdtable fdt) => test_bit(fd, fdt.open_fds);

    public static bool close_on_exec(uint fd, files_struct files) => test_bit(fd, files_fdtable(files).close_on_exec);

    /* the bitmap helpers of include/linux/bitops.h the table needs */
    public static bool test_bit(uint nr, ulong[] addr) => nr / 64 < addr.Length && (addr[nr / 64] & (1UL << (int)(nr % 64))) != 0;

    public static void __set_bit(uint nr, ulong[] addr) => addr[nr / 64] |= 1UL << (int)(nr % 64);

    public static void __clear_bit(uint nr, ulong[] addr) => addr[nr / 64] &= ~(1UL << (int)(nr % 64));

    public static uint find_next_zero_bit(ulong[] addr, uint size, uint offset)
    {
        for (var i = offset; i < size; i++)
        {
            if (!test_bit(i, addr))
                return i;
        }

        return size;
    }

    public static uint find_last_bit(ulong[] addr, uint size)
    {
        for (var i = size; i-- > 0;)
        {
            if (test_bit(i, addr))
                return i;
        }

        return size;
    }
}
