// SPDX-License-Identifier: GPL-2.0-only

//
// include/trace/events/lock.h: the lock tracepoints. A probe attached here
// runs on the CPU that hits the tracepoint, at that point of the lock
// operation, which lets a test force an interleaving of real threads
// deterministically (hold one CPU at the moment it took a lock until another
// CPU is seen spinning on it) instead of hoping for it. Only the spinlock
// and rwlock paths fire them; nothing is attached outside tests.
namespace Linux;

/// <summary>Lock tracepoints.</summary>
public sealed partial class vmlinux
{
    /// <summary>A probe on contention_begin: this CPU is about to spin on a lock another CPU holds.</summary>
    public System.Action<lockdep_map>? probe_contention_begin;

    /// <summary>A probe on lock_acquired: this CPU has just taken the lock.</summary>
    public System.Action<lockdep_map>? probe_lock_acquired;

    /// <summary>A probe on lock_release: this CPU has just let the lock go.</summary>
    public System.Action<lockdep_map>? probe_lock_release;

    /// <summary>trace_contention_begin.</summary>
    /// <param name="lock">The lock.</param>
    public void trace_contention_begin(lockdep_map @lock) => System.Threading.Volatile.Read(ref this.probe_contention_begin)?.Invoke(@lock);

    /// <summary>trace_lock_acquired.</summary>
    /// <param name="lock">The lock.</param>
    public void trace_lock_acquired(lockdep_map @lock) => System.Threading.Volatile.Read(ref this.probe_lock_acquired)?.Invoke(@lock);

    /// <summary>trace_lock_release.</summary>
    /// <param name="lock">The lock.</param>
    public void trace_lock_release(lockdep_map @lock) => System.Threading.Volatile.Read(ref this.probe_lock_release)?.Invoke(@lock);
}
