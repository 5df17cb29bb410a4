// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>KRN1001-KRN1009: lock context. Line numbers in messages count from line 8 (the first test line).</summary>
public class LockContextTests
{
    /// <summary>Gets the cases: name, marked-up members, expected messages.</summary>
    public static IEnumerable<object[]> Cases => new[]
    {
        // KRN1001 lock still held at return
        C("1001+ plain", "public void a() { {|KRN1001:spin_lock(pidmap_lock)|}; }", "'pidmap_lock' acquired here is still held when 'a' returns at the end of the function"),
        C("1001+ error path", "public int b(pid p)\n{\n    {|KRN1001:spin_lock(pidmap_lock)|};\n    if (p.level > 0) return -EINVAL;\n    spin_unlock(pidmap_lock);\n    return 0;\n}", "'pidmap_lock' acquired here is still held when 'b' returns on the error path at line 11"),
        C("1001+ conditional", "public void c(bool x) { if (x) {|KRN1001:read_lock(tasklist_lock)|}; }", "'tasklist_lock' acquired here is still held when 'c' returns at the end of the function"),
        C("1001+ correlated conditions are diagnosed", "public void d(bool x) { if (x) {|KRN1001:spin_lock(pidmap_lock)|}; if ({|KRN1011:x|}) spin_unlock(pidmap_lock); }", "'pidmap_lock' acquired here is still held when 'd' returns at the end of the function", "'pidmap_lock' is held on some paths into this point and not on others (acquired at line 8)"),
        C("1001+ inside a lambda", "public void l() { System.Action f = () => { {|KRN1001:spin_lock(pidmap_lock)|}; }; f(); }", "'pidmap_lock' acquired here is still held when '(lambda in l)' returns at the end of the function"),
        C("1003+ in a catch block", "public void m() { try { IS_ERR(null); } catch (System.Exception) { {|KRN1003:spin_unlock(pidmap_lock)|}; } }", "Releasing 'pidmap_lock' that is not held"),
        C("1004+ local function summary at its call site", "public void n(pid p) { void add() { pidfs_add_pid(p); } {|KRN1004:add()|}; }", "Calling 'add' requires holding 'pidmap_lock' (inferred from its body)"),
        C("1011+ goto ladder loses an unlock", "public int o(pid p)\n{\n    {|KRN1001:spin_lock(pidmap_lock)|};\n    if (p.level > 0)\n        goto out_unlock;\n    if (p.level < 0)\n        goto out_free;\n    spin_unlock(pidmap_lock);\n    return 0;\nout_unlock:\n    spin_unlock(pidmap_lock);\nout_free:\n    {|KRN1011:{|KRN4001:put_pid(p)|}|};\n    return -EINVAL;\n}", "'pidmap_lock' acquired here is still held when 'o' returns on the error path at line 21", "'pidmap_lock' is held on some paths into this point and not on others (acquired at line 10)", "'put_pid' may drop the last reference and take 'pidmap_lock' on its release path while 'pidmap_lock' is held (it would take the held lock again)"),
        C("1001- early return unlocks", "public int d(pid p)\n{\n    spin_lock(pidmap_lock);\n    if (p.level > 0) { spin_unlock(pidmap_lock); return -EINVAL; }\n    spin_unlock(pidmap_lock);\n    return 0;\n}"),
        C("1001- using guard", "public void e(pid p) { using (guard_spinlock_irq(p.wait_pidfd.@lock)) { p.attr = null; } }"),
        C("1001- __acquires", "[__acquires(\"pidmap_lock\")] public void f() { spin_lock(pidmap_lock); }"),
        C("1001- inferred helpers", "private void lock_helper() { spin_lock(pidmap_lock); }\nprivate void unlock_helper() { spin_unlock(pidmap_lock); }\npublic void g() { lock_helper(); pid_counter++; unlock_helper(); }"),
        C("1001- try/finally", "public void h() { spin_lock(pidmap_lock); try { pid_counter++; } finally { spin_unlock(pidmap_lock); } }"),
        C("1001- trylock", "public void i() { if (spin_trylock(pidmap_lock)) { pid_counter++; spin_unlock(pidmap_lock); } }"),
        C("1001- negated trylock", "public void j() { if (!spin_trylock(pidmap_lock)) return; pid_counter++; spin_unlock(pidmap_lock); }"),
        C("1001- irqsave", "public void k() { spin_lock_irqsave(pidmap_lock, out var flags); pid_counter++; spin_unlock_irqrestore(pidmap_lock, flags); }"),

        // a lock primitive is what its attribute declares, never what its name says
        C("1001+ a primitive of another name", "[__acquire(\"l\")] public void grab(spinlock_t l) { }\n[__release(\"l\")] public void drop(spinlock_t l) { }\npublic void m() { {|KRN1001:grab(pidmap_lock)|}; }\npublic void n() { grab(pidmap_lock); drop(pidmap_lock); }", "'pidmap_lock' acquired here is still held when 'm' returns at the end of the function"),
        C("1008+ a sleeping lock type of another name", "//raw\n[__might_sleep] public sealed class big_lock { }\npublic sealed class user\n{\n    public big_lock bl = new big_lock();\n    public spinlock_t sl = new spinlock_t();\n    [__acquire(\"l\")] public void take(big_lock l) { }\n    [__release(\"l\")] public void give(big_lock l) { }\n    [__acquire(\"l\")] public void spin(spinlock_t l) { }\n    [__release(\"l\")] public void unspin(spinlock_t l) { }\n    [__might_sleep] public void nap() { }\n    public void ok() { take(bl); nap(); give(bl); }\n    public void bad() { spin(sl); {|KRN1008:nap()|}; unspin(sl); }\n}", "Calling 'nap', which may sleep, while holding 'sl'"),
        C("1008+ a mask enum of another name", "//raw\n[System.Flags] public enum pool_flags { NOWAIT = 1, [__might_sleep] BLOCK = 2 }\npublic sealed class user\n{\n    public spinlock_t sl = new spinlock_t();\n    [__acquire(\"l\")] public void spin(spinlock_t l) { }\n    [__release(\"l\")] public void unspin(spinlock_t l) { }\n    public void get(pool_flags f) { }\n    public void ok() { spin(sl); get(pool_flags.NOWAIT); unspin(sl); }\n    public void bad() { spin(sl); {|KRN1008:get(pool_flags.BLOCK | pool_flags.NOWAIT)|}; unspin(sl); }\n}", "Calling 'get(pool_flags.BLOCK | pool_flags.NOWAIT)', which may sleep, while holding 'sl' (the mask allows direct reclaim)"),
        C("1001- a primitive's name without its attribute", "//raw\npublic sealed class user\n{\n    public spinlock_t l = new spinlock_t();\n    public void spin_lock(spinlock_t x) { }\n    public void spin_unlock(spinlock_t x) { }\n    public void mutex_lock(spinlock_t x) { }\n    public void a() { spin_lock(l); }\n    public void b() { spin_unlock(l); }\n    public void c() { spin_lock(l); spin_lock(l); mutex_lock(l); }\n}"),

        // KRN1002 double acquire
        C("1002+ twice", "public void a()\n{\n    spin_lock(pidmap_lock);\n    {|KRN1002:spin_lock(pidmap_lock)|};\n    spin_unlock(pidmap_lock);\n}", "Acquiring 'pidmap_lock' that is already held (acquired at line 10)"),
        C("1002+ inside guard", "public void b(task_struct t)\n{\n    using var g = guard_task_lock(t);\n    {|KRN1002:task_lock(t)|};\n}", "Acquiring 't.alloc_lock' that is already held (acquired at line 10)"),
        C("1002+ through __acquires", "public void c()\n{\n    spin_lock(pidmap_lock);\n    {|KRN1002:pidmap_lock_it()|};\n    spin_unlock(pidmap_lock);\n}", "Acquiring 'pidmap_lock' that is already held (acquired at line 10)"),
        C("1002- rcu nests", "public void d() { rcu_read_lock(); rcu_read_lock(); rcu_read_unlock(); rcu_read_unlock(); }"),
        C("1002- read nests", "public void e() { read_lock(tasklist_lock); read_lock(tasklist_lock); read_unlock(tasklist_lock); read_unlock(tasklist_lock); }"),
        C("1002- two instances", "public void f(pid a, pid b) { spin_lock(a.wait_pidfd.@lock); spin_lock(b.wait_pidfd.@lock); spin_unlock(b.wait_pidfd.@lock); spin_unlock(a.wait_pidfd.@lock); }"),
        C("1002- loop", "public void g(int n) { for (int i = 0; i < n; i++) { spin_lock(pidmap_lock); pid_counter++; spin_unlock(pidmap_lock); } }"),

        // KRN1003 release of a lock not held
        C("1003+ never taken", "public void a() { {|KRN1003:spin_unlock(pidmap_lock)|}; }", "Releasing 'pidmap_lock' that is not held"),
        C("1003+ twice", "public void b() { spin_lock(pidmap_lock); spin_unlock(pidmap_lock); {|KRN1003:spin_unlock(pidmap_lock)|}; }", "Releasing 'pidmap_lock' that is not held"),
        C("1003+ __releases callee", "public void c() { {|KRN1003:pidmap_unlock_it()|}; }", "Releasing 'pidmap_lock' that is not held"),
        C("1003+ inferred helper", "private void drop() { spin_unlock(pidmap_lock); }\npublic void d() { {|KRN1003:drop()|}; }", "Releasing 'pidmap_lock' that is not held"),
        C("1003- helper releases for caller", "private void drop2() { spin_unlock(pidmap_lock); }\npublic void e() { spin_lock(pidmap_lock); drop2(); }"),
        C("1003- __releases", "[__releases(\"pidmap_lock\")] public void f() { spin_unlock(pidmap_lock); }"),
        C("1003- balanced", "public void g() { write_lock_irq(tasklist_lock); write_unlock_irq(tasklist_lock); }"),

        // KRN1004 __must_hold
        C("1004+ global", "public void a(pid p) { {|KRN1004:pidfs_add_pid(p)|}; }", "Calling 'pidfs_add_pid' requires holding 'pidmap_lock'"),
        C("1004+ other instance", "public void b(pid p, pid q) { spin_lock(q.wait_pidfd.@lock); {|KRN1004:pidfs_set_attr(p, null)|}; spin_unlock(q.wait_pidfd.@lock); }", "Calling 'pidfs_set_attr' requires holding 'p.wait_pidfd.lock'"),
        C("1004+ either context", "public void c(pid p) { {|KRN1004:pid_task(p, PIDTYPE_PID)|}; }", "Calling 'pid_task' requires holding 'rcu or tasklist_lock'"),
        C("1004+ inferred", "private void add(pid p) { pidfs_add_pid(p); }\npublic void d(pid p) { {|KRN1004:add(p)|}; }", "Calling 'add' requires holding 'pidmap_lock' (inferred from its body)"),
        C("1004- held", "public void e(pid p) { spin_lock(pidmap_lock); pidfs_add_pid(p); spin_unlock(pidmap_lock); }"),
        C("1004- rcu guard", "public task_struct f(pid p) { using var _ = guard_rcu(); return pid_task(p, PIDTYPE_PID); }"),
        C("1004- contract", "[__must_hold(\"pidmap_lock\")] public void g(pid p) { pidfs_add_pid(p); }"),
        C("1004- assert", "public void h(pid p) { lockdep_assert_held(pidmap_lock); pidfs_add_pid(p); }"),
        C("1004- read side of a|read:b", "public pid j(int nr) { read_lock(tasklist_lock); var p = find_pid_ns(nr); read_unlock(tasklist_lock); return p; }"),
        C("1004- first of a|read:b", "public pid k(int nr) { using var _ = guard_rcu(); return find_pid_ns(nr); }"),
        C("1004+ neither of a|read:b", "public pid l(int nr) => {|KRN1004:find_pid_ns(nr)|};", "Calling 'find_pid_ns' requires holding 'rcu or tasklist_lock'"),
        C("1004- param instance", "public void i(pid p) { using (guard_spinlock_irq(p.wait_pidfd.@lock)) { pidfs_set_attr(p, null); } }"),

        // KRN1005 __must_not_hold
        C("1005+ free_pid under tasklist_lock", "public void a(pid p) { write_lock_irq(tasklist_lock); {|KRN1005:free_pid(p)|}; write_unlock_irq(tasklist_lock); }", "Calling 'free_pid' while holding 'tasklist_lock', which it must not be called with"),
        C("1005+ read side", "public void b(pid p) { read_lock(tasklist_lock); {|KRN1005:free_pid(p)|}; read_unlock(tasklist_lock); }", "Calling 'free_pid' while holding 'tasklist_lock', which it must not be called with"),
        C("1005+ assert_not_held", "public void c() { spin_lock(pidmap_lock); {|KRN1005:lockdep_assert_not_held(pidmap_lock)|}; spin_unlock(pidmap_lock); }", "Calling 'lockdep_assert_not_held' while holding 'pidmap_lock', which it must not be called with"),
        C("1005- after unlock", "public void d(pid p) { write_lock_irq(tasklist_lock); write_unlock_irq(tasklist_lock); free_pid(p); }"),
        C("1005- other lock", "public void e(pid p) { mutex_lock(pid_caches_mutex); free_pid(p); mutex_unlock(pid_caches_mutex); }"),
        C("1005+ through a local alias", "public void g(pid p) { var l = tasklist_lock; write_lock_irq(l); {|KRN1005:free_pid(p)|}; write_unlock_irq(tasklist_lock); }", "Calling 'free_pid' while holding 'tasklist_lock', which it must not be called with"),
        C("1005+ through a helper", "public void h1(pid p) { free_pid(p); }\npublic void h2(pid p) { write_lock_irq(tasklist_lock); {|KRN1005:h1(p)|}; write_unlock_irq(tasklist_lock); }", "Calling 'h1' while holding 'tasklist_lock', which it must not be called with (via h1 (Test0.cs:8) -> free_pid (Test0.cs:8))"),
        C("1005- contract", "[__must_not_hold(\"tasklist_lock\")] public void f(pid p) { free_pid(p); }"),

        // KRN1006 __guarded_by
        C("1006+ global write", "public void a() { {|KRN1006:pid_counter|}++; }", "Writing 'pid_counter' requires holding 'pidmap_lock'"),
        C("1006+ field read", "public object b(pid p) => {|KRN1006:p.attr|};", "Reading 'p.attr' requires holding 'p.wait_pidfd.lock'"),
        C("1006+ wrong instance", "public void c(pid p, pid q) { spin_lock(q.wait_pidfd.@lock); {|KRN1006:p.attr|} = null; spin_unlock(q.wait_pidfd.@lock); }", "Writing 'p.attr' requires holding 'p.wait_pidfd.lock'"),
        C("1006+ task field", "public object d(task_struct t) { return {|KRN1006:t.nsproxy|}; }", "Reading 't.nsproxy' requires holding 't.alloc_lock'"),
        C("1006- guard", "public void e(pid p) { using var g = guard_spinlock_irq(p.wait_pidfd.@lock); p.attr = null; }"),
        C("1006- task_lock", "public object f(task_struct t) { task_lock(t); var n = t.nsproxy; task_unlock(t); return n; }"),
        C("1006- fresh object", "public pid g() { var p = new pid(); p.attr = null; return p; }"),
        C("1006- lock through a local", "public void i(pid p) { var l = p.wait_pidfd.@lock; spin_lock(l); p.attr = null; spin_unlock(p.wait_pidfd.@lock); }"),
        C("1006- lock through a ref local", "public void j(pid p) { ref var l = ref p.wait_pidfd.@lock; spin_lock(l); p.attr = null; spin_unlock(l); }"),
        C("1006+- a marked read is what its parameter's attribute says", "public static int peek([__returned, __data_racy] ref int x) => x;\npublic static int racy([__returned, __data_racy] int x) => x;\npublic static int plain(int x) => x;\npublic int k() => peek(ref pid_counter) + racy(pid_counter + 1) + plain({|KRN1006:pid_counter|});", "Reading 'pid_counter' requires holding 'pidmap_lock'"),
        C("1006- either context", "public object h() { using var _ = guard_rcu(); return init_task_list; }"),

        // KRN1007 reader/writer
        C("1007+ read then write_unlock", "public void a() { read_lock(tasklist_lock); {|KRN1007:write_unlock(tasklist_lock)|}; }", "'tasklist_lock' is held for read, but 'write_unlock' needs it held for write"),
        C("1007+ write under read", "public void b() { read_lock(tasklist_lock); {|KRN1007:init_task_list|} = null; read_unlock(tasklist_lock); }", "'tasklist_lock' is held for read, but writing 'init_task_list' needs it held for write"),
        C("1007+ __must_hold write", "public void c(task_struct t) { read_lock(tasklist_lock); {|KRN1007:attach_pid(t)|}; read_unlock(tasklist_lock); }", "'tasklist_lock' is held for read, but 'attach_pid' needs it held for write"),
        C("1007- write pair", "public void d(task_struct t) { write_lock_irq(tasklist_lock); attach_pid(t); write_unlock_irq(tasklist_lock); }"),
        C("1007- read pair", "public object e() { read_lock(tasklist_lock); var x = init_task_list; read_unlock(tasklist_lock); return x; }"),
        C("1007- write guard", "public void f() { using var g = guard_write_lock_irq(tasklist_lock); init_task_list = null; }"),

        // KRN1008 sleeping in atomic context
        C("1008+ under spinlock", "public void a(pid p) { spin_lock(pidmap_lock); {|KRN1008:pidfs_register_pid(p)|}; spin_unlock(pidmap_lock); }", "Calling 'pidfs_register_pid', which may sleep, while holding 'pidmap_lock'"),
        C("1008+ under rcu", "public void b() { using var _ = guard_rcu(); {|KRN1008:might_sleep()|}; }", "Calling 'might_sleep', which may sleep, while holding 'rcu'"),
        C("1008+ through a call", "public void helper(pid p) { pidfs_register_pid(p); }\npublic void c(pid p) { read_lock(tasklist_lock); {|KRN1008:helper(p)|}; read_unlock(tasklist_lock); }", "Calling 'helper', which may sleep, while holding 'tasklist_lock' via helper (Test0.cs:8) -> pidfs_register_pid"),
        C("1008+ mutex under rcu", "public void g() { rcu_read_lock(); {|KRN1008:mutex_lock(pid_caches_mutex)|}; mutex_unlock(pid_caches_mutex); rcu_read_unlock(); }", "Calling 'mutex_lock', which may sleep, while holding 'rcu'"),
        C("1008+ GFP_KERNEL under a spinlock", "public void h() { spin_lock(pidmap_lock); {|KRN1008:kmalloc(8, gfp_t.GFP_KERNEL)|}; spin_unlock(pidmap_lock); }", "Calling 'kmalloc(gfp_t.GFP_KERNEL)', which may sleep, while holding 'pidmap_lock' (the mask allows direct reclaim)"),
        C("1008- GFP_ATOMIC under a spinlock", "public void i() { spin_lock(pidmap_lock); kmalloc(8, gfp_t.GFP_ATOMIC); spin_unlock(pidmap_lock); }"),
        C("1008+ two calls deep", "public void s1() { s2(); }\npublic void s2() { kmalloc(8, gfp_t.GFP_KERNEL); }\npublic void j() { read_lock(tasklist_lock); {|KRN1008:s1()|}; read_unlock(tasklist_lock); }", "Calling 's1', which may sleep, while holding 'tasklist_lock' via s1 (Test0.cs:8) -> s2 (Test0.cs:9) -> kmalloc(gfp_t.GFP_KERNEL)"),
        C("1008+ a helper allocates with its caller's mask under its own spinlock", "public void gh(gfp_t gfp) { spin_lock(pidmap_lock); kmalloc(8, gfp); spin_unlock(pidmap_lock); }\npublic void k() { {|KRN1008:gh(gfp_t.GFP_KERNEL)|}; }", "Calling 'gh(gfp_t.GFP_KERNEL)', which may sleep, while holding 'pidmap_lock' (inside it, via gh (Test0.cs:8) -> kmalloc(gfp))"),
        C("1008- the same helper given GFP_ATOMIC", "public void gh(gfp_t gfp) { spin_lock(pidmap_lock); kmalloc(8, gfp | gfp_t.__GFP_HIGH); spin_unlock(pidmap_lock); }\npublic void l() { gh(gfp_t.GFP_ATOMIC); }"),
        C("1008+ the mask passed on through a caller's gfp parameter", "public void gh(gfp_t gfp) { spin_lock(pidmap_lock); kmalloc(8, gfp); spin_unlock(pidmap_lock); }\npublic void gm(gfp_t g) { gh(g); }\npublic void m() { {|KRN1008:gm(gfp_t.GFP_KERNEL)|}; }", "Calling 'gm(gfp_t.GFP_KERNEL)', which may sleep, while holding 'pidmap_lock' (inside it, via gm (Test0.cs:9) -> gh (Test0.cs:8) -> kmalloc(gfp))"),
        C("1008+ a sleeping mask kept in a local", "public void n() { var gfp = gfp_t.GFP_KERNEL; spin_lock(pidmap_lock); {|KRN1008:kmalloc(8, gfp)|}; spin_unlock(pidmap_lock); }", "Calling 'kmalloc(gfp)', which may sleep, while holding 'pidmap_lock' (the mask allows direct reclaim)"),
        C("1008- a mask cleared of direct reclaim", "public void gh(gfp_t gfp) { spin_lock(pidmap_lock); kmalloc(8, gfp & ~gfp_t.__GFP_DIRECT_RECLAIM); spin_unlock(pidmap_lock); }\npublic void o() { gh(gfp_t.GFP_KERNEL); }"),
        C("1008+- a helper that sleeps only as its mask says (might_alloc)", "public void ma([__might_sleep] gfp_t gfp) { if ((gfp & gfp_t.__GFP_DIRECT_RECLAIM) != 0) might_sleep(); }\npublic void ha(gfp_t g) { ma(g | gfp_t.__GFP_HIGH); }\npublic void p() { spin_lock(pidmap_lock); ha(gfp_t.GFP_ATOMIC); {|KRN1008:ha(gfp_t.GFP_KERNEL)|}; spin_unlock(pidmap_lock); }", "Calling 'ha(gfp_t.GFP_KERNEL)', which may sleep, while holding 'pidmap_lock' (the mask allows direct reclaim)"),
        C("1008- under mutex", "public void d(pid p) { mutex_lock(pid_caches_mutex); pidfs_register_pid(p); mutex_unlock(pid_caches_mutex); }"),
        C("1008- after unlock", "public void e(pid p) { spin_lock(pidmap_lock); spin_unlock(pidmap_lock); pidfs_register_pid(p); }"),
        C("1008- no lock", "public void f() { might_sleep(); }"),

        // KRN1009 contract at return
        C("1009+ __acquires not on all paths", "[__acquires(\"pidmap_lock\")] public void {|KRN1009:a|}(bool x) { if (x) spin_lock(pidmap_lock); }", "'a' must hold 'pidmap_lock' when it returns (__acquires), but does not at the end of the function"),
        C("1009+ __must_hold dropped on error path", "[__must_hold(\"pidmap_lock\")]\npublic int {|KRN1009:b|}(pid p)\n{\n    if (p.level > 0) { spin_unlock(pidmap_lock); return -EINVAL; }\n    return 0;\n}", "'b' must hold 'pidmap_lock' when it returns (__must_hold), but does not on the error path at line 11"),
        C("1009+ __acquires param lock", "[__acquires(\"p.wait_pidfd.lock\")] public void {|KRN1009:c|}(pid p) { }", "'c' must hold 'p.wait_pidfd.lock' when it returns (__acquires), but does not at the end of the function"),
        C("1009- __acquires", "[__acquires(\"p.wait_pidfd.lock\")] public void d(pid p) { spin_lock_irq(p.wait_pidfd.@lock); }"),
        C("1009- drop and retake", "[__must_hold(\"pidmap_lock\")] public void e() { spin_unlock(pidmap_lock); spin_lock(pidmap_lock); }"),
        C("1009- __cond_acquires", "[__cond_acquires(true, \"pidmap_lock\")] public bool f() { if (spin_trylock(pidmap_lock)) return true; return false; }"),

        // KRN1010 contract naming no lock, reported on the attribute
        C("1010+ misspelt global", "[{|KRN1010:__must_hold(\"pidmap_lok\")|}] public void a() { }", "'pidmap_lok' in [__must_hold] names no lock: 'pidmap_lok' is neither a parameter of 'a' nor a global"),
        C("1010+ misspelt field", "[{|KRN1010:__must_not_hold(\"p.wait_pidfd.lok\")|}] public void b(pid p) { }", "'p.wait_pidfd.lok' in [__must_not_hold] names no lock: no field path 'p.wait_pidfd.lok' from parameter 'p' (pid)"),
        C("1010+ one bad alternative", "[{|KRN1010:__must_hold(\"rcu|read:tasklist_lok\")|}] public void c() { }", "'rcu|read:tasklist_lok' in [__must_hold] names no lock: 'tasklist_lok' is neither a parameter of 'c' nor a global"),
        C("1010+ guarded_by", "//raw\npublic sealed class holder { public spinlock_t @lock; [{|KRN1010:__guarded_by(\"lok\")|}] public int x; }", "'lok' in [__guarded_by] names no lock: no field path 'lok' in 'holder' and no global of that name"),
        C("1010+ a primitive's lock", "[{|KRN1010:__acquire(\"t.alloc_lok\")|}] public void grab(task_struct t) { }", "'t.alloc_lok' in [__acquire] names no lock: no field path 't.alloc_lok' from parameter 't' (task_struct)"),
        C("1010- every form", "[__must_hold(\"rcu|read:tasklist_lock\")] [__may_take(\"p.wait_pidfd.lock\")] public void d(pid p) { }"),
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
