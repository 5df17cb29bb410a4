// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>KRN3001-KRN3004 (references) and KRN4001 (release path takes a lock).</summary>
public class RefcountTests
{
    /// <summary>Gets the cases: name, marked-up members, expected messages.</summary>
    public static IEnumerable<object[]> Cases => new[]
    {
        // references through other names: a copy, a field of a local
        C("3002+ through a copy", "public void k(int nr) { var p = find_get_pid(nr); var q = p; put_pid(q); {|KRN3002:put_pid(p)|}; }", "'p' is put twice (first put at line 8)"),
        C("3002+ through a field of a local", "public void l(dentry d) { var x = dget(d); path pa = default; pa.dentry = x; dput(pa.dentry); {|KRN3002:dput(x)|}; }", "'x' is put twice (first put at line 8)"),
        C("3003+ use through a copy", "public int m(int nr) { var p = find_get_pid(nr); var q = p; put_pid(p); return {|KRN3003:q|}.level; }", "'q' is used after its reference was put by 'put_pid' at line 8"),
        C("3001- copy put once", "public void n(int nr) { var p = find_get_pid(nr); var q = p; put_pid(q); }"),
        C("3001+ copy leaked", "public void o(int nr) { var p = {|KRN3001:find_get_pid(nr)|}; var q = p; }", "Reference from 'find_get_pid' is leaked at the end of the function"),

        // references captured by lambdas and local functions: a borrow stays the owner's, a put takes it over
        C("3002+ after a lambda that borrows", "public int la(int nr) { var p = find_get_pid(nr); var r = call_it(() => p.level); put_pid(p); {|KRN3002:put_pid(p)|}; return r; }\npublic int call_it(Func<int> f) => f();", "'p' is put twice (first put at line 8)"),
        C("3001+ early return past a lambda that borrows", "public int lb(int nr)\n{\n    var p = {|KRN3001:find_get_pid(nr)|};\n    var r = call_it(() => p.level);\n    if (r < 0) return r;\n    put_pid(p);\n    return r;\n}\npublic int call_it(Func<int> f) => f();", "Reference from 'find_get_pid' is leaked on the path at line 12"),
        C("3002+ after a lambda that passes it to a borrowing call", "public int lb2(int nr) { var p = find_get_pid(nr); var r = call_it(() => pid_level(p)); put_pid(p); {|KRN3002:put_pid(p)|}; return r; }\npublic int call_it(Func<int> f) => f();\npublic int pid_level(pid p) => p.level;", "'p' is put twice (first put at line 8)"),
        C("3001- a lambda that puts takes the reference", "public void lc(int nr) { var p = find_get_pid(nr); call_it(() => { put_pid(p); return 0; }); }\npublic int call_it(Func<int> f) => f();"),
        C("3001- a lambda that returns it takes the reference", "public pid lc2(int nr) { var p = find_get_pid(nr); return call_pid(() => p); }\n[return: __returns_ref] public pid call_pid(Func<pid> f) => f();"),
        C("3002+ after a local function that borrows", "public void ld(int nr) { var p = find_get_pid(nr); int lvl() => p.level; lvl(); put_pid(p); {|KRN3002:put_pid(p)|}; }", "'p' is put twice (first put at line 8)"),
        C("3002+ a local function puts it, then the function does", "public void lj(int nr) { var p = find_get_pid(nr); void drop() => put_pid(p); drop(); {|KRN3002:put_pid(p)|}; }", "'p' is put twice (first put at line 8)"),
        C("3003+ used after a local function put it", "public int lk(int nr) { var p = find_get_pid(nr); void drop() => put_pid(p); drop(); return {|KRN3003:p|}.level; }", "'p' is used after its reference was put by 'drop' at line 8"),
        C("3001- a local function that puts on one path only takes it over", "public void ll(int nr, bool x) { var p = find_get_pid(nr); void maybe() { if (x) put_pid(p); } maybe(); }"),
        C("3001- a local function that puts", "public void le(int nr) { var p = find_get_pid(nr); void drop() => put_pid(p); drop(); }"),

        // a struct reference handled field by field (mntput(path.mnt); return path.dentry), and puts in finally
        C("3001- path split: mnt put, dentry returned", "[return: __returns_ref] public dentry lf(int nr) { var ret = lookup_path(nr, out var path); if (ret < 0) return null; mntput(path.mnt); return path.dentry; }\npublic void mntput([__releases_ref] vfsmount m) { }"),
        C("3002+ path_put after mntput", "public void lg(int nr) { var ret = lookup_path(nr, out var path); if (ret < 0) return; mntput(path.mnt); {|KRN3002:path_put(ref path)|}; }\npublic void mntput([__releases_ref] vfsmount m) { }", "'path.mnt' is put twice (first put at line 8)"),
        C("3001+ the dentry of a split path", "public void lh(int nr) { var ret = {|KRN3001:lookup_path(nr, out var path)|}; if (ret < 0) return; mntput(path.mnt); }\npublic void mntput([__releases_ref] vfsmount m) { }", "Reference from 'lookup_path' is leaked on a path out of the function"),
        C("3002+ a second put in finally", "public int li(int nr) { var ret = lookup_path(nr, out var path); if (ret < 0) return ret; try { return path.dentry == null ? 1 : 0; } finally { path_put(ref path); {|KRN3002:path_put(ref path)|}; } }", "'path' is put twice (first put at line 8)"),

        // KRN3001 leak
        C("3001+ error path", "public int a(int nr)\n{\n    var p = {|KRN3001:find_get_pid(nr)|};\n    if (p == null) return -ESRCH;\n    if (p.level > 0) return -EINVAL;\n    put_pid(p);\n    return 0;\n}", "Reference from 'find_get_pid' is leaked on the error path at line 12"),
        C("3001+ discarded", "public void b(int nr) { {|KRN3001:find_get_pid(nr)|}; }", "Reference from 'find_get_pid' is leaked because its result is discarded"),
        C("3001+ overwritten", "public void c(int nr)\n{\n    var p = {|KRN3001:find_get_pid(nr)|};\n    p = find_get_pid(nr + 1);\n    put_pid(p);\n}", "Reference from 'find_get_pid' is leaked when it is overwritten at line 11"),
        C("3001+ get_pid without put", "public void d(task_struct t) { var p = t.thread_pid; {|KRN3001:get_pid(p)|}; }", "Reference from 'get_pid' is leaked at the end of the function"),
        C("3001- get_pid of a parameter is stored", "public void d2(pid p, task_struct t) { get_pid(p); t.thread_pid = p; }"),
        C("3001+ IS_ERR checked, success path leaks", "public int e(int fd)\n{\n    var p = {|KRN3001:pidfd_get_pid(fd, out var flags)|};\n    if (IS_ERR(p)) return PTR_ERR(p);\n    return p.level;\n}", "Reference from 'pidfd_get_pid' is leaked on the path at line 12"),
        C("3001- put on every path", "public int f(int fd)\n{\n    var p = pidfd_get_pid(fd, out var flags);\n    if (IS_ERR(p)) return PTR_ERR(p);\n    var l = p.level;\n    put_pid(p);\n    return l;\n}"),
        C("3001- returned", "[__returns_ref] public pid g(int nr) { var p = find_get_pid(nr); return p; }"),
        C("3001- consumed", "public int h(pid p, vfsmount m) { object s = null; var r = get_pid(p); return path_from_stashed(ref s, m, r, out var path); }"),
        C("3001- __free", "public int i(pid p) { using var task = __free(put_task, get_pid_task(p, PIDTYPE_PID)); return task.ptr == null ? -ESRCH : 0; }"),
        C("3001- stored", "public void j(task_struct t, int nr) { var p = find_get_pid(nr); t.thread_pid = p; }"),
        C("3001- no_free_ptr", "[__returns_ref] public task_struct k(pid p) { using var task = __free(put_task, get_pid_task(p, PIDTYPE_PID)); return no_free_ptr(task); }"),
        C("3001- a cleanup scope of another name", "[__cleanup] public free_ptr<T> owned<T>(Action<vmlinux, T> free, T p) where T : class => default;\n[__no_free] public T keep<T>(in free_ptr<T> p) where T : class => p.ptr;\n[__returns_ref] public task_struct k(pid p) { using var task = owned(put_task, get_pid_task(p, PIDTYPE_PID)); return keep(task); }\npublic int i(pid p) { using var task = owned(put_task, get_pid_task(p, PIDTYPE_PID)); return task.ptr == null ? -ESRCH : 0; }"),
        C("3001- inferred private getter", "private pid lookup(int nr) { return find_get_pid(nr); }\npublic void l(int nr) { var p = lookup(nr); put_pid(p); }"),
        C("3001+ inferred private getter", "private pid lookup(int nr) { return find_get_pid(nr); }\npublic void m(int nr) { var p = {|KRN3001:lookup(nr)|}; }", "Reference from 'lookup' is leaked at the end of the function"),

        // KRN3002 double put
        C("3002+ twice", "public void a(int nr)\n{\n    var p = find_get_pid(nr);\n    put_pid(p);\n    {|KRN3002:put_pid(p)|};\n}", "'p' is put twice (first put at line 11)"),
        C("3002+ in a branch", "public void b(int nr, bool x)\n{\n    var p = find_get_pid(nr);\n    put_pid(p);\n    if (x) {|KRN3002:put_pid(p)|};\n}", "'p' is put twice (first put at line 11)"),
        C("3002+ dentry", "public void c(dentry d) { var x = dget(d); dput(x); {|KRN3002:dput(x)|}; }", "'x' is put twice (first put at line 8)"),
        C("3002- once", "public void d(int nr) { var p = find_get_pid(nr); put_pid(p); }"),
        C("3002- either branch", "public void e(int nr, bool x) { var p = find_get_pid(nr); if (x) put_pid(p); else put_pid(p); }"),
        C("3002- two references", "public void f(pid p) { var a = get_pid(p); var b = get_pid(p); put_pid(a); put_pid(b); }"),

        // KRN3003 use after put / consume
        C("3003+ after put", "public int a(int nr)\n{\n    var p = find_get_pid(nr);\n    put_pid(p);\n    return {|KRN3003:p|}.level;\n}", "'p' is used after its reference was put by 'put_pid' at line 11"),
        C("3003+ after consume", "public int b(pid pp, vfsmount m)\n{\n    object s = null;\n    var r = get_pid(pp);\n    var ret = path_from_stashed(ref s, m, r, out var path);\n    return {|KRN3003:r|}.level + ret;\n}", "'r' is used after its reference was passed to consuming 'path_from_stashed' at line 12"),
        C("3003+ put after consume", "public void c(pid pp, vfsmount m)\n{\n    object s = null;\n    var r = get_pid(pp);\n    path_from_stashed(ref s, m, r, out var path);\n    {|KRN3003:put_pid(r)|};\n}", "'r' is used after its reference was passed to consuming 'path_from_stashed' at line 12"),
        C("3003- use before put", "public int d(int nr) { var p = find_get_pid(nr); var l = p.level; put_pid(p); return l; }"),
        C("3003- reassigned", "public int e(int nr) { var p = find_get_pid(nr); put_pid(p); p = find_get_pid(1); var l = p.level; put_pid(p); return l; }"),
        C("3003- other branch", "public int f(int nr, bool x) { var p = find_get_pid(nr); if (x) { put_pid(p); return 0; } var l = p.level; put_pid(p); return l; }"),

        // KRN3004 borrowed put
        C("3004+ pidfd_pid", "public void a(@file f) { var p = pidfd_pid(f); {|KRN3004:put_pid(p)|}; }", "'p' holds a borrowed reference from 'pidfd_pid' and must not be put"),
        C("3004+ through a copy", "public void b(@file f) { var p = pidfd_pid(f); var q = p; {|KRN3004:put_pid(q)|}; }", "'q' holds a borrowed reference from 'pidfd_pid' and must not be put"),
        C("3004+ null-checked", "public void c(@file f) { var p = pidfd_pid(f); if (p != null) {|KRN3004:put_pid(p)|}; }", "'p' holds a borrowed reference from 'pidfd_pid' and must not be put"),
        C("3004- get then put", "public void d(@file f) { var p = pidfd_pid(f); var q = get_pid(p); put_pid(q); }"),
        C("3004- not put", "public int e(@file f) { var p = pidfd_pid(f); return p.level; }"),
        C("3004- owned", "public void g(int nr) { var p = find_get_pid(nr); put_pid(p); }"),

        // KRN4001 release path takes a lock
        C("4001+ put under the lock it takes", "public void a(pid p) { spin_lock(pidmap_lock); {|KRN4001:put_pid(p)|}; spin_unlock(pidmap_lock); }", "'put_pid' may drop the last reference and take 'pidmap_lock' on its release path while 'pidmap_lock' is held (it would take the held lock again)"),
        C("4001+ put under a later lock", "public void b(pid p) { write_seqcount_begin(pidmap_lock_seq); {|KRN4001:put_pid(p)|}; write_seqcount_end(pidmap_lock_seq); }", "'put_pid' may drop the last reference and take 'pidmap_lock' on its release path while 'pidmap_lock_seq' is held ('pidmap_lock' is ordered before 'pidmap_lock_seq')"),
        C("4001+ __free released inside guard", "public void c(int nr)\n{\n    using var g = guard_spinlock(pidmap_lock);\n    using var {|KRN4001:p = __free(put_pid, find_get_pid(nr))|};\n}", "'put_pid' may drop the last reference and take 'pidmap_lock' on its release path while 'pidmap_lock' is held (it would take the held lock again) via put_pid (Kernel.cs:138)"),
        C("4001+ a cleanup scope of another name released inside guard", "[__cleanup] public free_ptr<T> owned<T>(Action<vmlinux, T> free, T p) where T : class => default;\npublic void c(int nr)\n{\n    using var g = guard_spinlock(pidmap_lock);\n    using var {|KRN4001:p = owned(put_pid, find_get_pid(nr))|};\n}", "'put_pid' may drop the last reference and take 'pidmap_lock' on its release path while 'pidmap_lock' is held (it would take the held lock again) via put_pid (Kernel.cs:138)"),
        C("4001+ through a call", "public void drop(pid p) { put_pid(p); }\npublic void d(pid p) { spin_lock(pidmap_lock); {|KRN4001:drop(p)|}; spin_unlock(pidmap_lock); }", "'drop' may drop the last reference and take 'pidmap_lock' on its release path while 'pidmap_lock' is held (it would take the held lock again) via drop (Test0.cs:8)"),
        C("4001- after unlock", "public void e(pid p) { spin_lock(pidmap_lock); spin_unlock(pidmap_lock); put_pid(p); }"),
        C("4001- under an earlier lock", "public void f(pid p) { read_lock(tasklist_lock); put_pid(p); read_unlock(tasklist_lock); }"),
        C("4001- __free declared before the guard", "public void g(int nr) { using var p = __free(put_pid, find_get_pid(nr)); using var g = guard_spinlock(pidmap_lock); }"),
        C("4001- pointer taken out", "[__returns_ref] public pid h(int nr) { using var g = guard_spinlock(pidmap_lock); using var p = __free(put_pid, find_get_pid(nr)); return no_free_ptr(p); }"),
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
