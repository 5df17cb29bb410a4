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

    /*
     * open_fds, close_on_exec and full_fds_bits are one allocation, as alloc_fdtable makes them (and
     * as a files_struct embeds its first table's three words side by side): bitmap_data holds the
     * three, and each is a view of its part.
     */
    internal ulong[] bitmap_data = System.Array.Empty<ulong>();

    public System.Span<ulong> open_fds => new(this.bitmap_data, 0, vmlinux.fd_bitmap_words(this.max_fds));

    public System.Span<ulong> close_on_exec => new(this.bitmap_data, vmlinux.fd_bitmap_words(this.max_fds), vmlinux.fd_bitmap_words(this.max_fds));

    public System.Span<ulong> full_fds_bits => System.MemoryExtensions.AsSpan(this.bitmap_data, 2 * vmlinux.fd_bitmap_words(this.max_fds));

    public rcu_head rcu => new(this);
}

/// <summary>struct files_struct.</summary>
/// <remarks>
/// resize_wait, embedded upstream, is the structure itself (C# gives an embedded wait queue head no
/// identity of its own; a wait queue head is its own lock, wait.cs); <see cref="resize_wait"/> names it.
/// </remarks>
public sealed class files_struct : wait_queue_head_t
{
    public files_struct()
        : base("&newf->resize_wait")
    {
        this.fdtab = new fdtable
        {
            max_fds = vmlinux.NR_OPEN_DEFAULT,
            fd = new @file?[vmlinux.NR_OPEN_DEFAULT],

            /* open_fds_init, close_on_exec_init and full_fds_bits_init */
            bitmap_data = new ulong[vmlinux.fd_bitmaps_size(vmlinux.NR_OPEN_DEFAULT)],
        };
        this.fdt = this.fdtab;
    }

    public int count = 1;
    public bool resize_in_progress;
    public wait_queue_head_t resize_wait => this;

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

    /* the 64-bit words of an open_fds or close_on_exec bitmap for max_fds descriptors */
    public static int fd_bitmap_words(uint max_fds) => (int)((max_fds + 63) / 64);

    /* the words of all three bitmaps: two of fd_bitmap_words, and full_fds_bits (BITBIT_SIZE: a bit per long of open_fds) */
    public static int fd_bitmaps_size(uint max_fds) => (2 * fd_bitmap_words(max_fds)) + (int)((max_fds / BITS_PER_LONG) + 63) / 64;

    public static bool fd_is_open(uint fd, fdtable fdt) => test_bit(fd, fdt.open_fds);

    public static bool close_on_exec(uint fd, files_struct files) => test_bit(fd, files_fdtable(files).close_on_exec);

    /* the bitmap helpers of include/linux/bitops.h the table needs */
    public static bool test_bit(uint nr, System.ReadOnlySpan<ulong> addr) => nr / 64 < addr.Length && (addr[(int)(nr / 64)] & (1UL << (int)(nr % 64))) != 0;

    public static void __set_bit(uint nr, System.Span<ulong> addr) => addr[(int)(nr / 64)] |= 1UL << (int)(nr % 64);

    public static void __clear_bit(uint nr, System.Span<ulong> addr) => addr[(int)(nr / 64)] &= ~(1UL << (int)(nr % 64));

    public static uint find_next_zero_bit(System.ReadOnlySpan<ulong> addr, uint size, uint offset)
    {
        for (var i = offset; i < size; i++)
        {
            if (!test_bit(i, addr))
                return i;
        }

        return size;
    }

    public static uint find_last_bit(System.ReadOnlySpan<ulong> addr, uint size)
    {
        for (var i = size; i-- > 0;)
        {
            if (test_bit(i, addr))
                return i;
        }

        return size;
    }
}
