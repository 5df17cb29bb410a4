// SPDX-License-Identifier: GPL-2.0-only

// Tearing a booted kernel down for the tests' leak check. Every process but
// init and kthreadd is killed, the dead are reaped (by init, which ignores
// SIGCHLD), every CPU but the boot CPU goes offline as at shutdown (giving
// back what it kept per CPU), RCU callbacks and work run, and then every
// object the slab allocator counts must be one that was already there right
// after boot, with the same reference counts, or one the kernel keeps for
// good because a boot object owns it; and no WARN may have fired.
//
// Kept for good: what hangs off a struct pid that lives as long as the
// kernel (init's): its pidfs_attr, once a pidfd for it existed, and that
// attr's xattrs (the simple_xattrs, each simple_xattr and its name). They
// are freed only with the pid (pidfs_free_pid), which never happens. Each
// is kept only while its owner really points to it, so an attr allocated
// and never published, or published over another, is still a leak.
// Without CONFIG_DEBUG_KMEMLEAK only each cache's object count is compared.
// Every lock dependency lockdep recorded must be one the analyzers predicted
// (arch/cs/debug/lockgraph.cs).
using System.Collections.Generic;
using System.Linq;

namespace Linux;

/// <summary>Teardown and leak check.</summary>
public sealed partial class vmlinux
{
    private Dictionary<object, string>? boot_objects;

    /// <summary>Records the objects alive right after boot, with their reference counts.</summary>
    public void record_boot_state() => this.boot_objects = this.live_object_states();

    /// <summary>Kills every user process, reaps everything, takes the other CPUs offline, and lists what leaked or warned.</summary>
    /// <returns>The problems found; empty when the kernel is clean.</returns>
    public List<string> teardown()
    {
        var problems = new List<string>();
        for (var round = 0; round < 8; round++)
        {
            var victims = this.all_tasks().Where(t => t != this.init_task && t != this.init_process && t != this.kthreadd_task && t.exit_state == 0).ToList();
            if (victims.Count == 0)
                break;
            this.syscall(this.init_process, () =>
            {
                foreach (var t in victims)
                    this.group_send_sig_info(SIGKILL, in SEND_SIG_PRIV, t, pid_type.PIDTYPE_MAX);
                return 0;
            });
        }

        this.syscall(this.init_process, () => 0);

        /* the shutdown path: the other CPUs go offline, and give back what they kept per CPU */
        this.smp_shutdown_nonboot_cpus(0);
        this.rcu_barrier();
        this.flush_scheduled_work();
        this.rcu_barrier();

        foreach (var t in this.all_tasks().Where(t => t.exit_state != 0))
            problems.Add($"task {t} still not released (exit_state {t.exit_state})");

        var now = this.live_object_states();
        var owners = this.owned_objects(now.Keys);
        foreach (var (obj, state) in now)
        {
            if (this.boot_objects == null || !this.boot_objects.TryGetValue(obj, out var was))
            {
                if (!this.kept_for_good(obj, owners))
                    problems.Add($"leaked: {state}");
            }
            else if (was != state)
                problems.Add($"changed: {was} -> {state}");
        }

        if (this.boot_objects != null)
        {
            foreach (var (obj, state) in this.boot_objects)
            {
                if (!now.ContainsKey(obj))
                    problems.Add($"freed a boot object: {state}");
            }
        }

        foreach (var w in this.warns)
            problems.Add(w);
        problems.AddRange(this.lockdep_unpredicted_dependencies());
        return problems;
    }

    /* the owner of each object that lives only as part of another: pid -> attr -> xattrs -> xattr -> name */
    private Dictionary<object, object> owned_objects(IEnumerable<object> live)
    {
        var owner = new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        foreach (var o in live)
        {
            foreach (var part in owned_by(o))
                owner[part] = o;
        }

        return owner;
    }

    /* the objects that live only as part of o */
    private static IEnumerable<object> owned_by(object o)
    {
        switch (o)
        {
            case pid p when p.attr != null && !IS_ERR(p.attr):
                yield return p.attr;
                break;
            case pidfs_attr a when a.xattrs != null:
                yield return a.xattrs;
                break;
            case simple_xattrs xs:
                for (var n = rb_first(xs.rb_root); n != null; n = rb_next(n))
                    yield return rb_entry<simple_xattr>(n);
                break;
            case simple_xattr x when x.name != null:
                yield return x.name;
                break;
        }
    }

    /* an object is kept for good when its chain of owners ends at a boot object */
    private bool kept_for_good(object obj, Dictionary<object, object> owners)
    {
        var o = obj;
        while (owners.TryGetValue(o, out var up))
        {
            if (this.boot_objects != null && this.boot_objects.ContainsKey(up))
                return true;
            o = up;
        }

        return false;
    }

#if !CONFIG_DEBUG_KMEMLEAK
    /* per cache, the objects hanging off the boot tasks' pids (what kept_for_good allows with tracking) */
    private Dictionary<kmem_cache, int> kept_by_boot_pids()
    {
        var kept = new Dictionary<kmem_cache, int>();
        var work = new Stack<object>();
        foreach (var t in new[] { this.init_task, this.init_process, this.kthreadd_task })
        {
            if (t?.thread_pid != null)
                work.Push(t.thread_pid);
        }

        while (work.Count > 0)
        {
            foreach (var part in owned_by(work.Pop()))
            {
                if (this.slab_type_cache.TryGetValue(part.GetType(), out var e))
                    kept[e.cache] = kept.GetValueOrDefault(e.cache) + 1;
                work.Push(part);
            }
        }

        return kept;
    }
#endif

    private Dictionary<object, string> live_object_states()
    {
        var map = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
#if !CONFIG_DEBUG_KMEMLEAK
        var kept = this.kept_by_boot_pids();
#endif
        foreach (var cache in this.slabinfo)
        {
#if CONFIG_DEBUG_KMEMLEAK
            object[] objs;
            lock (cache.live)
                objs = cache.live.ToArray();
            foreach (var o in objs)
                map[o] = $"{cache.name}: {describe(o)}";
#else
            /* without object tracking only the counts can be compared, less what the boot tasks' pids keep for good */
            var n = cache.active_objs - kept.GetValueOrDefault(cache);
            if (n > 0)
                map[cache] = $"{cache.name}: {n} objects";
#endif
        }

        map[this.init_struct_pid] = "init_struct_pid: " + describe(this.init_struct_pid);
        map[this.init_pid_ns] = "init_pid_ns: " + describe(this.init_pid_ns);
        return map;

        static string describe(object o) => o switch
        {
            pid p => $"pid {p.numbers[0].nr} count={p.count}",
            task_struct t => $"task {t} usage={t.usage} rcu_users={t.rcu_users}",
            pid_namespace ns => $"pid_namespace level={ns.level} refs={ns.ns.__ns_ref}",
            cred c => $"cred usage={c.usage}",
            signal_struct s => $"signal_struct sigcnt={s.sigcnt}",
            sighand_struct s => $"sighand_struct count={s.count}",
            nsproxy n => $"nsproxy count={n.count}",
            _ => o.GetType().Name,
        };
    }
}
