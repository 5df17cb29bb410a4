// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/spinlock.h and rwlock.h: real locks under the kernel's names.
// spinlock_t is a mutual-exclusion lock: one word taken by compare-and-swap,
// as arch_spinlock_t (a held lock is not re-entered: taking it twice spins
// forever, as in the kernel, unless lockdep reports it first, and
// spin_trylock of a lock this CPU holds fails); rwlock_t lets many readers in (and
// lets a reader nest, as the kernel's queued rwlock does for readers) or one
// writer. The _irq and _irqsave forms also mark this CPU's interrupts off,
// so code can ask irqs_disabled(). Every form goes through lockdep.
using System.Runtime.CompilerServices;
using System.Threading;

namespace Linux;

/// <summary>spinlock_t (not sealed: a wait queue head is its own lock, wait.cs).</summary>
public class spinlock_t : lockdep_map
{
    /// <summary>1 while held.</summary>
    internal int locked;

    /// <summary>Initializes a new instance of the <see cref="spinlock_t"/> class (spin_lock_init / DEFINE_SPINLOCK).</summary>
    /// <param name="name">The lock class name.</param>
    /// <param name="file">The initialisation site (the lock_class_key).</param>
    /// <param name="line">Its line.</param>
    public spinlock_t(string name, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        : base(name, lockdep_wait_type.LD_WAIT_SPIN, file, line)
    {
    }
}

/// <summary>rwlock_t.</summary>
public sealed class rwlock_t : lockdep_map
{
    /// <summary>-1: a writer holds it; n &gt; 0: n readers hold it.</summary>
    internal int state;

    /// <summary>Initializes a new instance of the <see cref="rwlock_t"/> class (rwlock_init / DEFINE_RWLOCK).</summary>
    /// <param name="name">The lock class name.</param>
    /// <param name="file">The initialisation site (the lock_class_key).</param>
    /// <param name="line">Its line.</param>
    public rwlock_t(string name, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        : base(name, lockdep_wait_type.LD_WAIT_SPIN, file, line)
    {
    }
}

/// <summary>spinlock and rwlock operations.</summary>
public sealed partial class vmlinux
{
    /// <summary>spin_lock_init: an unlocked lock (a fresh object already is; kept so callers read as upstream's).</summary>
    /// <param name="lock">The lock.</param>
    public static void spin_lock_init(spinlock_t @lock)
    {
    }

    /// <summary>spin_lock.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("lock")]
    public void spin_lock(spinlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.lock_acquire(@lock, false, caller, line, file: file);
        if (Interlocked.CompareExchange(ref @lock.locked, 1, 0) != 0)
            this.queued_spin_lock_slowpath(@lock);
        this.trace_lock_acquired(@lock);
    }

    /// <summary>spin_trylock.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    /// <returns>True if the lock was taken.</returns>
    [__cond_acquire(true, "lock")]
    public bool spin_trylock(spinlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        if (Interlocked.CompareExchange(ref @lock.locked, 1, 0) != 0)
            return false;
        this.lock_acquire(@lock, false, caller, line, trylock: true, file: file);
        return true;
    }

    /// <summary>spin_unlock.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__release("lock")]
    public void spin_unlock(spinlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.lock_release(@lock, caller, line, file);
        Volatile.Write(ref @lock.locked, 0);
        this.trace_lock_release(@lock);
    }

    /// <summary>queued_spin_lock_slowpath: the lock is taken; spin (yielding to the holder) until it is free.</summary>
    /// <param name="lock">The lock.</param>
    private void queued_spin_lock_slowpath(spinlock_t @lock)
    {
        this.trace_contention_begin(@lock);
        var spin = default(SpinWait);
        do
            spin.SpinOnce();
        while (Volatile.Read(ref @lock.locked) != 0 || Interlocked.CompareExchange(ref @lock.locked, 1, 0) != 0);
    }

    /// <summary>spin_lock_irq.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("lock")]
    public void spin_lock_irq(spinlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.local_irq_disable();
        this.spin_lock(@lock, caller, line, file);
    }

    /// <summary>spin_unlock_irq.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__release("lock")]
    public void spin_unlock_irq(spinlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.spin_unlock(@lock, caller, line, file);
        this.local_irq_enable();
    }

    /// <summary>spin_lock_irqsave.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="flags">The saved irq state.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("lock")]
    public void spin_lock_irqsave(spinlock_t @lock, out ulong flags, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        flags = this.local_irq_save();
        this.spin_lock(@lock, caller, line, file);
    }

    /// <summary>spin_unlock_irqrestore.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="flags">The saved irq state.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__release("lock")]
    public void spin_unlock_irqrestore(spinlock_t @lock, ulong flags, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.spin_unlock(@lock, caller, line, file);
        this.local_irq_restore(flags);
    }

    /// <summary>assert_spin_locked.</summary>
    /// <param name="lock">The lock.</param>
    public void assert_spin_locked(spinlock_t @lock) => this.lockdep_assert_held(@lock);

    /// <summary>read_lock.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("read:lock")]
    public void read_lock(rwlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.lock_acquire(@lock, true, caller, line, file: file);
        var spin = default(SpinWait);
        while (true)
        {
            var s = Volatile.Read(ref @lock.state);
            if (s >= 0 && Interlocked.CompareExchange(ref @lock.state, s + 1, s) == s)
                break;
            if (spin.Count == 0)
                this.trace_contention_begin(@lock);
            spin.SpinOnce();
        }

        this.trace_lock_acquired(@lock);
    }

    /// <summary>read_unlock.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__release("read:lock")]
    public void read_unlock(rwlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.lock_release(@lock, caller, line, file);
        Interlocked.Decrement(ref @lock.state);
        this.trace_lock_release(@lock);
    }

    /// <summary>write_lock.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("lock")]
    public void write_lock(rwlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.lock_acquire(@lock, false, caller, line, file: file);
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref @lock.state, -1, 0) != 0)
        {
            if (spin.Count == 0)
                this.trace_contention_begin(@lock);
            spin.SpinOnce();
        }

        this.trace_lock_acquired(@lock);
    }

    /// <summary>write_unlock.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__release("lock")]
    public void write_unlock(rwlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.lock_release(@lock, caller, line, file);
        Volatile.Write(ref @lock.state, 0);
        this.trace_lock_release(@lock);
    }

    /// <summary>write_lock_irq.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("lock")]
    public void write_lock_irq(rwlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.local_irq_disable();
        this.write_lock(@lock, caller, line, file);
    }

    /// <summary>write_unlock_irq.</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__release("lock")]
    public void write_unlock_irq(rwlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.write_unlock(@lock, caller, line, file);
        this.local_irq_enable();
    }

    /// <summary>local_irq_disable.</summary>
    public void local_irq_disable() => this.this_cpu.irqs_disabled++;

    /// <summary>local_irq_enable.</summary>
    public void local_irq_enable()
    {
        var cpu = this.this_cpu;
        this.WARN_ON_ONCE(cpu.irqs_disabled == 0);
        cpu.irqs_disabled = 0;
        this.lockdep_hardirqs_on(cpu);
    }

    /// <summary>local_irq_save.</summary>
    /// <returns>The previous state.</returns>
    public ulong local_irq_save() => (ulong)this.this_cpu.irqs_disabled++;

    /// <summary>local_irq_restore.</summary>
    /// <param name="flags">The state to restore.</param>
    public void local_irq_restore(ulong flags)
    {
        var cpu = this.this_cpu;
        cpu.irqs_disabled = (int)flags;
        if (flags == 0)
            this.lockdep_hardirqs_on(cpu);
    }

    /// <summary>irqs_disabled.</summary>
    /// <returns>True while interrupts are off on this CPU.</returns>
    public bool irqs_disabled() => this.this_cpu.irqs_disabled > 0;
}
