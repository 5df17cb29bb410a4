// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/rcupdate.h: the RCU read side and the publish/subscribe
// accessors. The garbage collector keeps memory valid for readers, so what
// RCU guards here is the kernel's own lifetime rule: an object handed to
// call_rcu() is released only after every reader that might still see it
// has left its read-side critical section.
using System.Threading;

namespace Linux;

/// <summary>
/// struct rcu_head, as the address of the head embedded in a structure. The kernel's head is the link
/// of the callback list; the model's callback list (rcu_cblist) is a queue of its own, so the head
/// needs no storage inside the structure: a structure's head is a value naming the structure, made
/// when it is queued (<c>call_rcu(pid.rcu, ...)</c>), and container_of gives the structure back.
/// </summary>
public readonly struct rcu_head
{
    /// <summary>Initializes a new instance of the <see cref="rcu_head"/> struct.</summary>
    /// <param name="owner">The structure this head is embedded in (what container_of finds).</param>
    public rcu_head(object owner) => this.owner = owner;

    /// <summary>Gets the structure the head is embedded in.</summary>
    public object owner { get; }
}

/// <summary>The RCU read side.</summary>
public sealed partial class vmlinux
{
    /// <summary>
    /// rcu_read_lock. The outermost entry pairs with synchronize_rcu: the reader stores its
    /// nesting and then loads what it reads, the updater stores (unpublishes) and then loads
    /// the nesting; without a full barrier on both sides each can miss the other's store, and
    /// the grace period would not wait for a reader that keeps the old object. So the entry
    /// is a store and a full barrier, but only once a second CPU exists (rcu_smp, set by
    /// rcu_cpu_starting): a kernel run by one thread has no grace period to order against.
    /// The flag is read after the store, which is what makes the switch safe (see there).
    /// </summary>
    [__acquire("rcu")]
    public void rcu_read_lock() => this.__rcu_read_lock(this.this_cpu);

    /// <summary>rcu_read_unlock.</summary>
    [__release("rcu")]
    public void rcu_read_unlock() => this.__rcu_read_unlock(this.this_cpu);

    /// <summary>__rcu_read_lock: rcu_read_lock on <paramref name="cpu"/>, the calling CPU (a guard keeps it for its unlock).</summary>
    /// <param name="cpu">This CPU.</param>
    internal void __rcu_read_lock(cpu_context cpu)
    {
        var nesting = cpu.rcu_nesting;
        Volatile.Write(ref cpu.rcu_nesting, nesting + 1);
        if (nesting == 0 && Volatile.Read(ref this.rcu_smp))
            Interlocked.MemoryBarrier();
    }

    /// <summary>
    /// __rcu_read_unlock: rcu_read_unlock on <paramref name="cpu"/>, the calling CPU. Only this CPU writes its
    /// nesting and its quiescent-state count, so leaving needs no atomic read-modify-write: release stores keep
    /// the section's accesses before them, and a grace period on another CPU (synchronize_rcu) reads both.
    /// </summary>
    /// <param name="cpu">This CPU (a read section never moves: the thread that entered it is the CPU).</param>
    internal void __rcu_read_unlock(cpu_context cpu)
    {
        var nesting = cpu.rcu_nesting;
        if (this.WARN_ON_ONCE(nesting <= 0))
            return;
        Volatile.Write(ref cpu.rcu_nesting, nesting - 1);
        if (nesting == 1)
            Volatile.Write(ref cpu.rcu_qs_seq, cpu.rcu_qs_seq + 1);
    }

    /// <summary>rcu_read_lock_held.</summary>
    /// <returns>True inside a read-side critical section.</returns>
    public bool rcu_read_lock_held() => this.this_cpu.rcu_nesting > 0;

    /// <summary>
    /// rcu_dereference_check(p, c): warns unless in a read section or <paramref name="other"/> holds. The check is
    /// CONFIG_PROVE_RCU's, which PROVE_LOCKING selects: without it the kernel's macro is only the load.
    /// </summary>
    /// <typeparam name="T">The pointer type.</typeparam>
    /// <param name="p">The pointer.</param>
    /// <param name="other">The alternative protection.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    /// <returns>The pointer.</returns>
    public T rcu_dereference_check<T>([__returned] T p, bool other, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
    {
#if CONFIG_PROVE_LOCKING
        if (!other && !this.rcu_read_lock_held())
            this.lockdep_rcu_suspicious(file, line, "suspicious rcu_dereference_check() usage");
#endif
        return p;
    }

    /// <summary>rcu_dereference_check(p, c) of a location: the marked load, then the check.</summary>
    /// <typeparam name="T">The pointer type.</typeparam>
    /// <param name="p">The RCU-protected pointer.</param>
    /// <param name="other">The alternative protection.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    /// <returns>The pointer.</returns>
    public T rcu_dereference_check<T>([__returned] ref T p, bool other, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
        where T : class? => this.rcu_dereference_check(READ_ONCE(ref p), other, file, line);

    /// <summary>rcu_dereference(p): the marked load, inside a read-side critical section.</summary>
    /// <typeparam name="T">The pointer type.</typeparam>
    /// <param name="p">The RCU-protected pointer.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    /// <returns>The pointer.</returns>
    public T rcu_dereference<T>([__returned] ref T p, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
        where T : class? => this.rcu_dereference_check(ref p, false, file, line);

    /// <summary>rcu_dereference_raw(p): the marked load with no check.</summary>
    /// <typeparam name="T">The pointer type.</typeparam>
    /// <param name="p">The RCU-protected pointer.</param>
    /// <returns>The pointer.</returns>
    public static T rcu_dereference_raw<T>([__returned] ref T p)
        where T : class? => READ_ONCE(ref p);

    /// <summary>rcu_assign_pointer(p, v): publishes v with release order, so readers see it initialised.</summary>
    /// <typeparam name="T">The pointer type.</typeparam>
    /// <param name="p">The RCU-protected pointer.</param>
    /// <param name="v">The new value (the location takes over a counted reference).</param>
    public static void rcu_assign_pointer<T>(ref T p, [__consumes] T v)
        where T : class? => smp_store_release(ref p, v);

    /// <summary>RCU_INIT_POINTER(p, v): a store with no ordering (NULL, or not yet visible to readers).</summary>
    /// <typeparam name="T">The pointer type.</typeparam>
    /// <param name="p">The RCU-protected pointer.</param>
    /// <param name="v">The new value (the location takes over a counted reference).</param>
    public static void RCU_INIT_POINTER<T>(ref T p, [__consumes] T v)
        where T : class? => WRITE_ONCE(ref p, v);

    /// <summary>container_of for a structure embedding an rcu_head.</summary>
    /// <typeparam name="T">The containing type.</typeparam>
    /// <param name="head">The head.</param>
    /// <returns>The containing structure.</returns>
    public static T container_of<T>(rcu_head head)
        where T : class => (T)head.owner;
}
