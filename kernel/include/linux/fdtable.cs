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

    /*
     * fd, open_fds, close_on_exec and full_fds_bits point at storage the table does not own, as
     * upstream's pointers do: alloc_fdtable's two allocations (the slots, and one array holding the
     * three bitmaps side by side), or, for a files_struct's first table (fdtab), that files_struct's
     * fd_array and its three *_init words. fd_base and bitmap_base are that storage.
     */
    internal object fd_base = null!;
    internal object bitmap_base = null!;

    public fd_slots fd => new(this.fd_base is @file?[] slots ? slots : ((files_struct)this.fd_base).fd_array);

    public System.Span<ulong> open_fds => this.bitmap_base is ulong[] data
        ? new(data, 0, vmlinux.fd_bitmap_words(this.max_fds))
        : System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref ((files_struct)this.bitmap_base).open_fds_init, 1);

    public System.Span<ulong> close_on_exec => this.bitmap_base is ulong[] data
        ? new(data, vmlinux.fd_bitmap_words(this.max_fds), vmlinux.fd_bitmap_words(this.max_fds))
        : System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref ((files_struct)this.bitmap_base).close_on_exec_init, 1);

    public System.Span<ulong> full_fds_bits => this.bitmap_base is ulong[] data
        ? System.MemoryExtensions.AsSpan(data, 2 * vmlinux.fd_bitmap_words(this.max_fds))
        : System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref ((files_struct)this.bitmap_base).full_fds_bits_init, 1);

    public rcu_head rcu => new(this);
}

/// <summary>A table's <c>struct file __rcu **fd</c>: its slots, indexed as the C array is (by int or unsigned descriptor).</summary>
public readonly ref struct fd_slots
{
    private readonly System.Span<@file?> span;

    /// <summary>Initializes a new instance of the <see cref="fd_slots"/> struct.</summary>
    /// <param name="span">The slots.</param>
    public fd_slots(System.Span<@file?> span) => this.span = span;

    /// <summary>Gets max_fds.</summary>
    public int Length => this.span.Length;

    /// <summary>Gets the slots as a span.</summary>
    public System.Span<@file?> Span => this.span;

    /// <summary>Gets fd[i].</summary>
    /// <param name="i">The descriptor.</param>
    /// <returns>Its slot.</returns>
    public ref @file? this[int i] => ref this.span[i];

    /// <summary>Gets fd[i].</summary>
    /// <param name="i">The descriptor.</param>
    /// <returns>Its slot.</returns>
    public ref @file? this[uint i] => ref this.span[(int)i];

    /// <summary>Enumerates the slots, descriptor 0 first.</summary>
    /// <returns>The enumerator.</returns>
    public System.Span<@file?>.Enumerator GetEnumerator() => this.span.GetEnumerator();
}

/// <summary>files_struct's <c>struct file __rcu *fd_array[NR_OPEN_DEFAULT]</c>, inside the files_struct.</summary>
[System.Runtime.CompilerServices.InlineArray(vmlinux.NR_OPEN_DEFAULT)]
public struct files_fd_array
{
    private @file? fd;
}

/// <summary>struct files_struct.</summary>
/// <remarks>
/// resize_wait, embedded upstream, is the structure itself (C# gives an embedded wait queue head no
/// identity of its own; a wait queue head is its own lock, wait.cs); <see cref="resize_wait"/> names it.
/// The first table's slots and bitmap words are inside the structure, as upstream's; its struct fdtable
/// (fdtab) is an object of its own, because fdt, a reference, has to be able to name it.
/// </remarks>
public sealed class files_struct : wait_queue_head_t
{
    public files_struct()
        : base("&newf->resize_wait")
    {
        /* dup_fd's setup of the embedded table: fd_array and the *_init words */
        this.fdtab = new fdtable
        {
            max_fds = vmlinux.NR_OPEN_DEFAULT,
            fd_base = this,
            bitmap_base = this,
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

    /* fdtab's three bitmaps, a word each (upstream's unsigned long x_init[1]: NR_OPEN_DEFAULT bits), and its slots */
    internal ulong close_on_exec_init;
    internal ulong open_fds_init;
    internal ulong full_fds_bits_init;
    internal files_fd_array fd_array;
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
