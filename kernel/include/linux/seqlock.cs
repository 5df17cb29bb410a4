// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/seqlock.h: seqcount_spinlock_t, a sequence counter whose
// writers are serialised by an associated spinlock (checked: a write
// section without that lock held warns). Readers never block; they retry
// when a writer ran meanwhile.
using System.Threading;

namespace Linux;

/// <summary>seqcount_spinlock_t.</summary>
public sealed class seqcount_spinlock_t : lockdep_map
{
    internal int sequence;

    /// <summary>Initializes a new instance of the <see cref="seqcount_spinlock_t"/> class (seqcount_spinlock_init).</summary>
    /// <param name="name">The lock class name.</param>
    /// <param name="lock">The spinlock that serialises writers.</param>
    /// <param name="file">The initialisation site (the lock_class_key).</param>
    /// <param name="line">Its line.</param>
    public seqcount_spinlock_t(string name, spinlock_t @lock, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
        : base(name, lockdep_wait_type.LD_WAIT_INV, file, line) => this.@lock = @lock;

    /// <summary>Gets the associated spinlock.</summary>
    public spinlock_t @lock { get; }
}

/// <summary>seqcount operations.</summary>
public sealed partial class vmlinux
{
    /// <summary>write_seqcount_begin: the associated lock must be held.</summary>
    /// <param name="s">The sequence counter.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("s")]
    public void write_seqcount_begin(seqcount_spinlock_t s, [System.Runtime.CompilerServices.CallerMemberName] string caller = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0, [System.Runtime.CompilerServices.CallerFilePath] string file = "")
    {
        this.lockdep_assert_held(s.@lock);
        this.lock_acquire(s, false, caller, line, file: file);
        Interlocked.Increment(ref s.sequence);
    }

    /// <summary>write_seqcount_end.</summary>
    /// <param name="s">The sequence counter.</param>
    [__release("s")]
    public void write_seqcount_end(seqcount_spinlock_t s)
    {
        Interlocked.Increment(ref s.sequence);
        this.lock_release(s, "write_seqcount_end", 0);
    }

    /// <summary>read_seqcount_begin: waits out a writer in progress and returns the sequence.</summary>
    /// <param name="s">The sequence counter.</param>
    /// <returns>The sequence to pass to read_seqcount_retry.</returns>
    public static uint read_seqcount_begin(seqcount_spinlock_t s)
    {
        var spin = default(SpinWait);
        while (true)
        {
            var seq = Volatile.Read(ref s.sequence);
            if ((seq & 1) == 0)
                return (uint)seq;
            spin.SpinOnce();
        }
    }

    /// <summary>raw_seqcount_begin: the sequence with the writer bit cleared, without waiting.</summary>
    /// <param name="s">The sequence counter.</param>
    /// <returns>The sequence.</returns>
    public static uint raw_seqcount_begin(seqcount_spinlock_t s) => (uint)(Volatile.Read(ref s.sequence) & ~1);

    /// <summary>read_seqcount_retry: did a writer run since <paramref name="start"/>?</summary>
    /// <param name="s">The sequence counter.</param>
    /// <param name="start">What read_seqcount_begin returned.</param>
    /// <returns>True when the read must be retried.</returns>
    public static bool read_seqcount_retry(seqcount_spinlock_t s, uint start) => (uint)Volatile.Read(ref s.sequence) != start;
}
