// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/lockdep.h and a small kernel/locking/lockdep.c. Every lock
// carries a lockdep_map naming its lock class; each CPU keeps the stack of
// locks it holds. lockdep_assert_held() and lockdep_assert_not_held() really
// check that stack. With CONFIG_PROVE_LOCKING every acquisition also records
// "class A was held while class B was taken" in a per-kernel dependency
// graph, and a new edge that closes a cycle is reported like lockdep's
// "possible circular locking dependency detected".
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace Linux;

/// <summary>A lock class: all locks initialised at one site share it.</summary>
public sealed class lock_class
{
    private static readonly ConcurrentDictionary<string, lock_class> classes = new();
    private static int next_id;

    private lock_class(string name)
    {
        this.name = name;
        this.id = System.Threading.Interlocked.Increment(ref next_id);
    }

    /// <summary>Gets the class name ("pidmap_lock", "&amp;pid->wait_pidfd").</summary>
    public string name { get; }

    /// <summary>Gets the class number.</summary>
    public int id { get; }

    /// <summary>Finds or registers the class of this name.</summary>
    /// <param name="name">The class name.</param>
    /// <returns>The class.</returns>
    public static lock_class get(string name) => classes.GetOrAdd(name, n => new lock_class(n));

    /// <inheritdoc/>
    public override string ToString() => this.name;
}

/// <summary>struct lockdep_map: what lockdep knows about one lock instance.</summary>
public abstract class lockdep_map
{
    /// <summary>Initializes a new instance of the <see cref="lockdep_map"/> class.</summary>
    /// <param name="name">The lock class name.</param>
    protected lockdep_map(string name) => this.dep_class = lock_class.get(name);

    /// <summary>Gets the lock class.</summary>
    public lock_class dep_class { get; }

    /// <inheritdoc/>
    public override string ToString() => this.dep_class.name;
}

/// <summary>One entry of a CPU's held-lock stack.</summary>
internal readonly record struct held_lock(lockdep_map map, bool read, string caller, int line)
{
    /// <summary>Gets where the lock was taken.</summary>
    public string acquired_at => $"{this.caller}:{this.line}";
}

/// <summary>lockdep.</summary>
public sealed partial class vmlinux
{
    private readonly HashSet<long> lock_deps = new();
    private readonly Dictionary<lock_class, List<(lock_class to, string where)>> lock_graph = new();

    /// <summary>Gets the lock dependencies recorded so far, as "A -> B" lines, sorted.</summary>
    public IReadOnlyList<string> lockdep_dependencies
    {
        get
        {
            var list = new List<string>();
            lock (this.lock_deps)
            {
                foreach (var (from, edges) in this.lock_graph)
                {
                    foreach (var (to, _) in edges)
                        list.Add($"{from.name} -> {to.name}");
                }
            }

            list.Sort(System.StringComparer.Ordinal);
            return list;
        }
    }

    /// <summary>lockdep_assert_held: warns unless this CPU holds the lock.</summary>
    /// <param name="map">The lock.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    public void lockdep_assert_held(lockdep_map map, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (!this.lock_is_held(map))
            this.__warn($"lockdep_assert_held({map}) failed", file, line);
    }

    /// <summary>lockdep_assert_not_held: warns if this CPU holds the lock.</summary>
    /// <param name="map">The lock.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    public void lockdep_assert_not_held(lockdep_map map, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (this.lock_is_held(map))
            this.__warn($"lockdep_assert_not_held({map}) failed", file, line);
    }

    /// <summary>lock_is_held: does this CPU hold the lock (in any mode)?</summary>
    /// <param name="map">The lock.</param>
    /// <returns>True if held.</returns>
    public bool lock_is_held(lockdep_map map)
    {
        foreach (var h in this.this_cpu.held_locks)
        {
            if (ReferenceEquals(h.map, map))
                return true;
        }

        return false;
    }

    /// <summary>Gets how many locks this CPU holds (spinning and sleeping).</summary>
    /// <returns>The count.</returns>
    public int lockdep_depth() => this.this_cpu.held_locks.Count;

    /// <summary>lock_acquire: checks recursion and (PROVE_LOCKING) ordering, then records the lock as held.</summary>
    /// <param name="map">The lock.</param>
    /// <param name="read">Taken as a (recursive) reader.</param>
    /// <param name="caller">The acquiring function.</param>
    /// <param name="line">Its line.</param>
    internal void lock_acquire(lockdep_map map, bool read, string caller, int line)
    {
        var held = this.this_cpu.held_locks;
        foreach (var h in held)
        {
            if (ReferenceEquals(h.map, map))
            {
                if (read && h.read)
                    continue; /* recursive read: rwlock readers may nest */
                var where = $"{caller}:{line}";
                this.__warn($"possible recursive locking detected: {map} already held at {h.acquired_at}, acquired again at {where}", caller, line);
                throw new kernel_bug($"deadlock: {map} acquired twice ({h.acquired_at}, {where})");
            }
        }
#if CONFIG_PROVE_LOCKING
        foreach (var h in held)
            this.check_prev_add(h, map, caller, line);
#endif
        held.Add(new held_lock(map, read, caller, line));
    }

    /// <summary>lock_release: drops the lock from the held stack; warns if it was not held.</summary>
    /// <param name="map">The lock.</param>
    /// <param name="caller">The releasing function.</param>
    /// <param name="line">Its line.</param>
    internal void lock_release(lockdep_map map, string caller, int line)
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

        this.__warn($"bad unlock balance detected! {map} is being released at {caller}:{line} but it is not held", caller, line);
        throw new kernel_bug($"unlock of {map} which is not held ({caller}:{line})");
    }

    /// <summary>debug_check_no_locks_freed: freeing an object that holds a lock this CPU holds is a bug.</summary>
    /// <param name="obj">The object being freed.</param>
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

#if CONFIG_PROVE_LOCKING
    private void check_prev_add(held_lock prev, lockdep_map next, string caller, int line)
    {
        var a = prev.map.dep_class;
        var b = next.dep_class;
        if (a == b)
            return;
        var key = ((long)a.id << 32) | (uint)b.id;
        lock (this.lock_deps)
        {
            if (!this.lock_deps.Add(key))
                return;
            var back = this.find_path(b, a);
            if (!this.lock_graph.TryGetValue(a, out var edges))
                this.lock_graph[a] = edges = new();
            var where = $"{caller}:{line}";
            edges.Add((b, $"{prev.acquired_at} -> {where}"));
            if (back != null)
                this.report_circular(a, b, prev, where, back);
        }
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

    private void report_circular(lock_class a, lock_class b, held_lock prev, string where, List<(lock_class to, string where)> back)
    {
        var sb = new StringBuilder();
        sb.Append("possible circular locking dependency detected: ");
        sb.Append($"taking {b} at {where} while holding {a} (taken at {prev.acquired_at}); ");
        sb.Append($"existing dependency chain {b}");
        foreach (var (to, w) in back)
            sb.Append($" -> {to} [{w}]");
        this.__warn(sb.ToString(), "lockdep", 0);
    }
#endif

    private static readonly ConcurrentDictionary<System.Type, System.Reflection.FieldInfo[]> lock_fields = new();

    /* the locks embedded in an object: its lock fields, and the locks of its wait queues and lockrefs */
    private static IEnumerable<lockdep_map> lock_maps_in(object obj)
    {
        var fields = lock_fields.GetOrAdd(obj.GetType(), t => System.Array.FindAll(
            t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic),
            f => typeof(lockdep_map).IsAssignableFrom(f.FieldType) || f.FieldType == typeof(wait_queue_head_t) || f.FieldType == typeof(lockref)));
        foreach (var f in fields)
        {
            switch (f.GetValue(obj))
            {
                case lockdep_map m:
                    yield return m;
                    break;
                case wait_queue_head_t w:
                    yield return w.@lock;
                    break;
                case lockref r:
                    yield return r.@lock;
                    break;
            }
        }
    }

    private void print_freed_lock_bug(object obj, held_lock hlock)
    {
        this.__warn($"held lock freed! {this.current.comm}/{this.current.pid} is freeing a {obj.GetType().Name} with {hlock.map} still held there (taken at {hlock.acquired_at})", "lockdep", 0);
    }
}
