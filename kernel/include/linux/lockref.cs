// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/lockref.h and lib/lockref.c: a reference count kept next to
// (and protected by) a spinlock. The kernel updates it locklessly with a
// cmpxchg on the lock+count word when the lock is free; the port always
// takes the lock, which gives the same results. A count below zero means
// the object is dead and must not be revived.
//
// Not ported: lockref_get_or_lock, lockref_put_not_zero (nothing here uses them).
namespace Linux;

/// <summary>struct lockref.</summary>
public sealed class lockref
{
    /* the lock's class is the site that makes the lockref (its lock_class_key), not this line */
    public lockref(string name, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0) => this.@lock = new spinlock_t(name, file, line);

    [__lock_class("lockref.lock")]
    public spinlock_t @lock;
    [__guarded_by("lock")]
    public int count;
}

/// <summary>lockref.c.</summary>
public sealed partial class vmlinux
{
    /* lockref_get: one more reference, the count is known to be positive */
    public void lockref_get(lockref lockref)
    {
        this.spin_lock(lockref.@lock);
        lockref.count++;
        this.spin_unlock(lockref.@lock);
    }

    /* lockref_get_not_dead: a reference unless the object was marked dead */
    public bool lockref_get_not_dead(lockref lockref)
    {
        bool retval = false;

        this.spin_lock(lockref.@lock);
        if (lockref.count >= 0)
        {
            lockref.count++;
            retval = true;
        }

        this.spin_unlock(lockref.@lock);
        return retval;
    }

    /* lockref_put_return: drops a reference, -1 if the lockless fast path cannot be used */
    public static int lockref_put_return(lockref lockref) => -1;

    /* lockref_put_or_lock: drops a reference unless it is the last; then returns false with the lock held */
    [__cond_acquires(false, "lockref.lock")]
    public bool lockref_put_or_lock(lockref lockref)
    {
        this.spin_lock(lockref.@lock);
        if (lockref.count <= 1)
            return false;
        lockref.count--;
        this.spin_unlock(lockref.@lock);
        return true;
    }

    /* lockref_mark_dead: the object is going away; the lock must be held */
    [__must_hold("lockref.lock")]
    public void lockref_mark_dead(lockref lockref)
    {
        this.assert_spin_locked(lockref.@lock);
        lockref.count = -128;
    }

    /* __lockref_is_dead */
    public static bool __lockref_is_dead(lockref l) => data_race(l.count) < 0;
}
