// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/rwsem.h: the read-write semaphore, a sleeping lock that many
// readers or one writer hold. The _killable forms give up with -EINTR when a
// fatal signal is pending for the waiter, which is how a caller blocked behind
// an exec (exec_update_lock) can still be killed.
using System.Runtime.CompilerServices;
using System.Threading;

namespace Linux;

/// <summary>struct rw_semaphore.</summary>
[__might_sleep]
public sealed class rw_semaphore : lockdep_map
{
    /// <summary>-1: a writer holds it; n &gt; 0: n readers hold it.</summary>
    internal int count;

    /// <summary>Initializes a new instance of the <see cref="rw_semaphore"/> class (init_rwsem / DECLARE_RWSEM).</summary>
    /// <param name="name">The lock class name.</param>
    /// <param name="file">The initialisation site (the lock_class_key).</param>
    /// <param name="line">Its line.</param>
    public rw_semaphore(string name, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        : base(name, lockdep_wait_type.LD_WAIT_SLEEP, file, line)
    {
    }
}

/// <summary>rw_semaphore operations.</summary>
public sealed partial class vmlinux
{
    /// <summary>down_read: sleeps until no writer holds the semaphore.</summary>
    /// <param name="sem">The semaphore.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("read:sem")]
    [__might_sleep]
    public void down_read(rw_semaphore sem, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.might_sleep(caller, line, file);
        this.lock_acquire(sem, true, caller, line, file: file);
        var spin = default(SpinWait);
        while (!down_read_trylock_raw(sem))
            spin.SpinOnce();
    }

    /// <summary>down_read_killable: down_read, or -EINTR once a fatal signal is pending.</summary>
    /// <param name="sem">The semaphore.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    /// <returns>0 with the semaphore held for read, or -EINTR without it.</returns>
    [__cond_acquire(false, "read:sem")]
    [__might_sleep]
    public int down_read_killable(rw_semaphore sem, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.might_sleep(caller, line, file);
        this.lock_acquire(sem, true, caller, line, file: file);
        var spin = default(SpinWait);
        while (!down_read_trylock_raw(sem))
        {
            if (fatal_signal_pending(this.current))
            {
                this.lock_release(sem, caller, line, file);
                return -errno.EINTR;
            }

            spin.SpinOnce();
        }

        return 0;
    }

    /// <summary>up_read.</summary>
    /// <param name="sem">The semaphore.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__release("read:sem")]
    public void up_read(rw_semaphore sem, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.lock_release(sem, caller, line, file);
        Interlocked.Decrement(ref sem.count);
    }

    /// <summary>down_write: sleeps until nobody holds the semaphore.</summary>
    /// <param name="sem">The semaphore.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("sem")]
    [__might_sleep]
    public void down_write(rw_semaphore sem, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.might_sleep(caller, line, file);
        this.lock_acquire(sem, false, caller, line, file: file);
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref sem.count, -1, 0) != 0)
            spin.SpinOnce();
    }

    /// <summary>down_write_killable: down_write, or -EINTR once a fatal signal is pending.</summary>
    /// <param name="sem">The semaphore.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    /// <returns>0 with the semaphore held for write, or -EINTR without it.</returns>
    [__cond_acquire(false, "sem")]
    [__might_sleep]
    public int down_write_killable(rw_semaphore sem, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.might_sleep(caller, line, file);
        this.lock_acquire(sem, false, caller, line, file: file);
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref sem.count, -1, 0) != 0)
        {
            if (fatal_signal_pending(this.current))
            {
                this.lock_release(sem, caller, line, file);
                return -errno.EINTR;
            }

            spin.SpinOnce();
        }

        return 0;
    }

    /// <summary>up_write.</summary>
    /// <param name="sem">The semaphore.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__release("sem")]
    public void up_write(rw_semaphore sem, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.lock_release(sem, caller, line, file);
        Volatile.Write(ref sem.count, 0);
    }

    private static bool down_read_trylock_raw(rw_semaphore sem)
    {
        var c = Volatile.Read(ref sem.count);
        return c >= 0 && Interlocked.CompareExchange(ref sem.count, c + 1, c) == c;
    }
}
