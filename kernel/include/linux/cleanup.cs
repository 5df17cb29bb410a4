// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/cleanup.h. guard(x)(lock) and scoped_guard(x, lock) become
// `using var _ = guard_x(lock);` and `using (guard_x(lock)) { ... }`: the lock
// is released when the scope ends, on every path, in reverse order.
// DEFINE_FREE(name, type, free) becomes a static method `name(vmlinux, type)`
// next to its put, and `type *p __free(name) = value;` becomes
// `using var p = this.__free<type>(name, value);`; no_free_ptr()/return_ptr()
// take the pointer out so the cleanup does not run.
using System;

using System.Runtime.CompilerServices;

namespace Linux;

/// <summary>The lock a guard holds and how it was taken.</summary>
public enum guard_kind : byte
{
    rcu,
    spinlock,
    spinlock_irq,
    spinlock_irqsave,
    read_lock,
    write_lock_irq,
    mutex,
}

/// <summary>A scope guard over one lock.</summary>
public readonly struct lock_guard : IDisposable
{
    private readonly vmlinux kernel;
    /* the lock; for guard(rcu), the CPU whose read section it is */
    private readonly object? @lock;
    private readonly guard_kind kind;
    private readonly ulong flags;

    internal lock_guard(vmlinux kernel, object? @lock, guard_kind kind, ulong flags = 0)
    {
        this.kernel = kernel;
        this.@lock = @lock;
        this.kind = kind;
        this.flags = flags;
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        switch (this.kind)
        {
            case guard_kind.rcu:
                this.kernel.__rcu_read_unlock((cpu_context)this.@lock!);
                break;
            case guard_kind.spinlock:
                this.kernel.spin_unlock((spinlock_t)this.@lock!, "guard");
                break;
            case guard_kind.spinlock_irq:
                this.kernel.spin_unlock_irq((spinlock_t)this.@lock!, "guard");
                break;
            case guard_kind.spinlock_irqsave:
                this.kernel.spin_unlock_irqrestore((spinlock_t)this.@lock!, this.flags, "guard");
                break;
            case guard_kind.read_lock:
                this.kernel.read_unlock((rwlock_t)this.@lock!, "guard");
                break;
            case guard_kind.write_lock_irq:
                this.kernel.write_unlock_irq((rwlock_t)this.@lock!, "guard");
                break;
            case guard_kind.mutex:
                this.kernel.mutex_unlock((mutex)this.@lock!, "guard");
                break;
        }
    }
}

/// <summary>A pointer owned by a scope (__free): the cleanup runs when the scope ends unless the pointer was taken out.</summary>
/// <typeparam name="T">The pointer type.</typeparam>
/// <remarks>
/// A value on the stack, as upstream's pointer variable: declaring one allocates nothing (a DEFINE_FREE
/// cleanup is a static method, whose delegate the compiler caches).
/// </remarks>
public ref struct free_ptr<T>
    where T : class
{
    private readonly vmlinux kernel;
    private readonly Action<vmlinux, T> free;
    private T? p;

    internal free_ptr(vmlinux kernel, Action<vmlinux, T> free, T? ptr)
    {
        this.kernel = kernel;
        this.free = free;
        this.p = ptr;
    }

    /// <summary>Gets the owned pointer, to read or assign (NULL or an error pointer is never put).</summary>
    /// <remarks>
    /// Upstream assigns the pointer after its declaration (`= NULL`, then the lookup), but C# makes a using
    /// variable read-only. A readonly member runs on the variable itself (no defensive copy), so the reference
    /// it returns is the using variable's own slot.
    /// </remarks>
    public readonly ref T? ptr => ref Unsafe.AsRef(in this.p);

    /// <summary>Runs the cleanup on a real pointer.</summary>
    public readonly void Dispose()
    {
        var ptr = this.p;
        if (!vmlinux.IS_ERR_OR_NULL(ptr))
            this.free(this.kernel, ptr);
    }
}

/// <summary>Guards and scope-owned pointers.</summary>
public sealed partial class vmlinux
{
    /// <summary>guard(rcu)().</summary>
    /// <returns>The guard.</returns>
    [__guard("rcu")]
    public lock_guard guard_rcu()
    {
        /* the section ends on the CPU it began on: the guard keeps the CPU, so the unlock needs no this_cpu lookup */
        var cpu = this.this_cpu;
        this.__rcu_read_lock(cpu);
        return new lock_guard(this, cpu, guard_kind.rcu);
    }

    /// <summary>guard(spinlock)(lock).</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller (lockdep names it as the acquirer).</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    /// <returns>The guard.</returns>
    [__guard("lock")]
    public lock_guard guard_spinlock(spinlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.spin_lock(@lock, caller, line, file);
        return new lock_guard(this, @lock, guard_kind.spinlock);
    }

    /// <summary>guard(spinlock_irq)(lock).</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller (lockdep names it as the acquirer).</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    /// <returns>The guard.</returns>
    [__guard("lock")]
    public lock_guard guard_spinlock_irq(spinlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.spin_lock_irq(@lock, caller, line, file);
        return new lock_guard(this, @lock, guard_kind.spinlock_irq);
    }

    /// <summary>guard(spinlock_irqsave)(lock).</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller (lockdep names it as the acquirer).</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    /// <returns>The guard.</returns>
    [__guard("lock")]
    public lock_guard guard_spinlock_irqsave(spinlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.spin_lock_irqsave(@lock, out var flags, caller, line, file);
        return new lock_guard(this, @lock, guard_kind.spinlock_irqsave, flags);
    }

    /// <summary>guard(read_lock)(lock).</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller (lockdep names it as the acquirer).</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    /// <returns>The guard.</returns>
    [__guard("read:lock")]
    public lock_guard guard_read_lock(rwlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.read_lock(@lock, caller, line, file);
        return new lock_guard(this, @lock, guard_kind.read_lock);
    }

    /// <summary>guard(write_lock_irq)(lock).</summary>
    /// <param name="lock">The lock.</param>
    /// <param name="caller">The caller (lockdep names it as the acquirer).</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    /// <returns>The guard.</returns>
    [__guard("lock")]
    public lock_guard guard_write_lock_irq(rwlock_t @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.write_lock_irq(@lock, caller, line, file);
        return new lock_guard(this, @lock, guard_kind.write_lock_irq);
    }

    /// <summary>guard(mutex)(lock).</summary>
    /// <param name="lock">The mutex.</param>
    /// <param name="caller">The caller (lockdep names it as the acquirer).</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    /// <returns>The guard.</returns>
    [__guard("lock")]
    [__might_sleep]
    public lock_guard guard_mutex(mutex @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.mutex_lock(@lock, caller, line, file);
        return new lock_guard(this, @lock, guard_kind.mutex);
    }

    /// <summary>__free(name): the pointer is handed to the DEFINE_FREE cleanup when the scope ends.</summary>
    /// <typeparam name="T">The pointer type.</typeparam>
    /// <param name="free">The cleanup (a static method, as DEFINE_FREE defines it).</param>
    /// <param name="ptr">The pointer (may be NULL or an error pointer).</param>
    /// <returns>The owning scope.</returns>
    [__cleanup]
    public free_ptr<T> __free<T>(Action<vmlinux, T> free, T? ptr)
        where T : class => new(this, free, ptr);

    /// <summary>no_free_ptr(p): takes the pointer out of its scope; the caller now owns it.</summary>
    /// <typeparam name="T">The pointer type.</typeparam>
    /// <param name="p">The owning scope.</param>
    /// <returns>The pointer.</returns>
    [__no_free]
    public static T? no_free_ptr<T>(in free_ptr<T> p)
        where T : class
    {
        var ptr = p.ptr;
        p.ptr = null;
        return ptr;
    }

    /// <summary>return_ptr(p): no_free_ptr for a return statement.</summary>
    /// <typeparam name="T">The pointer type.</typeparam>
    /// <param name="p">The owning scope.</param>
    /// <returns>The pointer.</returns>
    [__no_free]
    public static T? return_ptr<T>(in free_ptr<T> p)
        where T : class => no_free_ptr(in p);
}
