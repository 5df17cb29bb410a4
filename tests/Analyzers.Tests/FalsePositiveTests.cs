// SPDX-License-Identifier: GPL-2.0-only
using System.Linq;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// The false-positive corpus: correct kernel-style functions (trylock, locks across loops, early
/// returns after unlock, RCU lookups, references handed to callers or stored in structures, guards,
/// __free, lambdas, local functions, catch blocks) compiled together: zero findings.
/// </summary>
public class FalsePositiveTests
{
    /// <summary>Gets the corpus, one correct function per entry.</summary>
    public static string[] Corpus { get; } =
    {
        "public void fp01() { if (!spin_trylock(pidmap_lock)) return; pid_counter++; spin_unlock(pidmap_lock); }",
        "public bool fp02() { if (spin_trylock(pidmap_lock)) { pid_counter++; spin_unlock(pidmap_lock); return true; } return false; }",
        "public void fp03(int n) { spin_lock(pidmap_lock); for (int i = 0; i < n; i++) { pid_counter++; spin_unlock(pidmap_lock); might_sleep(); spin_lock(pidmap_lock); } spin_unlock(pidmap_lock); }",
        "public void fp04(int n) { for (int i = 0; i < n; i++) { spin_lock(pidmap_lock); pid_counter++; spin_unlock(pidmap_lock); } }",
        "public int fp05(pid p) { spin_lock(pidmap_lock); if (p.level > 0) { spin_unlock(pidmap_lock); return -EINVAL; } pid_counter++; spin_unlock(pidmap_lock); return 0; }",
        "public task_struct fp06(pid p) { rcu_read_lock(); var t = pid_task(p, PIDTYPE_PID); rcu_read_unlock(); return t; }",
        "public task_struct fp07(pid p) { using var _ = guard_rcu(); return pid_task(p, PIDTYPE_PID); }",
        "public pid fp08(int nr) { read_lock(tasklist_lock); var p = find_pid_ns(nr); read_unlock(tasklist_lock); return p; }",
        "[__returns_ref] public pid fp09(int nr) => find_get_pid(nr);",
        "[__returns_ref] public pid fp10(int nr) { var p = find_get_pid(nr); if (p == null) return null; return p; }",
        "public void fp11(task_struct t, int nr) { var p = find_get_pid(nr); t.thread_pid = p; }",
        "public int fp12(int nr) { var p = find_get_pid(nr); if (p == null) return -ESRCH; var l = p.level; put_pid(p); return l; }",
        "public void fp13(int nr) { var p = find_get_pid(nr); var q = p; put_pid(q); }",
        "public int fp14(pid p) { using var task = __free<task_struct>(put_task, get_pid_task(p, PIDTYPE_PID)); return task.ptr == null ? -ESRCH : 0; }",
        "[__returns_ref] public task_struct fp15(pid p) { using var task = __free<task_struct>(put_task, get_pid_task(p, PIDTYPE_PID)); return return_ptr(task); }",
        "public int fp16(int fd) { var p = pidfd_get_pid(fd, out var flags); if (IS_ERR(p)) return PTR_ERR(p); put_pid(p); return 0; }",
        "public void fp17(pid p) { using (guard_spinlock_irq(p.wait_pidfd.@lock)) { p.attr = null; } }",
        "public void fp18(pid p) { var l = p.wait_pidfd.@lock; spin_lock(l); p.attr = null; spin_unlock(p.wait_pidfd.@lock); }",
        "public void fp19(task_struct t) { write_lock_irq(tasklist_lock); attach_pid(t); write_unlock_irq(tasklist_lock); }",
        "public void fp20(pid p) { write_lock_irq(tasklist_lock); write_unlock_irq(tasklist_lock); free_pid(p); }",
        "public void fp21(pid p) { mutex_lock(pid_caches_mutex); pidfs_register_pid(p); mutex_unlock(pid_caches_mutex); }",
        "public void fp22() { mutex_lock(pid_caches_mutex); spin_lock(pidmap_lock); pid_counter++; spin_unlock(pidmap_lock); mutex_unlock(pid_caches_mutex); }",
        "public void fp23() { spin_lock(pidmap_lock); kmalloc(8, gfp_t.GFP_ATOMIC); spin_unlock(pidmap_lock); kmalloc(8, gfp_t.GFP_KERNEL); }",
        "public void fp24() { read_lock(tasklist_lock); spin_lock(pidmap_lock); spin_unlock(pidmap_lock); read_unlock(tasklist_lock); }",
        "[__must_hold(\"pidmap_lock\")] public void fp25(pid p) { pidfs_add_pid(p); pid_counter++; }",
        "[__acquires(\"pidmap_lock\")] public void fp26() { spin_lock(pidmap_lock); }",
        "[__releases(\"pidmap_lock\")] public void fp27() { pid_counter--; spin_unlock(pidmap_lock); }",
        "public void fp28() { fp26(); pid_counter++; fp27(); }",
        "[__cond_acquires(true, \"pidmap_lock\")] public bool fp29() => spin_trylock(pidmap_lock);",
        "public void fp30() { if (fp29()) { pid_counter++; spin_unlock(pidmap_lock); } }",
        "public void fp31(pid p) { lockdep_assert_held(pidmap_lock); pidfs_add_pid(p); }",
        "public void fp32(pid p) { spin_lock(pidmap_lock); try { pidfs_add_pid(p); } finally { spin_unlock(pidmap_lock); } }",
        "public int fp33(pid p) { try { spin_lock(pidmap_lock); pidfs_add_pid(p); spin_unlock(pidmap_lock); return 0; } catch (System.InvalidOperationException) { return -EINVAL; } }",
        "public void fp34(pid p) { void add() { spin_lock(pidmap_lock); pidfs_add_pid(p); spin_unlock(pidmap_lock); } add(); add(); }",
        "public void fp35() { System.Action f = () => { spin_lock(pidmap_lock); pid_counter++; spin_unlock(pidmap_lock); }; f(); }",
        "public int fp36(int x) => x switch { 0 => 0, _ => fp12(x) };",
        "public void fp37(dentry d) { var x = dget(d); path pa = default; pa.dentry = x; dput(pa.dentry); }",
        "public void fp38(pid a, pid b) { spin_lock(a.wait_pidfd.@lock); spin_unlock(a.wait_pidfd.@lock); spin_lock(b.wait_pidfd.@lock); spin_unlock(b.wait_pidfd.@lock); }",
        "public object fp39(task_struct t) { task_lock(t); var n = t.nsproxy; task_unlock(t); return n; }",
        "public void fp40(pid p) { rcu_read_lock(); rcu_read_lock(); var t = pid_task(p, PIDTYPE_PID); rcu_read_unlock(); rcu_read_unlock(); }",
        "public int fp41(pid p) { spin_lock(pidmap_lock); var n = 0; while (n < 10) { if (p.level == n) break; n++; } spin_unlock(pidmap_lock); return n; }",
        "public void fp42(int nr, bool keep) { var p = find_get_pid(nr); if (keep) { put_pid(p); return; } put_pid(p); }",
        "public void fp43(task_struct t) { var p = get_task_pid(t, PIDTYPE_PID); var q = get_pid(p); put_pid(p); put_pid(q); }",
        "public void fp44() { var l = pidmap_lock; spin_lock(l); pid_counter++; spin_unlock(l); }",
        "public int fp45(int x) { read_lock(tasklist_lock); var r = wait_one(x); if (r != 0) return r; read_unlock(tasklist_lock); return 0; }",
        "[__cond_releases(true, \"read:tasklist_lock\")] public int fp46(int x) { var r = wait_one(x); if (r != 0) return r; return wait_one(x + 1); }",
        "public int fp47(int x) { read_lock(tasklist_lock); for (var i = 0; i < x; i++) { var r = wait_one(i); if (r != 0) return r; } read_unlock(tasklist_lock); return 0; }",
        "public int fp48() { if (down_read_killable(exec_update_lock) != 0) return -EINTR; might_sleep(); up_read(exec_update_lock); return 0; }",
        "public int fp49() { int ret = down_read_killable(exec_update_lock); if (ret != 0) return ret; up_read(exec_update_lock); return 0; }",
        "public void fp50() { var ok = spin_trylock(pidmap_lock); if (!ok) return; pid_counter++; spin_unlock(pidmap_lock); }",
        "[__cond_acquires(true, \"pidmap_lock\")] public bool fp51(bool b) { if (b) return false; spin_lock(pidmap_lock); return true; }",
        "public int fp52() { var ret = down_read_killable(exec_update_lock); if (ret < 0) goto out_ret; up_read(exec_update_lock); out_ret: return ret; }",
        "[__cond_releases(true, \"read:tasklist_lock\")] public bool fp53(bool b) { if (!b) return false; read_unlock(tasklist_lock); return true; }",
        "public void fp54(bool b) { read_lock(tasklist_lock); if (fp53(b)) return; read_unlock(tasklist_lock); }",
        "public int fp55(int x) { read_lock(tasklist_lock); int r = wait_one(x); if (r == 0) { read_unlock(tasklist_lock); return 0; } return r; }",
        "public void fp56() { while (!spin_trylock(pidmap_lock)) might_sleep(); pid_counter++; spin_unlock(pidmap_lock); }",
        "[__cond_acquires(true, \"pidmap_lock\")] public bool fp57() { if (fp51(false)) return true; return pidmap_trylock(); }",
        "public int fp59(int nr) { var err = lookup_path(nr, out var p); if (err != 0) return err; path_put(ref p); return 0; }",
        "public int fp60(int nr, [__returns_ref] out path p) { return lookup_path(nr, out p); }",
        "public int fp61(int nr) { if (lookup_path(nr, out var p) < 0) return -EINVAL; path_put(ref p); return 0; }",
        "public int fp62(int nr, [__returns_ref] out path p) { var err = lookup_path(nr, out var tmp); p = default; if (err != 0) return err; p = tmp; return 0; }",
        "public void fp58(task_struct t) { if (spin_trylock(t.sighand.siglock)) { lockdep_assert_held(t.sighand.siglock); spin_unlock(t.sighand.siglock); } }",
        "public void fp63() { spin_lock(pidmap_lock); if (read_trylock(tasklist_lock)) read_unlock(tasklist_lock); spin_unlock(pidmap_lock); }",
        "public int fp64() => data_race(pid_counter) + (data_race(pid_counter > 0) ? 1 : 0);",
        "public pid fp65() { var p = kzalloc_obj(() => new pid()); if (p == null) return null; p.attr = null; fp66(p); return p; }",
        "public void fp66([__unpublished] pid p) { p.attr = new object(); }",
        "public void fp67() { var p = fp65(); if (p != null) p.attr = null; }",
        "[__init] public void fp68(pid p) { p.attr = null; fp66(p); }",
        "[__cond_acquires(true, \"t.sighand.siglock\")] public sighand_struct fp69(task_struct t) { sighand_struct sh; rcu_read_lock(); while (true) { sh = t.sighand; if (sh == null) break; spin_lock(sh.siglock); if (sh == t.sighand) break; spin_unlock(sh.siglock); } rcu_read_unlock(); return sh; }",
        "public void fp70(task_struct t) { if (fp69(t) != null) spin_unlock(t.sighand.siglock); }",
        "[__must_hold(\"t.sighand.siglock\")] public void fp71(task_struct t) { var sh = t.sighand; spin_unlock(sh.siglock); spin_lock(sh.siglock); }",
        "public int fp72(int nr, dentry d) { var p = find_get_pid(nr); if (p == null) return -ESRCH; install_pid(p, d); return p.level; }",
        "[__returns_ref] public pid fp73(pid p) { get_pid(p); return p; }",
        "public void fp74([__consumes] pid p, dentry d) { install_pid(p, d); }",
        "public void fp75(int nr, dentry d) { install_pid(get_pid(find_pid_ns_locked(nr)), d); }",
        "public pid find_pid_ns_locked(int nr) { rcu_read_lock(); var p = find_pid_ns(nr); rcu_read_unlock(); return p; }",
    };

    /// <summary>The whole corpus in one compilation: no finding at all.</summary>
    [Fact]
    public void NoFindings()
    {
        Assert.True(Corpus.Length >= 40);
        Harness.Verify(string.Join("\n", Corpus));
    }
}
