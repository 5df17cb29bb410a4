// SPDX-License-Identifier: GPL-2.0-only

//
// The kernel's context and reference annotations, as attributes the
// analyzers (analyzers/) read at build time. Locks are named by a lock
// expression in the caller's terms: a global ("pidmap_lock", "tasklist_lock"),
// a field path from a parameter ("pid.wait_pidfd.lock", "task.alloc_lock"),
// or "rcu" for the RCU read side. "read:x" asks for the read side of an
// rwlock, and "a|b" is satisfied by either lock. The analyzers map each
// expression to its lock class (the declaring type and field, or the name a
// __lock_class attribute gives), as lockdep does.
using System;

namespace Linux;

/// <summary>__must_hold(x): the caller must hold every named lock (exclusive unless "read:" prefixes it).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = true)]
public sealed class __must_hold : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__must_hold"/> class.</summary>
    /// <param name="locks">Lock expressions.</param>
    public __must_hold(params string[] locks) => this.locks = locks;

    /// <summary>Gets the lock expressions.</summary>
    public string[] locks { get; }
}

/// <summary>__must_not_hold(x): the caller must not hold the named locks (lockdep_assert_not_held).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = true)]
public sealed class __must_not_hold : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__must_not_hold"/> class.</summary>
    /// <param name="locks">Lock expressions.</param>
    public __must_not_hold(params string[] locks) => this.locks = locks;

    /// <summary>Gets the lock expressions.</summary>
    public string[] locks { get; }
}

/// <summary>__acquires(x): the function returns with the lock held that it did not hold on entry.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class __acquires : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__acquires"/> class.</summary>
    /// <param name="locks">Lock expressions.</param>
    public __acquires(params string[] locks) => this.locks = locks;

    /// <summary>Gets the lock expressions.</summary>
    public string[] locks { get; }
}

/// <summary>__releases(x): the function is entered with the lock held and returns with it released.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class __releases : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__releases"/> class.</summary>
    /// <param name="locks">Lock expressions.</param>
    public __releases(params string[] locks) => this.locks = locks;

    /// <summary>Gets the lock expressions.</summary>
    public string[] locks { get; }
}

/// <summary>__cond_acquires(ret, x): the lock is held on return exactly when the function returned <c>ret</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class __cond_acquires : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__cond_acquires"/> class.</summary>
    /// <param name="ret">The return value that means "acquired".</param>
    /// <param name="locks">Lock expressions.</param>
    public __cond_acquires(bool ret, params string[] locks)
    {
        this.ret = ret;
        this.locks = locks;
    }

    /// <summary>Gets the return value that means "acquired".</summary>
    public bool ret { get; }

    /// <summary>Gets the lock expressions.</summary>
    public string[] locks { get; }
}

/// <summary>
/// __cond_releases(ret, x): entered with the lock held; the lock is released on return exactly when the
/// function's result is (for a bool) <c>ret</c>, or (for an int, with ret true) nonzero. The wait_task_*
/// family drops tasklist_lock when it returns nonzero.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class __cond_releases : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__cond_releases"/> class.</summary>
    /// <param name="ret">The result that means "released": true for a bool true or an int nonzero.</param>
    /// <param name="locks">Lock expressions.</param>
    public __cond_releases(bool ret, params string[] locks)
    {
        this.ret = ret;
        this.locks = locks;
    }

    /// <summary>Gets the result that means "released".</summary>
    public bool ret { get; }

    /// <summary>Gets the lock expressions.</summary>
    public string[] locks { get; }
}

/// <summary>__guarded_by(x): the field may be read or written only with the lock held.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
public sealed class __guarded_by : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__guarded_by"/> class.</summary>
    /// <param name="lock">Lock expression relative to the containing object ("lock") or a global.</param>
    public __guarded_by(string @lock) => this.@lock = @lock;

    /// <summary>Gets the lock expression.</summary>
    public string @lock { get; }
}

/// <summary>
/// The lock order, declared once where the locks are defined: each lock in the list
/// may be taken while holding any lock before it, never the other way round.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class lock_order : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="lock_order"/> class.</summary>
    /// <param name="locks">Lock classes, outermost first.</param>
    public lock_order(params string[] locks) => this.locks = locks;

    /// <summary>Gets the lock classes, outermost first.</summary>
    public string[] locks { get; }
}

/// <summary>
/// lock_never_nest(a, b): the two lock classes are never held at the same time, in either order,
/// directly or through any chain of calls (tasklist_lock and pidmap_lock since v6.15).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class lock_never_nest : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="lock_never_nest"/> class.</summary>
    /// <param name="a">One lock class.</param>
    /// <param name="b">The other.</param>
    public lock_never_nest(string a, string b)
    {
        this.a = a;
        this.b = b;
    }

    /// <summary>Gets one lock class.</summary>
    public string a { get; }

    /// <summary>Gets the other lock class.</summary>
    public string b { get; }
}

/// <summary>
/// __lock_class(name): the field or parameter is a lock object whose lockdep class is <c>name</c>
/// (for a global, its own name; for a per-object lock, "type.field").
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
public sealed class __lock_class : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__lock_class"/> class.</summary>
    /// <param name="name">The lock class name.</param>
    public __lock_class(string name) => this.name = name;

    /// <summary>Gets the lock class name.</summary>
    public string name { get; }
}

/// <summary>__returns_ref: the return value (or this out parameter) carries a counted reference the caller must put.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.ReturnValue | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class __returns_ref : Attribute
{
}

/// <summary>
/// __borrowed: the return value is a borrowed pointer; the caller must not put it. On a parameter: the function
/// only looks at the pointer passed (PTR_ERR): it neither keeps nor puts it, and a fresh object passed stays unpublished.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.ReturnValue | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class __borrowed : Attribute
{
}

/// <summary>__gets_ref: the function takes one more reference on the object passed in this parameter (get_pid, dget, path_get).</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class __gets_ref : Attribute
{
}

/// <summary>
/// __consumes: the function takes over the reference passed in this parameter. __consumes("keeper"): it
/// stores the reference in the object passed as parameter <c>keeper</c> (d_instantiate: the dentry, which
/// keeps the inode alive; path_from_stashed: the returned path), so the caller may still use the object as
/// long as it holds the keeper.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class __consumes : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__consumes"/> class.</summary>
    public __consumes()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="__consumes"/> class.</summary>
    /// <param name="keeper">The parameter whose object the reference is stored in.</param>
    public __consumes(string keeper) => this.keeper = keeper;

    /// <summary>Gets the parameter whose object keeps the consumed reference alive, if any.</summary>
    public string? keeper { get; }
}

/// <summary>__releases_ref: a put function; the parameter's reference is dropped.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class __releases_ref : Attribute
{
}

/// <summary>
/// __may_take(x): dropping the last reference through this put function runs a release path
/// that takes the named locks (put_pid → pidfs_free_pid, free_pid → pidmap_lock).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class __may_take : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__may_take"/> class.</summary>
    /// <param name="locks">Lock expressions.</param>
    public __may_take(params string[] locks) => this.locks = locks;

    /// <summary>Gets the lock expressions.</summary>
    public string[] locks { get; }
}

/// <summary>
/// might_sleep(): on a function, it may sleep, so no spinlock or RCU read side may be held when it is called.
/// On a lock type, the lock sleeps (lockdep's LD_WAIT_SLEEP: mutex, rw_semaphore): holding it is not atomic
/// context. On a gfp_t flag, an allocation whose mask has that bit may sleep (__GFP_DIRECT_RECLAIM). On a gfp_t
/// parameter, the function sleeps only when the mask passed there may (might_alloc).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class __might_sleep : Attribute
{
}

/// <summary>
/// __is_err: err.h's IS_ERR and IS_ERR_OR_NULL: the function only looks at the pointer, and returns true when it
/// is an error pointer (or NULL), which holds no object and so no reference.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __is_err : Attribute
{
}

/// <summary>__err_ptr: err.h's ERR_PTR and ERR_CAST: the result is an error pointer, not an object.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __err_ptr : Attribute
{
}

/// <summary>
/// __returned: the function returns the value of this argument (READ_ONCE, data_race, rcu_dereference): a lock
/// or object reached through the result is the argument's.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class __returned : Attribute
{
}

/// <summary>
/// __data_racy: the argument is read racing with writers on purpose, a marked access as KCSAN calls it
/// (READ_ONCE, data_race), so __guarded_by does not ask for the lock. A <c>ref</c> parameter marks the one
/// location passed (READ_ONCE(ref x)); a value parameter, every read in the expression passed (data_race(expr)).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class __data_racy : Attribute
{
}

/*
 * The lock primitives. Each is sparse's statement-level annotation put on the function that is the
 * primitive: __acquire(x) says "the context of x goes up here", where __acquires(x) is a contract a
 * function's body is checked against. A primitive's body is the lock's implementation and is not analysed;
 * its callers see exactly what the attribute says. The lock is named as in a contract, in the primitive's
 * own terms: its parameter ("lock"), a field of it ("p.alloc_lock"), "read:" for the read side, or "rcu".
 * A primitive that may block also carries __might_sleep (mutex_lock, down_read).
 */

/// <summary>__acquire(x): the function takes the lock (spin_lock, read_lock, mutex_lock, rcu_read_lock, task_lock).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __acquire : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__acquire"/> class.</summary>
    /// <param name="lock">Lock expression.</param>
    public __acquire(string @lock) => this.@lock = @lock;

    /// <summary>Gets the lock expression.</summary>
    public string @lock { get; }
}

/// <summary>__release(x): the function drops the lock (spin_unlock, up_read, rcu_read_unlock).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __release : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__release"/> class.</summary>
    /// <param name="lock">Lock expression.</param>
    public __release(string @lock) => this.@lock = @lock;

    /// <summary>Gets the lock expression.</summary>
    public string @lock { get; }
}

/// <summary>
/// __cond_acquire(ret, x): the function takes the lock when its result is <c>ret</c> (a bool), or for an int
/// result nonzero when <c>ret</c> is true and 0 when it is false (spin_trylock: true; down_read_killable: false,
/// 0 means taken); sparse's __cond_lock.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __cond_acquire : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__cond_acquire"/> class.</summary>
    /// <param name="ret">The result that means "taken".</param>
    /// <param name="lock">Lock expression.</param>
    public __cond_acquire(bool ret, string @lock)
    {
        this.ret = ret;
        this.@lock = @lock;
    }

    /// <summary>Gets the result that means "taken".</summary>
    public bool ret { get; }

    /// <summary>Gets the lock expression.</summary>
    public string @lock { get; }
}

/// <summary>
/// __guard(x): the function takes the lock and returns cleanup.h's guard(name)(x): the lock is held until the
/// scope of the <c>using</c> that holds the result ends.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __guard : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__guard"/> class.</summary>
    /// <param name="lock">Lock expression.</param>
    public __guard(string @lock) => this.@lock = @lock;

    /// <summary>Gets the lock expression.</summary>
    public string @lock { get; }
}

/// <summary>__assert_held(x): lockdep_assert_held: the code after the call runs with the lock held ("read:" for the read side).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __assert_held : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__assert_held"/> class.</summary>
    /// <param name="lock">Lock expression.</param>
    public __assert_held(string @lock) => this.@lock = @lock;

    /// <summary>Gets the lock expression.</summary>
    public string @lock { get; }
}

/// <summary>__assert_not_held(x): lockdep_assert_not_held: the lock must not be held at the call.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __assert_not_held : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__assert_not_held"/> class.</summary>
    /// <param name="lock">Lock expression.</param>
    public __assert_not_held(string @lock) => this.@lock = @lock;

    /// <summary>Gets the lock expression.</summary>
    public string @lock { get; }
}

/// <summary>
/// __cleanup: GCC's cleanup attribute, as cleanup.h's __free(name) puts it on a variable. On the function
/// that makes such a scope (<c>__free(free, ptr)</c>), it says the scope owns <c>ptr</c> and hands it to
/// <c>free</c> when the <c>using</c> that holds the result ends, unless it was taken out first.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __cleanup : Attribute
{
}

/// <summary>
/// __no_free: cleanup.h's no_free_ptr()/return_ptr(): the function takes the pointer out of its
/// <see cref="__cleanup"/> scope, so the cleanup does not run and the caller owns it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __no_free : Attribute
{
}

/// <summary>
/// __malloc: the function returns a new object nobody else can see yet (GCC's malloc attribute, which
/// upstream's slab.h puts on kmalloc and kmem_cache_alloc). Until the caller publishes it (stores it where
/// others can reach it, or hands it to a function that may keep it) its fields are initialised without
/// their locks.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __malloc : Attribute
{
}

/// <summary>
/// __unpublished: the caller passes an object nobody else can see yet (allocated by the caller and not yet
/// published, or itself received __unpublished); the function initialises it without its locks
/// (inode_init_always, init_file, do_dentry_open). Checked at every call (KRN1013).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class __unpublished : Attribute
{
}

/// <summary>
/// __init: the function runs once at boot, before any other task or CPU can reach the objects it sets up;
/// like a fresh object's initialisation, its accesses need no locks and what it passes on is unpublished.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class __init : Attribute
{
}

/// <summary>
/// __context_unsafe, with the reason as its argument (required): no rule is checked in this member, though the
/// locks it takes stay in the lock graph. Its uses are the lines that open the attribute with a bracket.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = false)]
public sealed class __context_unsafe : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__context_unsafe"/> class.</summary>
    /// <param name="reason">Why the analysis cannot follow this code.</param>
    public __context_unsafe(string reason) => this.reason = reason;

    /// <summary>Gets why the analysis cannot follow this code.</summary>
    public string reason { get; }
}

/// <summary>
/// __refs_unsafe(reason): only the reference-count rules (KRN3xxx) are off in this member; every lock
/// rule still applies. For a reference whose fate depends on a condition the analysis cannot tie to
/// where it was taken (copy_process: the pid alloc_pid returned is stored in the task only when
/// p->pid is nonzero, which is exactly when it is not init_struct_pid).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = false)]
public sealed class __refs_unsafe : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="__refs_unsafe"/> class.</summary>
    /// <param name="reason">Why the reference rules cannot follow this code.</param>
    public __refs_unsafe(string reason) => this.reason = reason;

    /// <summary>Gets why the reference rules cannot follow this code.</summary>
    public string reason { get; }
}
