// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// KRN2001 (declared order), KRN2002 (whole-program cycles), KRN2003/KRN2004 (the hierarchy), run by the analyzer
/// authors' test framework (<see cref="KernelAnalyzerTest"/>, <c>{|KRN2001:…|}</c> markup). The prelude declares
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
        C("2001- declared pair", "public void g() { mutex_lock(pid_caches_mutex); spin_lock(pidmap_lock); spin_unlock(pidmap_lock); mutex_unlock(pid_caches_mutex); }"),
        C("2001- sequential", "public void h() { spin_lock(pidmap_lock); spin_unlock(pidmap_lock); read_lock(tasklist_lock); read_unlock(tasklist_lock); }"),
        C("2001- rcu inside", "public void i() { spin_lock(pidmap_lock); rcu_read_lock(); rcu_read_unlock(); spin_unlock(pidmap_lock); }"),
        C("2001- guard scope ended", "public void j() { using (guard_spinlock(pidmap_lock)) { pid_counter++; } read_lock(tasklist_lock); read_unlock(tasklist_lock); }"),

        // KRN2002 cycles (between classes the hierarchy does not order, so each nesting is also a KRN2004)
        C(
            "2002+ two functions",
            "public void a() { spin_lock(lock_a); {|KRN2002:{|KRN2004:spin_lock(lock_b)|}|}; spin_unlock(lock_b); spin_unlock(lock_a); }\npublic void b() { spin_lock(lock_b); {|KRN2004:spin_lock(lock_a)|}; spin_unlock(lock_a); spin_unlock(lock_b); }",
            "Possible circular locking dependency: 'lock_a' -> 'lock_b' in a (Test0.cs:8); 'lock_b' -> 'lock_a' in b (Test0.cs:9)",
            "'lock_b' is taken while 'lock_a' is held, but the lock hierarchy does not declare 'lock_a' -> 'lock_b'",
            "'lock_a' is taken while 'lock_b' is held, but the lock hierarchy does not declare 'lock_b' -> 'lock_a'"),
        C(
            "2002+ through a call",
            "public void take_b() { spin_lock(lock_b); spin_unlock(lock_b); }\npublic void a() { spin_lock(lock_b); {|KRN2004:spin_lock(lock_a)|}; spin_unlock(lock_a); spin_unlock(lock_b); }\npublic void b() { spin_lock(lock_a); {|KRN2002:{|KRN2004:take_b()|}|}; spin_unlock(lock_a); }",
            "'lock_a' is taken while 'lock_b' is held, but the lock hierarchy does not declare 'lock_b' -> 'lock_a'",
            "Possible circular locking dependency: 'lock_a' -> 'lock_b' in b (Test0.cs:10) via take_b (Test0.cs:8); 'lock_b' -> 'lock_a' in a (Test0.cs:9)",
            "'lock_b' is taken while 'lock_a' is held via take_b (Test0.cs:8), but the lock hierarchy does not declare 'lock_a' -> 'lock_b'"),
        C(
            "2002+ release path",
            "public void a(pid p) { spin_lock(lock_a); {|KRN2002:{|KRN2004:put_pid(p)|}|}; spin_unlock(lock_a); }\npublic void b() { spin_lock(pidmap_lock); {|KRN2004:spin_lock(lock_a)|}; spin_unlock(lock_a); spin_unlock(pidmap_lock); }",
            "Possible circular locking dependency: 'lock_a' -> 'pidmap_lock' in a (Test0.cs:8) via release path put_pid (Test0.cs:8); 'pidmap_lock' -> 'lock_a' in b (Test0.cs:9)",
            "'pidmap_lock' is taken while 'lock_a' is held on the release path of 'put_pid', but the lock hierarchy does not declare 'lock_a' -> 'pidmap_lock'",
            "'lock_a' is taken while 'pidmap_lock' is held, but the lock hierarchy does not declare 'pidmap_lock' -> 'lock_a'"),
        C("2002- callee drops the caller's lock first", "[__must_hold(\"tasklist_lock\")] private void reap(pid p) { write_unlock_irq(tasklist_lock); free_pid(p); write_lock_irq(tasklist_lock); }\npublic void a(pid p) { write_lock_irq(tasklist_lock); reap(p); write_unlock_irq(tasklist_lock); }\npublic void b() { spin_lock(pidmap_lock); spin_unlock(pidmap_lock); }"),
        C("2002- same order twice", "public void a() { mutex_lock(pid_caches_mutex); spin_lock(pidmap_lock); spin_unlock(pidmap_lock); mutex_unlock(pid_caches_mutex); }\npublic void b() { mutex_lock(pid_caches_mutex); spin_lock(pidmap_lock); spin_unlock(pidmap_lock); mutex_unlock(pid_caches_mutex); }"),
        C("2002- rcu both ways", "public void a() { rcu_read_lock(); spin_lock(pidmap_lock); spin_unlock(pidmap_lock); rcu_read_unlock(); }\npublic void b() { spin_lock(pidmap_lock); rcu_read_lock(); rcu_read_unlock(); spin_unlock(pidmap_lock); }"),
        C("2002- same class, two instances", "public void a(pid x, pid y) { spin_lock(x.wait_pidfd.@lock); spin_lock(y.wait_pidfd.@lock); spin_unlock(y.wait_pidfd.@lock); spin_unlock(x.wait_pidfd.@lock); }\npublic void b(pid x, pid y) { spin_lock(y.wait_pidfd.@lock); spin_lock(x.wait_pidfd.@lock); spin_unlock(x.wait_pidfd.@lock); spin_unlock(y.wait_pidfd.@lock); }"),

        // KRN2003 never nest, KRN2004 undeclared nesting
        C("2003+ direct", "public void a() { spin_lock(pidmap_lock); {|KRN2003:spin_lock(mnt_id_lock)|}; spin_unlock(mnt_id_lock); spin_unlock(pidmap_lock); }", "'mnt_id_lock' is taken while 'pidmap_lock' is held (held since Test0.cs:8); the lock hierarchy declares that they never nest"),
        C("2003+ other order through a call", "public void a() { spin_lock(mnt_id_lock); {|KRN2003:free_pid(null)|}; spin_unlock(mnt_id_lock); }", "'pidmap_lock' is taken while 'mnt_id_lock' is held (held since Test0.cs:8) via free_pid (Kernel.cs:117); the lock hierarchy declares that they never nest"),
        C("2003+ through an alias", "public void a() { var l = mnt_id_lock; spin_lock(l); {|KRN2003:free_pid(null)|}; spin_unlock(mnt_id_lock); }", "'pidmap_lock' is taken while 'mnt_id_lock' is held (held since Test0.cs:8) via free_pid (Kernel.cs:117); the lock hierarchy declares that they never nest"),
        C("2003+ on a release path", "public void a(pid p) { spin_lock(mnt_id_lock); {|KRN2003:put_pid(p)|}; spin_unlock(mnt_id_lock); }", "'pidmap_lock' is taken while 'mnt_id_lock' is held (held since Test0.cs:8) on the release path of 'put_pid'; the lock hierarchy declares that they never nest"),
        C("2003+ through an ops table", "public System.Action<pid> release_op;\npublic void setup() { release_op = free_pid; }\npublic void a(pid p) { spin_lock(mnt_id_lock); {|KRN2003:release_op(p)|}; spin_unlock(mnt_id_lock); }", "'pidmap_lock' is taken while 'mnt_id_lock' is held (held since Test0.cs:10) via free_pid (Kernel.cs:117); the lock hierarchy declares that they never nest"),
        C("2003- an ops table nothing stores into", "public System.Action<pid> other_op;\npublic void a(pid p) { spin_lock(mnt_id_lock); other_op(p); spin_unlock(mnt_id_lock); }"),
        C("2004+ a lock class of its own through a helper's parameter", "public sealed class my_obj { [__lock_class(\"my_obj.wq\")] public wait_queue_head_t wq = new wait_queue_head_t(); }\npublic void wake(wait_queue_head_t q) { spin_lock(q.@lock); spin_unlock(q.@lock); }\npublic void a(my_obj o) { spin_lock(pidmap_lock); {|KRN2004:wake(o.wq)|}; spin_unlock(pidmap_lock); }", "'my_obj.wq' is taken while 'pidmap_lock' is held via wake (Test0.cs:9), but the lock hierarchy does not declare 'pidmap_lock' -> 'my_obj.wq'"),
        C("2003- sequential", "public void a() { spin_lock(pidmap_lock); spin_unlock(pidmap_lock); spin_lock(mnt_id_lock); spin_unlock(mnt_id_lock); }"),
        C("2004+ undeclared", "public void a(task_struct t) { spin_lock(pidmap_lock); {|KRN2004:task_lock(t)|}; task_unlock(t); spin_unlock(pidmap_lock); }", "'task_struct.alloc_lock' is taken while 'pidmap_lock' is held, but the lock hierarchy does not declare 'pidmap_lock' -> 'task_struct.alloc_lock'"),
        C("2004- rcu needs no order", "public void a(task_struct t) { task_lock(t); rcu_read_lock(); rcu_read_unlock(); task_unlock(t); }"),
    };

    /// <summary>Runs one case.</summary>
    /// <param name="name">The case name.</param>
    /// <param name="members">The marked-up source.</param>
    /// <param name="messages">The expected messages.</param>
    /// <returns>The test.</returns>
    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name, string members, string[] messages)
    {
        Assert.NotNull(name);
        return KernelAnalyzerTest.VerifyAsync(members, messages);
    }

    private static object[] C(string name, string members, params string[] messages) => new object[] { name, members, messages };
}
