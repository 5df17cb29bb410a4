// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/lockdep.h and kernel/locking/lockdep.c. Every lock carries a
// lockdep_map naming its lock class; a class is one initialisation site (the
// lock_class_key: the file and line where the lock object is made), named by
// the expression the kernel stringifies ("&sighand->siglock"); a second site
// with the same name shows as "name#2". Each CPU keeps the stack of locks it
// holds: lockdep_assert_held() and lockdep_assert_not_held() really check it.
//
// With CONFIG_PROVE_LOCKING every acquisition also
//   - marks the class's irq usage (taken in hardirq/softirq context, taken
//     with hardirqs/softirqs enabled; the read forms for rwlock readers) and
//     reports "inconsistent lock state" when a class is both;
//   - records "class A was held while class B was taken" in a per-kernel
//     dependency graph; a new edge is checked for recursion, for a cycle
//     ("possible circular locking dependency") and for connecting an
//     irq-safe lock to an irq-unsafe one ("HARDIRQ-safe -> HARDIRQ-unsafe
//     lock order detected").
// The other reports: "bad unlock balance", "lock held when returning to user
// space" (lockdep_sys_exit), "held lock freed" (debug_check_no_locks_freed,
// from kmem_cache_free), "suspicious RCU usage" (rcupdate.cs) and "sleeping
// function called from invalid context" (might_sleep). Each is printed to
// the kernel log in the kernel's splat layout (kernel/lib/lockdep_print.cs)
// and recorded as a warning; as in the kernel, the first lockdep splat turns
// lockdep's checks off (debug_locks), the RCU and might_sleep ones do not.
//
// Without CONFIG_LOCKDEP (the production configuration) there is no held-lock
// bookkeeping at all, as in the kernel: lock_acquire, lock_release,
// lockdep_assert_held/_not_held, lockdep_sys_exit, debug_check_no_locks_freed
// and lockdep_hardirqs_on are [Conditional], so their calls (arguments
// included) are not compiled; the per-CPU held-lock stack stays empty and
// lockdep_depth() is 0. lock_is_held then asks the lock itself (see there).
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Linux;

/// <summary>lockdep_wait_type: what waiting in this lock means.</summary>
public enum lockdep_wait_type
{
    /// <summary>Not annotated (seqcount).</summary>
    LD_WAIT_INV = 0,

    /// <summary>Never waits (RCU).</summary>
    LD_WAIT_FREE = 1,

    /// <summary>
    /// Spins (raw_spinlock_t; and spinlock_t/rwlock_t here: the port has no raw_spinlock_t, so
    /// PROVE_RAW_LOCK_NESTING, which tells the two apart as SPIN and CONFIG, has nothing to check).
    /// </summary>
    LD_WAIT_SPIN = 2,

    /// <summary>Spins, or sleeps with PREEMPT_RT (spinlock_t under PROVE_RAW_LOCK_NESTING; the RCU read side).</summary>
    LD_WAIT_CONFIG = 3,

    /// <summary>Sleeps (mutex, rwsem).</summary>
    LD_WAIT_SLEEP = 4,

    /// <summary>Task context: anything may be taken.</summary>
    LD_WAIT_MAX = 5,
}

/// <summary>A lock class: all locks initialised at one site share it.</summary>
public sealed class lock_class
{
    /* usage bits (lockdep_internals.h order): bit 0 read, bit 1 "enabled" (else "used in"), then the state */
    internal const int LOCK_USED_IN_HARDIRQ = 0;
    internal const int LOCK_USED_IN_HARDIRQ_READ = 1;
    internal const int LOCK_ENABLED_HARDIRQ = 2;
    internal const int LOCK_ENABLED_HARDIRQ_READ = 3;
    internal const int LOCK_USED_IN_SOFTIRQ = 4;
    internal const int LOCK_USED_IN_SOFTIRQ_READ = 5;
    internal const int LOCK_ENABLED_SOFTIRQ = 6;
    internal const int LOCK_ENABLED_SOFTIRQ_READ = 7;
    internal const int LOCK_USED = 8;
    internal const int LOCK_USAGE_STATES = 9;

    private static readonly ConcurrentDictionary<init_site, lock_class> classes = new();
    private static int next_id;

    /// <summary>The usage bits (per kernel, since each test boots its own: keyed by the kernel).</summary>
    internal readonly ConditionalWeakTable<vmlinux, usage_state> usage = new();

    /* the usage bits looked up last: one kernel at a time takes the class's locks, nearly always */
    private usage_state? last_usage;

    private lock_class(string name, string file, int line, lockdep_wait_type wait_type)
    {
        this.name = name;
        this.key = $"{System.IO.Path.GetFileName(file)}:{line}";
        this.key_file = file;
        this.key_line = line;
        this.wait_type_inner = wait_type;
        this.id = Interlocked.Increment(ref next_id);
    }

    /// <summary>Gets the class name ("pidmap_lock", "&amp;pid->wait_pidfd").</summary>
    public string name { get; }

    /// <summary>Gets the lock_class_key: the initialisation site ("pid.cs:27").</summary>
    public string key { get; }

    /// <summary>Gets the initialisation site's source file, as the compiler named it (CallerFilePath).</summary>
    public string key_file { get; }

    /// <summary>Gets the initialisation site's line.</summary>
    public int key_line { get; }

    /// <summary>Gets the wait type of the class's locks.</summary>
    public lockdep_wait_type wait_type_inner { get; }

    /// <summary>Gets the class number.</summary>
    public int id { get; }

    /// <summary>
    /// The usage bits of this class in kernel <paramref name="k"/>: the kernel's usage_mask is a field of the
    /// class, so its test of a bit already set is one load; here it is one compare unless another kernel
    /// used the class last.
    /// </summary>
    /// <param name="k">The kernel.</param>
    /// <returns>Its usage bits.</returns>
    internal usage_state usage_of(vmlinux k)
    {
        var u = Volatile.Read(ref this.last_usage);
        if (u != null && u.kernel_id == k.lockdep_id)
            return u;
        u = this.usage.GetValue(k, static k => new usage_state { kernel_id = k.lockdep_id });
        Volatile.Write(ref this.last_usage, u);
        return u;
    }

    /// <summary>Finds or registers the class of an initialisation site.</summary>
    /// <param name="name">The class name.</param>
    /// <param name="file">The site's file.</param>
    /// <param name="line">The site's line.</param>
    /// <param name="wait_type">The wait type.</param>
    /// <returns>The class.</returns>
    public static lock_class get(string name, string file, int line, lockdep_wait_type wait_type)
    {
        /* every lock object is made here (a struct file, its own f_lock, per open): the lookup builds no string */
        var site = new init_site(name, file, line);
        if (classes.TryGetValue(site, out var c))
            return c;
        return classes.GetOrAdd(site, s => new lock_class(s.name, s.file, s.line, wait_type));
    }

    /// <inheritdoc/>
    public override string ToString() => this.name;

    /// <summary>
    /// An initialisation site and the name given there. The strings are the call site's literals
    /// ([CallerFilePath] and the name as written), so equality nearly always ends at the reference check
    /// and the hash reads no characters.
    /// </summary>
    private readonly struct init_site(string name, string file, int line) : System.IEquatable<init_site>
    {
        public readonly string name = name;
        public readonly string file = file;
        public readonly int line = line;

        public bool Equals(init_site other) => this.line == other.line && string.Equals(this.file, other.file, System.StringComparison.Ordinal) && string.Equals(this.name, other.name, System.StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is init_site other && this.Equals(other);

        public override int GetHashCode() => System.HashCode.Combine(this.line, this.file.Length, this.name.Length);
    }

    /// <summary>One kernel's view of a class: its usage bits and where each was first set.</summary>
    internal sealed class usage_state
    {
        /* the kernel these bits belong to (its number, not a reference: a class outlives the kernels that used it) */
        internal long kernel_id;
        internal int mask;
        internal readonly stack_entry[]?[] traces = new stack_entry[]?[LOCK_USAGE_STATES];
    }
}

/// <summary>struct lockdep_map: what lockdep knows about one lock instance.</summary>
public abstract class lockdep_map
{
    /// <summary>Initializes a new instance of the <see cref="lockdep_map"/> class.</summary>
    /// <param name="name">The lock class name.</param>
    /// <param name="wait_type">What waiting on it means.</param>
    /// <param name="file">The initialisation site's file (the lock_class_key).</param>
    /// <param name="line">The initialisation site's line.</param>
#if CONFIG_LOCKDEP
    protected lockdep_map(string name, lockdep_wait_type wait_type, string file, int line) => this.dep_class = lock_class.get(name, file, line, wait_type);

    /// <summary>Gets the lock class.</summary>
    public lock_class dep_class { get; }

    /// <inheritdoc/>
    /* reports print dep_class, not this: a structure that is its own lock (task_struct) names itself otherwise */
    public override string ToString() => this.dep_class.name;
#else
    protected lockdep_map(string name, lockdep_wait_type wait_type, string file, int line)
    {
        /* no class and no name: the kernel's dep_map exists only with CONFIG_DEBUG_LOCK_ALLOC (LOCKDEP) */
    }

    /// <summary>Gets the class of the lock's type (without lockdep no lock has a class of its own; nothing asks).</summary>
    public lock_class dep_class => lock_class.get(this.GetType().Name, string.Empty, 0, lockdep_wait_type.LD_WAIT_INV);

    /// <inheritdoc/>
    public override string ToString() => this.GetType().Name;
#endif
}

/// <summary>One entry of a CPU's held-lock stack.</summary>
internal readonly record struct held_lock(lockdep_map map, bool read, string caller, int line, bool trylock = false, string file = "")
{
    /// <summary>Gets where the lock was taken.</summary>
    public string acquired_at => $"{this.caller}:{this.line}";

    /// <summary>Gets where the lock was taken, as a report prints it ("function+0x0/0x0 file:line").</summary>
    public string site => vmlinux.sprint_site(this.caller, this.file, this.line);
}

/// <summary>One recorded lock dependency: <see cref="from"/> was held while <see cref="to"/> was taken.</summary>
/// <param name="from">The class held (its print name).</param>
/// <param name="to">The class taken (its print name).</param>
public readonly record struct lock_dependency(string from, string to);

/// <summary>
/// lock_list: one recorded dependency between two classes and where lockdep first saw it (the acquisition
/// of the held lock and of the new one: function, source file, line). When the first sighting was made by
/// code outside kernel/ (a test taking kernel locks itself), a later sighting by the kernel replaces it.
/// </summary>
/// <param name="from">The class held.</param>
/// <param name="to">The class taken.</param>
/// <param name="prev_caller">The function that took the held lock.</param>
/// <param name="prev_file">Its source file.</param>
/// <param name="prev_line">Its line.</param>
/// <param name="next_caller">The function that took the new lock.</param>
/// <param name="next_file">Its source file.</param>
/// <param name="next_line">Its line.</param>
public sealed record lock_list(lock_class from, lock_class to, string prev_caller, string prev_file, int prev_line, string next_caller, string next_file, int next_line)
{
    /// <summary>Gets a value indicating whether both acquisitions were made by kernel/ code.</summary>
    public bool by_kernel => vmlinux.is_kernel_source(this.prev_file) && vmlinux.is_kernel_source(this.next_file);
}

/// <summary>lockdep.</summary>
public sealed partial class vmlinux
{
    private static long lockdep_ids;

    /* this kernel's number, which its lock classes' usage bits carry */
    internal readonly long lockdep_id = Interlocked.Increment(ref lockdep_ids);

    private readonly HashSet<long> lock_deps = new();
    private readonly Dictionary<long, lock_list> lock_dep_sites = new();
    private readonly HashSet<long> lock_deps_not_by_kernel = new();
    private readonly Dictionary<lock_class, List<(lock_class to, string where)>> lock_graph = new();
    private readonly ConcurrentDictionary<long, (int irq_context, string[] classes)> lock_chains = new();

#if CONFIG_PROVE_LOCKING
    /* how many dependencies still wait to be seen made by kernel/ code (lock_deps_not_by_kernel.Count, read without the lock) */
    private int lock_deps_awaiting_kernel;
#endif

    private readonly ConcurrentDictionary<lock_class, string> class_names = new();
    private readonly Dictionary<string, int> class_name_versions = new();

    /// <summary>debug_locks: lockdep's checks are on until its first report.</summary>
    private int debug_locks = 1;

    /// <summary>Gets a value indicating whether lockdep still checks (it turns itself off at its first report).</summary>
    public bool debug_locks_enabled => Volatile.Read(ref this.debug_locks) != 0;

    /// <summary>Gets the lock dependencies recorded so far, as "A -> B" lines, sorted.</summary>
    public IReadOnlyList<string> lockdep_dependencies
    {
        get
        {
            var list = new List<string>();
            foreach (var d in this.lockdep_edges())
                list.Add($"{d.from} -> {d.to}");
            return list;
        }
    }

    /// <summary>The recorded dependency edges (class print names), sorted: the runtime lock graph.</summary>
    /// <returns>The edges.</returns>
    public IReadOnlyList<lock_dependency> lockdep_edges()
    {
        var list = new List<lock_dependency>();
        lock (this.lock_deps)
        {
            foreach (var (from, edges) in this.lock_graph)
            {
                foreach (var (to, _) in edges)
                    list.Add(new lock_dependency(this.lock_class_name(from), this.lock_class_name(to)));
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.from + "\0" + a.to, b.from + "\0" + b.to));
        return list;
    }

    /// <summary>The recorded dependencies with the classes themselves and where each was seen, sorted by class names.</summary>
    /// <returns>The dependencies.</returns>
    public IReadOnlyList<lock_list> lockdep_dependency_list()
    {
        var list = new List<lock_list>();
        lock (this.lock_deps)
            list.AddRange(this.lock_dep_sites.Values);
        list.Sort((a, b) => string.CompareOrdinal(a.from.name + "\0" + a.from.key + "\0" + a.to.name + "\0" + a.to.key, b.from.name + "\0" + b.from.key + "\0" + b.to.name + "\0" + b.to.key));
        return list;
    }

    /// <summary>The lock chains seen (each distinct stack of held classes, per irq context), like /proc/lockdep_chains.</summary>
    /// <returns>One entry per chain: "A -> B -> C", outermost first, sorted.</returns>
    public IReadOnlyList<string> lockdep_chains()
    {
        var list = new List<string>();
        foreach (var c in this.lock_chains.Values)
            list.Add(string.Join(" -> ", c.classes));
        list.Sort(string.CompareOrdinal);
        return list;
    }

    /// <summary>/proc/lockdep_chains: "all lock chains:", then each chain's irq context and classes.</summary>
    /// <returns>The text.</returns>
    public string proc_lockdep_chains()
    {
        var chains = new List<(int irq_context, string[] classes)>(this.lock_chains.Values);
        chains.Sort((a, b) => string.CompareOrdinal(a.irq_context + string.Join("\0", a.classes), b.irq_context + string.Join("\0", b.classes)));
        var sb = new System.Text.StringBuilder("all lock chains:\n");
        foreach (var (irq, classes) in chains)
        {
            sb.Append("irq_context: ").Append(irq).Append('\n');
            foreach (var c in classes)
                sb.Append("[0000000000000000] ").Append(c).Append('\n');
            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// The name lockdep prints for a class in this kernel: the init expression, with #N when an
    /// earlier registered class (another init site) has the same name (count_matching_names).
    /// </summary>
    /// <param name="c">The class.</param>
    /// <returns>The name.</returns>
    public string lock_class_name(lock_class c)
    {
        if (this.class_names.TryGetValue(c, out var n))
            return n;
        lock (this.class_name_versions)
        {
            if (this.class_names.TryGetValue(c, out n))
                return n;
            this.class_name_versions.TryGetValue(c.name, out var v);
            this.class_name_versions[c.name] = ++v;
            n = v > 1 ? $"{c.name}#{v}" : c.name;
            this.class_names[c] = n;
            return n;
        }
    }

    /// <summary>lockdep_assert_held: warns unless this CPU holds the lock.</summary>
    /// <param name="map">The lock.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    [Conditional("CONFIG_LOCKDEP")]
    [__assert_held("map")]
    public void lockdep_assert_held(lockdep_map map, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (!this.lock_is_held(map))
            this.__warn($"lockdep_assert_held({map.dep_class}) failed", file, line);
    }

    /// <summary>lockdep_assert_not_held: warns if this CPU holds the lock.</summary>
    /// <param name="map">The lock.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    [Conditional("CONFIG_LOCKDEP")]
    [__assert_not_held("map")]
    public void lockdep_assert_not_held(lockdep_map map, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (this.lock_is_held(map))
            this.__warn($"lockdep_assert_not_held({map.dep_class}) failed", file, line);
    }

    /// <summary>
    /// lock_is_held: does this CPU hold the lock (in any mode)? Without CONFIG_LOCKDEP nothing records
    /// holders, so the lock answers for itself: a mutex knows its owning CPU (its monitor's owner
    /// thread); a spinlock_t, rwlock_t, rw_semaphore or seqcount knows only that someone holds it
    /// (the kernel's spin_is_locked/rwsem_is_locked kind of answer).
    /// </summary>
    /// <param name="map">The lock.</param>
    /// <returns>True if held.</returns>
    public bool lock_is_held(lockdep_map map)
    {
#if CONFIG_LOCKDEP
        foreach (var h in this.this_cpu.held_locks)
        {
            if (ReferenceEquals(h.map, map))
                return true;
        }

        return false;
#else
        return map switch
        {
            spinlock_t l => Volatile.Read(ref l.locked) != 0,
            rwlock_t rw => Volatile.Read(ref rw.state) != 0,
            rw_semaphore sem => Volatile.Read(ref sem.count) != 0,
            seqcount_spinlock_t s => (Volatile.Read(ref s.sequence) & 1) != 0,
            _ => Monitor.IsEntered(map),
        };
#endif
    }

    /// <summary>Gets how many locks this CPU holds (spinning and sleeping).</summary>
    /// <returns>The count.</returns>
    public int lockdep_depth()
    {
#if CONFIG_LOCKDEP
        return this.this_cpu.held_locks.Count;
#else
        return 0;
#endif
    }

    /// <summary>lock_acquire: checks recursion, (PROVE_LOCKING) usage and ordering, then records the lock as held.</summary>
    /// <param name="map">The lock.</param>
    /// <param name="read">Taken as a (recursive) reader.</param>
    /// <param name="caller">The acquiring function.</param>
    /// <param name="line">Its line.</param>
    /// <param name="trylock">A trylock: no ordering checks (it cannot deadlock), no "used in irq" marking.</param>
    /// <param name="file">Its source file (printed in reports).</param>
    [Conditional("CONFIG_LOCKDEP")]
    internal void lock_acquire(lockdep_map map, bool read, string caller, int line, bool trylock = false, string file = "")
    {
        var cpu = this.this_cpu;
        var held = cpu.held_locks;
        var next = new held_lock(map, read, caller, line, trylock, file);
        if (!trylock)
        {
            foreach (var h in held)
            {
                if (ReferenceEquals(h.map, map))
                {
                    if (read && h.read)
                        continue; /* recursive read: rwlock readers may nest */
                    this.print_deadlock_bug(h, next);
                    throw new kernel_bug($"deadlock: {map.dep_class} acquired twice ({h.acquired_at}, {next.acquired_at})");
                }
            }
        }
#if CONFIG_PROVE_LOCKING
        if (this.debug_locks_enabled)
        {
            this.mark_usage(cpu, next, trylock);
            if (!this.check_wait_context(cpu, next) && !trylock && held.Count > 0)
            {
                /*
                 * lookup_chain_cache_add: a chain of classes seen before had its
                 * dependencies validated then, so only a new chain is checked
                 * (and every chain while a dependency first made outside kernel/
                 * waits for kernel/ code to be seen making it).
                 */
                if (this.add_chain(cpu, held, next) || Volatile.Read(ref this.lock_deps_awaiting_kernel) != 0)
                    this.validate_chain(held, next);
            }
        }
#endif
        held.Add(next);
    }

    /// <summary>lock_release: drops the lock from the held stack; "bad unlock balance" if it was not held.</summary>
    /// <param name="map">The lock.</param>
    /// <param name="caller">The releasing function.</param>
    /// <param name="line">Its line.</param>
    /// <param name="file">Its source file.</param>
    [Conditional("CONFIG_LOCKDEP")]
    internal void lock_release(lockdep_map map, string caller, int line, string file = "")
    {
        var held = this.this_cpu.held_locks;
        for (var i = held.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(held[i].map, map))
            {
                held.RemoveAt(i);
                return;
            }
        }

        this.print_unlock_imbalance_bug(map, caller, line, file);
        throw new kernel_bug($"unlock of {map.dep_class} which is not held ({caller}:{line})");
    }

    /// <summary>lockdep_sys_exit: a system call must not return to user space with a lock held.</summary>
    [Conditional("CONFIG_LOCKDEP")]
    public void lockdep_sys_exit()
    {
        if (this.this_cpu.held_locks.Count != 0)
            this.print_sys_exit_bug();
    }

    /// <summary>debug_check_no_locks_freed: freeing an object that holds a lock this CPU holds is a bug.</summary>
    /// <param name="obj">The object being freed.</param>
    [Conditional("CONFIG_LOCKDEP")]
    public void debug_check_no_locks_freed(object obj)
    {
        var held = this.this_cpu.held_locks;
        if (held.Count == 0)
            return;
        foreach (var map in lock_maps_in(obj))
        {
            foreach (var h in held)
            {
                if (ReferenceEquals(h.map, map))
                {
                    this.print_freed_lock_bug(obj, h);
                    return;
                }
            }
        }
    }

    /// <summary>mark_held_locks: interrupts come back on; every held lock is now taken with them enabled.</summary>
    /// <param name="cpu">This CPU.</param>
    [Conditional("CONFIG_PROVE_LOCKING")]
    internal void lockdep_hardirqs_on(cpu_context cpu)
    {
#if CONFIG_PROVE_LOCKING
        if (cpu.held_locks.Count == 0 || !this.debug_locks_enabled)
            return;
        foreach (var h in cpu.held_locks.ToArray())
        {
            if (h.map.dep_class.wait_type_inner == lockdep_wait_type.LD_WAIT_SLEEP)
                continue;
            this.mark_lock(h, h.read ? lock_class.LOCK_ENABLED_HARDIRQ_READ : lock_class.LOCK_ENABLED_HARDIRQ);
            if (!cpu.in_softirq)
                this.mark_lock(h, h.read ? lock_class.LOCK_ENABLED_SOFTIRQ_READ : lock_class.LOCK_ENABLED_SOFTIRQ);
        }
#endif
    }

    private static readonly ConcurrentDictionary<System.Type, System.Reflection.FieldInfo[]> lock_fields = new();

    /* the locks embedded in an object: the object itself if it is a lock, its lock fields (wait queue heads included), and the locks of its lockrefs */
    private static IEnumerable<lockdep_map> lock_maps_in(object obj)
    {
        /* an object that is its own first lock (a wait queue head) */
        if (obj is lockdep_map self)
            yield return self;
        var fields = lock_fields.GetOrAdd(obj.GetType(), t => System.Array.FindAll(
            t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic),
            f => typeof(lockdep_map).IsAssignableFrom(f.FieldType) || f.FieldType == typeof(lockref)));
        foreach (var f in fields)
        {
            switch (f.GetValue(obj))
            {
                case lockdep_map m:
                    /* a wait queue head is its own lock (wait.cs) */
                    yield return m;
                    break;
                case lockref r:
                    yield return r.@lock;
                    break;
            }
        }
    }

    /// <summary>debug_locks_off: the first report turns lockdep off; false when it already was.</summary>
    /// <returns>True for the caller that turned it off (and so prints).</returns>
    private bool debug_locks_off() => Interlocked.Exchange(ref this.debug_locks, 0) != 0;

#if CONFIG_PROVE_LOCKING
    /*
     * task_wait_context: what may be waited on in this context: spinning only in a
     * hard interrupt, no more than CONFIG in a softirq, anything in a task.
     */
    private static lockdep_wait_type task_wait_context(cpu_context cpu) =>
        cpu.hardirq_count > 0 ? lockdep_wait_type.LD_WAIT_SPIN : cpu.in_softirq ? lockdep_wait_type.LD_WAIT_CONFIG : lockdep_wait_type.LD_WAIT_MAX;

    /*
     * check_wait_context: a lock may only be taken where its kind of waiting is allowed:
     * not a sleeping lock under a spinning one or in an interrupt ("Invalid wait context").
     * The innermost allowed wait is the context's, lowered by every held lock's and by the
     * RCU read side (upstream's rcu_lock_map is a held lock of wait type CONFIG; the model
     * counts the nesting instead). Every held lock counts, not just those of the current
     * irq context: what the interrupted task holds can only lower the bound to SPIN, which
     * an interrupt's own bound already is. A trylock never waits.
     */
    private bool check_wait_context(cpu_context cpu, held_lock next)
    {
        var next_inner = next.map.dep_class.wait_type_inner;
        if (next_inner == lockdep_wait_type.LD_WAIT_INV || next.trylock)
            return false;

        var curr_inner = task_wait_context(cpu);
        foreach (var prev in cpu.held_locks)
        {
            var prev_inner = prev.map.dep_class.wait_type_inner;
            if (prev_inner != lockdep_wait_type.LD_WAIT_INV && prev_inner < curr_inner)
                curr_inner = prev_inner;
        }

        if (cpu.rcu_nesting > 0 && lockdep_wait_type.LD_WAIT_CONFIG < curr_inner)
            curr_inner = lockdep_wait_type.LD_WAIT_CONFIG;

        if (next_inner <= curr_inner)
            return false;
        this.print_lock_invalid_wait_context(next, curr_inner);
        return true;
    }

    /* mark_usage: the context this acquisition happens in */
    private void mark_usage(cpu_context cpu, held_lock hlock, bool trylock)
    {
        if (hlock.map.dep_class.wait_type_inner is lockdep_wait_type.LD_WAIT_SLEEP or lockdep_wait_type.LD_WAIT_INV)
            return;
        var r = hlock.read ? 1 : 0;
        if (!trylock)
        {
            if (cpu.hardirq_count > 0 && !this.mark_lock(hlock, lock_class.LOCK_USED_IN_HARDIRQ + r))
                return;
            if (cpu.in_softirq && !this.mark_lock(hlock, lock_class.LOCK_USED_IN_SOFTIRQ + r))
                return;
        }

        if (cpu.irqs_disabled == 0)
        {
            if (!this.mark_lock(hlock, lock_class.LOCK_ENABLED_HARDIRQ + r))
                return;
            if (!cpu.in_softirq && !this.mark_lock(hlock, lock_class.LOCK_ENABLED_SOFTIRQ + r))
                return;
        }
    }

    /* mark_lock: sets a usage bit; a new bit is checked against the exclusive one (valid_state) */
    private bool mark_lock(held_lock hlock, int bit)
    {
        var usage = hlock.map.dep_class.usage_of(this);
        var mask = 1 << bit;
        if ((Volatile.Read(ref usage.mask) & mask) != 0)
            return true;
        lock (usage)
        {
            if ((usage.mask & mask) != 0)
                return true;
            usage.mask |= mask;
            usage.traces[bit] = stack_trace_save(2, 16);
        }

        /* the exclusive bit: used-in <-> enabled of the same state; a write bit also excludes the read form */
        var excl = bit ^ 2;
        var bad = (usage.mask & (1 << (excl & ~1))) != 0 ? excl & ~1 : -1;
        if (bad < 0 && (bit & 1) == 0 && (usage.mask & (1 << (excl | 1))) != 0)
            bad = excl | 1;
        if (bad >= 0)
        {
            this.print_usage_bug(hlock, bad, bit);
            return false;
        }

        return this.check_usage_dir(hlock, bit);
    }

    /*
     * mark_lock_irq's dependency half (check_usage_forwards/backwards): a lock
     * that became irq-safe must not already depend on an irq-unsafe one, and
     * a lock that became irq-unsafe must not already be depended on by an
     * irq-safe one; the lock itself was checked by valid_state.
     */
    private bool check_usage_dir(held_lock hlock, int new_bit)
    {
        var excl = (new_bit & ~1) ^ 2;
        var forwards = (new_bit & 2) == 0;
        var me = hlock.map.dep_class;
        lock_class? other;
        List<(lock_class to, string where)>? path;
        lock (this.lock_deps)
        {
            other = this.find_usage(me, excl, backwards: !forwards, skip_start: true);
            if (other == null)
                return true;
            path = forwards ? this.find_path(me, other) : this.find_path(other, me);
        }

        /* name the write state when the other lock has it, else the read one */
        var named = other.usage.TryGetValue(this, out var u) && (Volatile.Read(ref u.mask) & (1 << excl)) != 0 ? excl : excl | 1;
        this.print_irq_inversion_bug(hlock, other, path ?? new(), forwards, lock_usage_state_name(named));
        return false;
    }

    /* state_name: "HARDIRQ", "SOFTIRQ", with "-READ" for a read bit */
    private static string lock_usage_state_name(int bit) => ((bit >> 2) == 0 ? "HARDIRQ" : "SOFTIRQ") + ((bit & 1) != 0 ? "-READ" : string.Empty);

    /* add_chain: remembers the chain of held classes plus the new one (keyed like lockdep's chain_key) */
    private bool add_chain(cpu_context cpu, List<held_lock> held, held_lock next)
    {
        var irq_context = cpu.hardirq_count > 0 ? 1 : cpu.in_softirq ? 2 : 0;
        long key = irq_context;
        foreach (var h in held)
            key = (key * 1000003) ^ h.map.dep_class.id;
        key = (key * 1000003) ^ next.map.dep_class.id;
        if (this.lock_chains.ContainsKey(key))
            return false;
        var classes = new string[held.Count + 1];
        for (var i = 0; i < held.Count; i++)
            classes[i] = this.lock_class_name(held[i].map.dep_class);
        classes[^1] = this.lock_class_name(next.map.dep_class);
        this.lock_chains.TryAdd(key, (irq_context, classes));
        return true;
    }

    /*
     * validate_chain (check_prevs_add): the new lock depends on the held ones from the top
     * down to the first that was not a trylock (those below already have their own edges).
     */
    private void validate_chain(List<held_lock> held, held_lock next)
    {
        for (var i = held.Count - 1; i >= 0; i--)
        {
            if (!this.check_prev_add(held[i], next))
                return;
            if (!held[i].trylock)
                return;
        }
    }

    /* check_prev_add: a new edge prev -> next is checked for a cycle and for irq safety, then recorded */
    private bool check_prev_add(held_lock prev, held_lock next)
    {
        var b = next.map.dep_class;
        var a = prev.map.dep_class;
        if (a == b)
            return true;
        var key = ((long)a.id << 32) | (uint)b.id;
        lock (this.lock_deps)
        {
            if (this.lock_deps.Contains(key))
            {
                /* first seen outside kernel/ (a test's own nesting): a sighting by the kernel takes its place */
                if (this.lock_deps_not_by_kernel.Count != 0 && this.lock_deps_not_by_kernel.Contains(key))
                    this.record_dependency_site(key, prev, next);
                return true;
            }
            /* check_noncircular: is prev reachable from next already? */
            var back = this.find_path(b, a);
            if (back != null)
            {
                this.print_circular_bug(prev, next, back);
                return false;
            }

            /* check_irq_usage: an irq-safe lock (at or behind prev) must not come to depend on an irq-unsafe one (at or after next) */
            foreach (var (used_in, enabled, state) in new[] { (lock_class.LOCK_USED_IN_HARDIRQ, lock_class.LOCK_ENABLED_HARDIRQ, "HARDIRQ"), (lock_class.LOCK_USED_IN_SOFTIRQ, lock_class.LOCK_ENABLED_SOFTIRQ, "SOFTIRQ") })
            {
                var safe = this.find_usage(a, used_in, backwards: true);
                var unsafe_ = safe != null ? this.find_usage(b, enabled, backwards: false) : null;
                if (safe != null && unsafe_ != null)
                {
                    this.print_bad_irq_dependency(prev, next, safe, unsafe_, state, used_in, enabled);
                    return false;
                }
            }

            this.lock_deps.Add(key);
            this.record_dependency_site(key, prev, next);
            if (!this.lock_graph.TryGetValue(a, out var edges))
                this.lock_graph[a] = edges = new();
            edges.Add((b, $"{prev.site} -> {next.site}"));
        }

        return true;
    }

    /* where the dependency was seen: kept once kernel/ code made it (the port's graph is checked against these) */
    private void record_dependency_site(long key, held_lock prev, held_lock next)
    {
        var site = new lock_list(prev.map.dep_class, next.map.dep_class, prev.caller, prev.file, prev.line, next.caller, next.file, next.line);
        if (site.by_kernel)
            this.lock_deps_not_by_kernel.Remove(key);
        else if (this.lock_dep_sites.ContainsKey(key))
            return;
        else
            this.lock_deps_not_by_kernel.Add(key);
        this.lock_dep_sites[key] = site;
        Volatile.Write(ref this.lock_deps_awaiting_kernel, this.lock_deps_not_by_kernel.Count);
    }

    private List<(lock_class to, string where)>? find_path(lock_class from, lock_class to)
    {
        var seen = new HashSet<int> { from.id };
        var queue = new Queue<(lock_class at, List<(lock_class, string)> path)>();
        queue.Enqueue((from, new()));
        while (queue.Count > 0)
        {
            var (at, path) = queue.Dequeue();
            if (!this.lock_graph.TryGetValue(at, out var edges))
                continue;
            foreach (var e in edges)
            {
                var p = new List<(lock_class, string)>(path) { e };
                if (e.to == to)
                    return p;
                if (seen.Add(e.to.id))
                    queue.Enqueue((e.to, p));
            }
        }

        return null;
    }

    /* find_usage_backwards/forwards: the first class (the start included unless skipped) with the usage bit (or its read form) */
    private lock_class? find_usage(lock_class start, int bit, bool backwards, bool skip_start = false)
    {
        var want = (1 << bit) | (1 << (bit | 1));
        var seen = new HashSet<int> { start.id };
        var queue = new Queue<lock_class>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            if ((c != start || !skip_start) && c.usage.TryGetValue(this, out var u) && (Volatile.Read(ref u.mask) & want) != 0)
                return c;
            foreach (var (from, edges) in this.lock_graph)
            {
                foreach (var (to, _) in edges)
                {
                    var (here, there) = backwards ? (to, from) : (from, to);
                    if (here == c && seen.Add(there.id))
                        queue.Enqueue(there);
                }
            }
        }

        return null;
    }
#endif
}
