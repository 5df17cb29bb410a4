// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// KRN2001 (declared order) and KRN2002 (whole-program cycles). The prelude declares
/// tasklist_lock -> sighand_struct.siglock -> wait_queue_head_t.lock and tasklist_lock -> pidmap_lock -> pidmap_lock_seq.
/// </summary>
public class LockOrderTests
{
    /// <summary>Gets the cases: name, marked-up members, expected messages.</summary>
    public static IEnumerable<object[]> Cases => new[]
    {
        // KRN2001 declared order
        C("2001+ direct", "public void a() { spin_lock(pidmap_lock); {|KRN2001:read_lock(tasklist_lock)|}; read_unlock(tasklist_lock); spin_unlock(pidmap_lock); }", "Acquiring 'tasklist_lock' while holding 'pidmap_lock' inverts the declared lock order 'tasklist_lock' -> 'pidmap_lock'"),
        C("2001+ through a call", "public void inner() { read_lock(tasklist_lock); read_unlock(tasklist_lock); }\npublic void b() { spin_lock(pidmap_lock); {|KRN2001:inner()|}; spin_unlock(pidmap_lock); }", "Acquiring 'tasklist_lock' while holding 'pidmap_lock' inverts the declared lock order 'tasklist_lock' -> 'pidmap_lock' via inner (Test0.cs:8)"),
        C("2001+ per-object classes", "public void c(pid p, task_struct t) { spin_lock(p.wait_pidfd.@lock); {|KRN2001:spin_lock(t.sighand.siglock)|}; spin_unlock(t.sighand.siglock); spin_unlock(p.wait_pidfd.@lock); }", "Acquiring 't.sighand.siglock' while holding 'p.wait_pidfd.lock' inverts the declared lock order 'sighand_struct.siglock' -> 'wait_queue_head_t.lock'"),
        C("2001+ two-level chain", "public void l1() { l2(); }\npublic void l2() { read_lock(tasklist_lock); read_unlock(tasklist_lock); }\npublic void d() { spin_lock(pidmap_lock); {|KRN2001:l1()|}; spin_unlock(pidmap_lock); }", "Acquiring 'tasklist_lock' while holding 'pidmap_lock' inverts the declared lock order 'tasklist_lock' -> 'pidmap_lock' via l1 (Test0.cs:8) -> l2 (Test0.cs:9)"),
        C("2001+ guard scope", "public void e() { using var g = guard_spinlock(pidmap_lock); {|KRN2001:write_lock_irq(tasklist_lock)|}; write_unlock_irq(tasklist_lock); }", "Acquiring 'tasklist_lock' while holding 'pidmap_lock' inverts the declared lock order 'tasklist_lock' -> 'pidmap_lock'"),
        C("2001- declared order", "public void f() { read_lock(tasklist_lock); spin_lock(pidmap_lock); spin_unlock(pidmap_lock); read_unlock(tasklist_lock); }"),
        C("2001- undeclared pair", "public void g() { spin_lock(pidmap_lock); mutex_lock(pid_caches_mutex); mutex_unlock(pid_caches_mutex); spin_unlock(pidmap_lock); }"),
        C("2001- sequential", "public void h() { spin_lock(pidmap_lock); spin_unlock(pidmap_lock); read_lock(tasklist_lock); read_unlock(tasklist_lock); }"),
        C("2001- rcu inside", "public void i() { spin_lock(pidmap_lock); rcu_read_lock(); rcu_read_unlock(); spin_unlock(pidmap_lock); }"),
        C("2001- guard scope ended", "public void j() { using (guard_spinlock(pidmap_lock)) { pid_counter++; } read_lock(tasklist_lock); read_unlock(tasklist_lock); }"),

        // KRN2002 cycles
        C(
            "2002+ two functions",
            "public void a() { spin_lock(pidmap_lock); mutex_lock(pid_caches_mutex); mutex_unlock(pid_caches_mutex); spin_unlock(pidmap_lock); }\npublic void b() { mutex_lock(pid_caches_mutex); {|KRN2002:spin_lock(pidmap_lock)|}; spin_unlock(pidmap_lock); mutex_unlock(pid_caches_mutex); }",
            "Possible circular locking dependency: 'pid_caches_mutex' -> 'pidmap_lock' in b (Test0.cs:9); 'pidmap_lock' -> 'pid_caches_mutex' in a (Test0.cs:8)"),
        C(
            "2002+ through a call",
            "public void take_mutex() { mutex_lock(pid_caches_mutex); mutex_unlock(pid_caches_mutex); }\npublic void a() { mutex_lock(pid_caches_mutex); {|KRN2002:spin_lock(pidmap_lock)|}; spin_unlock(pidmap_lock); mutex_unlock(pid_caches_mutex); }\npublic void b() { spin_lock(pidmap_lock); take_mutex(); spin_unlock(pidmap_lock); }",
            "Possible circular locking dependency: 'pid_caches_mutex' -> 'pidmap_lock' in a (Test0.cs:9); 'pidmap_lock' -> 'pid_caches_mutex' in b (Test0.cs:10) via take_mutex (Test0.cs:8)"),
        C(
            "2002+ release path",
            "public void a(pid p) { mutex_lock(pid_caches_mutex); {|KRN2002:put_pid(p)|}; mutex_unlock(pid_caches_mutex); }\npublic void b() { spin_lock(pidmap_lock); mutex_lock(pid_caches_mutex); mutex_unlock(pid_caches_mutex); spin_unlock(pidmap_lock); }",
            "Possible circular locking dependency: 'pid_caches_mutex' -> 'pidmap_lock' in a (Test0.cs:8) via release path put_pid (Test0.cs:8); 'pidmap_lock' -> 'pid_caches_mutex' in b (Test0.cs:9)"),
        C("2002- callee drops the caller's lock first", "[__must_hold(\"tasklist_lock\")] private void reap(pid p) { write_unlock_irq(tasklist_lock); free_pid(p); write_lock_irq(tasklist_lock); }\npublic void a(pid p) { write_lock_irq(tasklist_lock); reap(p); write_unlock_irq(tasklist_lock); }\npublic void b() { spin_lock(pidmap_lock); spin_unlock(pidmap_lock); }"),
        C("2002- same order twice", "public void a() { spin_lock(pidmap_lock); mutex_lock(pid_caches_mutex); mutex_unlock(pid_caches_mutex); spin_unlock(pidmap_lock); }\npublic void b() { spin_lock(pidmap_lock); mutex_lock(pid_caches_mutex); mutex_unlock(pid_caches_mutex); spin_unlock(pidmap_lock); }"),
        C("2002- rcu both ways", "public void a() { rcu_read_lock(); spin_lock(pidmap_lock); spin_unlock(pidmap_lock); rcu_read_unlock(); }\npublic void b() { spin_lock(pidmap_lock); rcu_read_lock(); rcu_read_unlock(); spin_unlock(pidmap_lock); }"),
        C("2002- same class, two instances", "public void a(pid x, pid y) { spin_lock(x.wait_pidfd.@lock); spin_lock(y.wait_pidfd.@lock); spin_unlock(y.wait_pidfd.@lock); spin_unlock(x.wait_pidfd.@lock); }\npublic void b(pid x, pid y) { spin_lock(y.wait_pidfd.@lock); spin_lock(x.wait_pidfd.@lock); spin_unlock(x.wait_pidfd.@lock); spin_unlock(y.wait_pidfd.@lock); }"),
    };

    /// <summary>Runs one case.</summary>
    /// <param name="name">The case name.</param>
    /// <param name="members">The marked-up source.</param>
    /// <param name="messages">The expected messages.</param>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string members, string[] messages)
    {
        Assert.NotNull(name);
        Harness.Verify(members, messages);
    }

    private static object[] C(string name, string members, params string[] messages) => new object[] { name, members, messages };
}
