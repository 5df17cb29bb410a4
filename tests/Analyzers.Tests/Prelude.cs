// SPDX-License-Identifier: GPL-2.0-only
namespace Pidfs.Analyzers.Tests;

/// <summary>The minimal contract vocabulary and kernel stubs every in-memory test compiles against.</summary>
internal static class Prelude
{
    /// <summary>The vocabulary, deliberately in another namespace than kernel/'s (found by name).</summary>
    public const string Vocabulary = """
        namespace Test.Contracts
        {
            using System;

            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class __must_hold : Attribute { public __must_hold(params string[] locks) { } }

            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class __must_not_hold : Attribute { public __must_not_hold(params string[] locks) { } }

            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class __acquires : Attribute { public __acquires(params string[] locks) { } }

            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class __releases : Attribute { public __releases(params string[] locks) { } }

            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class __cond_acquires : Attribute { public __cond_acquires(bool ret, params string[] locks) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __guarded_by : Attribute { public __guarded_by(string @lock) { } }

            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class lock_order : Attribute { public lock_order(params string[] locks) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __lock_class : Attribute { public __lock_class(string name) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __returns_ref : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __borrowed : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __consumes : Attribute { public __consumes() { } public __consumes(string keeper) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __malloc : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __unpublished : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __init : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __gets_ref : Attribute { }

            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class __cond_releases : Attribute { public __cond_releases(bool ret, params string[] locks) { } }

            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class lock_never_nest : Attribute { public lock_never_nest(string a, string b) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __releases_ref : Attribute { }

            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class __may_take : Attribute { public __may_take(params string[] locks) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __might_sleep : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __context_unsafe : Attribute { public __context_unsafe(string reason) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __is_err : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __err_ptr : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __returned : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __data_racy : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __acquire : Attribute { public __acquire(string @lock) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __release : Attribute { public __release(string @lock) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __cond_acquire : Attribute { public __cond_acquire(bool ret, string @lock) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __guard : Attribute { public __guard(string @lock) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __assert_held : Attribute { public __assert_held(string @lock) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __assert_not_held : Attribute { public __assert_not_held(string @lock) { } }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __cleanup : Attribute { }

            [AttributeUsage(AttributeTargets.All)]
            public sealed class __no_free : Attribute { }
        }
        """;

    /// <summary>Kernel stubs: lock types, struct types and the vmlinux primitives.</summary>
    public const string Kernel = """
        [assembly: Test.Contracts.lock_order("tasklist_lock", "sighand_struct.siglock", "wait_queue_head_t.lock")]
        [assembly: Test.Contracts.lock_order("tasklist_lock", "pidmap_lock", "pidmap_lock_seq")]
        [assembly: Test.Contracts.lock_order("pid_caches_mutex", "pidmap_lock")]
        [assembly: Test.Contracts.lock_never_nest("pidmap_lock", "mnt_id_lock")]

        namespace Linux
        {
            using System;
            using Test.Contracts;

            public enum gfp_t : uint { __GFP_HIGH = 0x20, [__might_sleep] __GFP_DIRECT_RECLAIM = 0x400, __GFP_KSWAPD_RECLAIM = 0x800, GFP_ATOMIC = 0x820, GFP_KERNEL = 0xcc0 }
            public sealed class spinlock_t { }
            public sealed class rwlock_t { }
            [__might_sleep] public sealed class mutex { }
            public sealed class seqcount_spinlock_t { }
            public sealed class refcount_t { }
            public sealed class wait_queue_head_t { public spinlock_t @lock = new spinlock_t(); }
            public sealed class pid
            {
                public refcount_t count = new refcount_t();
                public int level;
                public wait_queue_head_t wait_pidfd = new wait_queue_head_t();
                [__guarded_by("wait_pidfd.lock")] public object attr;
                public object stashed;
            }
            public sealed class sighand_struct { public spinlock_t siglock = new spinlock_t(); }
            public sealed class task_struct
            {
                public spinlock_t alloc_lock = new spinlock_t();
                public sighand_struct sighand = new sighand_struct();
                public pid thread_pid;
                [__guarded_by("alloc_lock")] public object nsproxy;
            }
            public sealed class dentry { }
            public sealed class @file { }
            public sealed class vfsmount { }
            public struct path { public dentry dentry; public vfsmount mnt; }
            public sealed class guard : IDisposable { public void Dispose() { } }
            public ref struct free_ptr<T> where T : class { private T p; public readonly ref T ptr => ref System.Runtime.CompilerServices.Unsafe.AsRef(in p); public readonly void Dispose() { } }

            public sealed partial class vmlinux
            {
                public const int PIDTYPE_PID = 0;
                public const int EINVAL = 22;
                public const int ESRCH = 3;
                public spinlock_t pidmap_lock = new spinlock_t();
                public rwlock_t tasklist_lock = new rwlock_t();
                public seqcount_spinlock_t pidmap_lock_seq = new seqcount_spinlock_t();
                public mutex pid_caches_mutex = new mutex();
                public spinlock_t mnt_id_lock = new spinlock_t();
                public spinlock_t lock_a = new spinlock_t();
                public spinlock_t lock_b = new spinlock_t();
                [__guarded_by("pidmap_lock")] public int pid_counter;
                [__guarded_by("rcu|tasklist_lock")] public object init_task_list;

                [__acquire("l")] public void spin_lock(spinlock_t l) { }
                [__release("l")] public void spin_unlock(spinlock_t l) { }
                [__acquire("l")] public void spin_lock_irq(spinlock_t l) { }
                [__release("l")] public void spin_unlock_irq(spinlock_t l) { }
                [__acquire("l")] public void spin_lock_irqsave(spinlock_t l, out ulong flags) { flags = 0; }
                [__release("l")] public void spin_unlock_irqrestore(spinlock_t l, ulong flags) { }
                [__cond_acquire(true, "l")] public bool spin_trylock(spinlock_t l) => true;
                [__cond_acquire(true, "read:l")] public bool read_trylock(rwlock_t l) => true;
                public static T data_race<T>([__returned, __data_racy] T x) => x;
                [__malloc] public T kzalloc_obj<T>(Func<T> ctor) where T : class => ctor();
                public object installed;
                public void install_pid([__consumes("d")] pid p, dentry d) { installed = p; }
                [__acquire("read:l")] public void read_lock(rwlock_t l) { }
                [__release("read:l")] public void read_unlock(rwlock_t l) { }
                [__acquire("l")] public void write_lock(rwlock_t l) { }
                [__release("l")] public void write_unlock(rwlock_t l) { }
                [__acquire("l")] public void write_lock_irq(rwlock_t l) { }
                [__release("l")] public void write_unlock_irq(rwlock_t l) { }
                [__acquire("t.alloc_lock")] public void task_lock(task_struct t) { }
                [__release("t.alloc_lock")] public void task_unlock(task_struct t) { }
                [__acquire("s")] public void write_seqcount_begin(seqcount_spinlock_t s) { }
                [__release("s")] public void write_seqcount_end(seqcount_spinlock_t s) { }
                [__acquire("rcu")] public void rcu_read_lock() { }
                [__release("rcu")] public void rcu_read_unlock() { }
                [__acquire("m"), __might_sleep] public void mutex_lock(mutex m) { }
                [__release("m")] public void mutex_unlock(mutex m) { }
                [__guard("rcu")] public guard guard_rcu() => new guard();
                [__guard("l")] public guard guard_spinlock(spinlock_t l) => new guard();
                [__guard("l")] public guard guard_spinlock_irq(spinlock_t l) => new guard();
                [__guard("read:l")] public guard guard_read_lock(rwlock_t l) => new guard();
                [__guard("l")] public guard guard_write_lock_irq(rwlock_t l) => new guard();
                [__guard("t.alloc_lock")] public guard guard_task_lock(task_struct t) => new guard();
                [__guard("m"), __might_sleep] public guard guard_mutex(mutex m) => new guard();
                [__assert_held("l")] public void lockdep_assert_held(object l) { }
                [__assert_not_held("l")] public void lockdep_assert_not_held(object l) { }
                [__might_sleep] public void might_sleep() { }
                [__cleanup] public free_ptr<T> __free<T>(Action<vmlinux, T> free, T p) where T : class => new free_ptr<T>();
                [__no_free] public T no_free_ptr<T>(in free_ptr<T> p) where T : class => p.ptr;
                [__no_free] public T return_ptr<T>(in free_ptr<T> p) where T : class => p.ptr;
                [__is_err] public bool IS_ERR(object p) => false;
                public object kmalloc(int size, gfp_t flags) => null;
                public int PTR_ERR([__borrowed] object p) => 0;
                [__err_ptr] public T ERR_PTR<T>(int e) where T : class => null;

                [__returns_ref] public pid get_pid([__gets_ref] pid p) => p;
                [__may_take("pidmap_lock")] public void put_pid([__releases_ref] pid p) { }
                [__returns_ref] public pid find_get_pid(int nr) => null;
                [__returns_ref] public task_struct get_pid_task(pid p, int type) => null;
                [__returns_ref] public pid get_task_pid(task_struct t, int type) => null;
                [__returns_ref] public pid pidfd_get_pid(int fd, out uint flags) { flags = 0; return null; }
                [__returns_ref] public task_struct get_task_struct([__gets_ref] task_struct t) => t;
                public void put_task_struct([__releases_ref] task_struct t) { }
                [__borrowed] public pid pidfd_pid(@file f) => null;
                [__returns_ref] public dentry dget([__gets_ref] dentry d) => d;
                public void dput([__releases_ref] dentry d) { }
                [__context_unsafe("stub")] public int path_from_stashed(ref object stashed, vfsmount mnt, [__consumes] object data, out path p) { p = default; return 0; }
                public void path_put([__releases_ref] ref path p) { }

                [__must_not_hold("tasklist_lock")]
                public void free_pid(pid p)
                {
                    spin_lock(pidmap_lock);
                    pid_counter--;
                    spin_unlock(pidmap_lock);
                }

                [__must_hold("pidmap_lock")] public void pidfs_add_pid(pid p) { }
                [__must_hold("pid.wait_pidfd.lock")] public void pidfs_set_attr(pid pid, object a) { }
                [__must_hold("tasklist_lock")] public void attach_pid(task_struct t) { }
                [__must_hold("rcu|tasklist_lock")] public task_struct pid_task(pid p, int type) => null;
                [__must_hold("rcu|read:tasklist_lock")] public pid find_pid_ns(int nr) => null;
                [__might_sleep] public void pidfs_register_pid(pid p) { }
                [__acquires("pidmap_lock")] public void pidmap_lock_it() { spin_lock(pidmap_lock); }
                [__releases("pidmap_lock")] public void pidmap_unlock_it() { spin_unlock(pidmap_lock); }
                [__cond_acquires(true, "pidmap_lock")] public bool pidmap_trylock() => spin_trylock(pidmap_lock);
                [__cond_releases(true, "read:tasklist_lock")] public int wait_one(int x) { if (x == 0) return 0; read_unlock(tasklist_lock); return x; }
                public const int EINTR = 4;
                public rw_semaphore exec_update_lock = new rw_semaphore();
                [__cond_acquire(false, "read:s"), __might_sleep] public int down_read_killable(rw_semaphore s) => 0;
                [__release("read:s")] public void up_read(rw_semaphore s) { }
                public int lookup_path(int nr, [__returns_ref] out path p) { p = default; if (nr < 0) return -EINVAL; p.dentry = dget(null); return 0; }
                // DEFINE_FREE cleanups: __free(put_pid), __free(put_task)
                public static void put_pid(vmlinux k, [__releases_ref] pid p) => k.put_pid(p);
                public static void put_task(vmlinux k, [__releases_ref] task_struct t) => k.put_task_struct(t);
            }

            [__might_sleep] public sealed class rw_semaphore { }
        }
        """;
}
