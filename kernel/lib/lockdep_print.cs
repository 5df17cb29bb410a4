// SPDX-License-Identifier: GPL-2.0-only

//
// lockdep's reports in the kernel's splat layout (kernel/locking/lockdep.c's
// print_* functions, and __might_resched of kernel/sched/core.c): the "="
// rule, the banner, the kernel identification, the "-" rule of the same
// length, the body, the locks this CPU holds and the stack, whose frames are
// the port's functions, symbolized as decode_stacktrace.sh does
// (kernel/kallsyms.cs: "function+0xOFF/0xLEN file:line"). A lock line is
//   ADDR (name){usage}-{outer:inner}, at: function+0x0/0x0 file:line
// (the acquisition site: its function, file and line; no IL offset), where usage is hardirq-W, hardirq-R, softirq-W, softirq-R, each '.'
// (unused), '-' (taken in that irq), '+' (taken with it enabled) or '?'
// (both). Each report goes to the kernel log line by line and is recorded
// as one warning (its banner), so the test that caused it fails.
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Linux;

/// <summary>lockdep's report printers.</summary>
public sealed partial class vmlinux
{
    private static readonly string[] usage_str = { "IN-HARDIRQ-W", "IN-HARDIRQ-R", "HARDIRQ-ON-W", "HARDIRQ-ON-R", "IN-SOFTIRQ-W", "IN-SOFTIRQ-R", "SOFTIRQ-ON-W", "SOFTIRQ-ON-R", "INITIAL USE" };

    private readonly HashSet<string> rcu_warned_sites = new();

    /// <summary>lockdep_rcu_suspicious: an RCU-protected pointer was read outside its protection (once per site).</summary>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="s">What was suspicious.</param>
    public void lockdep_rcu_suspicious(string file, int line, string s)
    {
        var site = $"{System.IO.Path.GetFileName(file)}:{line}";
        lock (this.rcu_warned_sites)
        {
            if (!this.rcu_warned_sites.Add(site))
                return;
        }

        var r = this.splat_begin("WARNING: suspicious RCU usage", 29);
        r.Add($"{site} {s}!");
        r.Add(string.Empty);
        r.Add("other info that might help us debug this:");
        r.Add(string.Empty);
        r.Add(string.Empty);
        r.Add($"rcu_scheduler_active = 2, debug_locks = {(this.debug_locks_enabled ? 1 : 0)}");
        if (!this.debug_locks_enabled)
            r.Add("Possible false positive due to lockdep disabling via debug_locks = 0");
        this.lockdep_print_held_locks(r);
        this.splat_stack(r);
        this.splat_end(r, $"suspicious RCU usage at {site}");
    }

    /// <summary>__might_resched's report: "BUG: sleeping function called from invalid context".</summary>
    /// <param name="file">Where might_sleep was called (the caller).</param>
    /// <param name="line">Its line.</param>
    public void __might_resched_report(string file, int line)
    {
        var cpu = this.this_cpu;
        var t = this.current;
        var r = new List<string>
        {
            $"BUG: sleeping function called from invalid context at {source_path(file)}:{line}",
            $"in_atomic(): {(this.in_atomic() ? 1 : 0)}, irqs_disabled(): {(cpu.irqs_disabled > 0 ? 1 : 0)}, non_block: 0, pid: {t.pid}, name: {t.comm}",
            string.Create(CultureInfo.InvariantCulture, $"preempt_count: {this.preempt_count():x}, expected: 0"),
            $"RCU nest depth: {cpu.rcu_nesting}, expected: 0",
        };
        if (this.debug_locks_enabled)
            this.lockdep_print_held_locks(r);
        else
            r.Add("INFO: lockdep is turned off.");
        if (cpu.irqs_disabled > 0)
            print_irqtrace_events(r);
        r.AddRange(this.dump_stack_lines(2));
        this.splat_end(r, r[0]);
    }

    /* the "=" rule, the banner, the kernel identification, the "-" rule */
    private List<string> splat_begin(string banner, int rules) => new()
    {
        string.Empty,
        new string('=', rules),
        banner,
        this.kernel_ident(),
        new string('-', rules),
    };

    private void splat_stack(List<string> r)
    {
        r.Add(string.Empty);
        r.Add("stack backtrace:");
        r.AddRange(this.dump_stack_lines(3));
    }

    private void splat_end(List<string> r, string summary)
    {
        foreach (var l in r)
            this.printk(l);
        this.__warn(summary, "lockdep", 0);
    }

    private string task_name() => $"{this.current.comm}/{this.current.pid}";

    private static string lock_addr(object o) => string.Create(CultureInfo.InvariantCulture, $"ffff8880{RuntimeHelpers.GetHashCode(o):x8}");

    /* get_usage_chars: hardirq-W, hardirq-R, softirq-W, softirq-R */
    private string usage_chars(lock_class c)
    {
        var mask = c.usage.TryGetValue(this, out var u) ? u.mask : 0;
        var sb = new StringBuilder(4);
        foreach (var baseBit in new[] { lock_class.LOCK_USED_IN_HARDIRQ, lock_class.LOCK_USED_IN_HARDIRQ_READ, lock_class.LOCK_USED_IN_SOFTIRQ, lock_class.LOCK_USED_IN_SOFTIRQ_READ })
        {
            var used = (mask & (1 << baseBit)) != 0;
            var enabled = (mask & (1 << (baseBit + 2))) != 0;
            sb.Append(used && enabled ? '?' : used ? '-' : enabled ? '+' : '.');
        }

        return sb.ToString();
    }

    /* print_lock_name: " (name){usage}-{outer:inner}" */
    private string lock_name(lock_class c) => $"({this.lock_class_name(c)}){{{this.usage_chars(c)}}}-{{{(int)c.wait_type_inner}:{(int)c.wait_type_inner}}}";

    /* print_lock: one held lock */
    private string lock_line(held_lock h) => $"{lock_addr(h.map)} {this.lock_name(h.map.dep_class)}, at: {h.site}";

    /* lockdep_print_held_locks */
    private void lockdep_print_held_locks(List<string> r)
    {
        var held = this.this_cpu.held_locks;
        if (held.Count == 0)
        {
            r.Add($"no locks held by {this.task_name()}.");
            return;
        }

        r.Add($"{held.Count} lock{(held.Count > 1 ? "s" : string.Empty)} held by {this.task_name()}:");
        for (var i = 0; i < held.Count; i++)
            r.Add($" #{i}: {this.lock_line(held[i])}");
    }

    private static void print_irqtrace_events(List<string> r)
    {
        r.Add("irq event stamp: 0");
        r.Add("hardirqs last  enabled at (0): [<0000000000000000>] 0x0");
        r.Add("hardirqs last disabled at (0): [<0000000000000000>] 0x0");
        r.Add("softirqs last  enabled at (0): [<0000000000000000>] 0x0");
        r.Add("softirqs last disabled at (0): [<0000000000000000>] 0x0");
    }

    private string irq_context()
    {
        var cpu = this.this_cpu;
        var hc = cpu.hardirq_count > 0 ? 1 : 0;
        var sc = cpu.in_softirq ? 1 : 0;
        return $"[HC{hc}[{cpu.hardirq_count}]:SC{sc}[{sc}]:HE{(cpu.irqs_disabled == 0 ? 1 : 0)}:SE{(cpu.in_softirq ? 0 : 1)}]";
    }

    private void print_deadlock_bug(held_lock prev, held_lock next)
    {
        if (!this.debug_locks_off())
            return;
        var r = this.splat_begin("WARNING: possible recursive locking detected", 44);
        r.Add($"{this.task_name()} is trying to acquire lock:");
        r.Add(this.lock_line(next));
        r.Add(string.Empty);
        r.Add("but task is already holding lock:");
        r.Add(this.lock_line(prev));
        r.Add(string.Empty);
        r.Add("other info that might help us debug this:");
        r.Add(" Possible unsafe locking scenario:");
        r.Add(string.Empty);
        r.Add("       CPU0");
        r.Add("       ----");
        r.Add($"  lock({this.lock_class_name(next.map.dep_class)});");
        r.Add($"  lock({this.lock_class_name(next.map.dep_class)});");
        r.Add(string.Empty);
        r.Add(" *** DEADLOCK ***");
        r.Add(string.Empty);
        r.Add(" May be due to missing lock nesting notation");
        r.Add(string.Empty);
        this.lockdep_print_held_locks(r);
        this.splat_stack(r);
        this.splat_end(r, $"possible recursive locking detected: {next.map.dep_class} at {next.acquired_at}, already held from {prev.acquired_at}");
    }

    private void print_unlock_imbalance_bug(lockdep_map map, string caller, int line, string file)
    {
        if (!this.debug_locks_off())
            return;
        var r = this.splat_begin("WARNING: bad unlock balance detected!", 37);
        r.Add($"{this.task_name()} is trying to release lock ({this.lock_class_name(map.dep_class)}) at:");
        r.Add($"[<ffffffff00000000>] {sprint_site(caller, file, line)}");
        r.Add("but there are no more locks to release!");
        r.Add(string.Empty);
        r.Add("other info that might help us debug this:");
        this.lockdep_print_held_locks(r);
        this.splat_stack(r);
        this.splat_end(r, $"bad unlock balance detected: {map.dep_class} released at {caller}:{line}");
    }

    private void print_sys_exit_bug()
    {
        if (!this.debug_locks_off())
            return;
        var r = this.splat_begin("WARNING: lock held when returning to user space!", 48);
        r.Add($"{this.task_name()} is leaving the kernel with locks still held!");
        this.lockdep_print_held_locks(r);
        this.splat_end(r, $"lock held when returning to user space: {this.this_cpu.held_locks[0].map.dep_class}");
    }

    private void print_freed_lock_bug(object obj, held_lock hlock)
    {
        if (!this.debug_locks_off())
            return;
        var r = this.splat_begin("WARNING: held lock freed!", 25);
        var from = lock_addr(obj);
        r.Add($"{this.task_name()} is freeing memory {from}-{from[..^2]}ff, with a lock still held there!");
        r.Add(this.lock_line(hlock));
        this.lockdep_print_held_locks(r);
        this.splat_stack(r);
        this.splat_end(r, $"held lock freed: {obj.GetType().Name} with {hlock.map.dep_class} held from {hlock.acquired_at}");
    }

#if CONFIG_PROVE_LOCKING
    /* print_lock_invalid_wait_context: the lock's kind of waiting is not allowed here */
    private void print_lock_invalid_wait_context(held_lock hlock, lockdep_wait_type curr_inner)
    {
        if (!this.debug_locks_off())
            return;
        var r = this.splat_begin("[ BUG: Invalid wait context ]", 29);
        r.Add($"{this.task_name()} is trying to lock:");
        r.Add(this.lock_line(hlock));
        r.Add("other info that might help us debug this:");
        r.Add($"context-{{{(int)curr_inner}:{(int)curr_inner}}}");
        this.lockdep_print_held_locks(r);
        this.splat_stack(r);
        this.splat_end(r, $"Invalid wait context: {hlock.map.dep_class} at {hlock.acquired_at} (context-{{{(int)curr_inner}:{(int)curr_inner}}})");
    }

    private void print_circular_bug(held_lock prev, held_lock next, List<(lock_class to, string where)> path)
    {
        if (!this.debug_locks_off())
            return;
        var source = next.map.dep_class;
        var target = prev.map.dep_class;
        var parent = path.Count > 1 ? path[^2].to : source;
        var r = this.splat_begin("WARNING: possible circular locking dependency detected", 54);
        r.Add($"{this.task_name()} is trying to acquire lock:");
        r.Add(this.lock_line(next));
        r.Add(string.Empty);
        r.Add("but task is already holding lock:");
        r.Add(this.lock_line(prev));
        r.Add(string.Empty);
        r.Add("which lock already depends on the new lock.");
        r.Add(string.Empty);
        r.Add(string.Empty);
        r.Add("the existing dependency chain (in reverse order) is:");
        for (var i = path.Count - 1; i >= 0; i--)
        {
            r.Add(string.Empty);
            r.Add($"-> #{i + 1} {this.lock_name(path[i].to)}:");
            foreach (var site in path[i].where.Split(" -> "))
                r.Add($"       {site}");
        }

        r.Add(string.Empty);
        r.Add($"-> #0 {this.lock_name(source)}:");
        r.AddRange(stack_trace_lines(3, 8).ConvertAll(l => "      " + l));
        r.Add(string.Empty);
        r.Add("other info that might help us debug this:");
        r.Add(string.Empty);
        if (parent != source)
        {
            r.Add("Chain exists of:");
            r.Add($"  {this.lock_class_name(source)} --> {this.lock_class_name(parent)} --> {this.lock_class_name(target)}");
            r.Add(string.Empty);
        }

        r.Add(" Possible unsafe locking scenario:");
        r.Add(string.Empty);
        r.Add("       CPU0                    CPU1");
        r.Add("       ----                    ----");
        r.Add($"  lock({this.lock_class_name(target)});");
        r.Add($"                               lock({this.lock_class_name(parent)});");
        r.Add($"                               lock({this.lock_class_name(target)});");
        r.Add($"  lock({this.lock_class_name(source)});");
        r.Add(string.Empty);
        r.Add(" *** DEADLOCK ***");
        r.Add(string.Empty);
        this.lockdep_print_held_locks(r);
        this.splat_stack(r);
        this.splat_end(r, $"possible circular locking dependency detected: taking {source} at {next.acquired_at} while holding {target} (taken at {prev.acquired_at})");
    }

    private void print_usage_bug(held_lock hlock, int prev_bit, int new_bit)
    {
        if (!this.debug_locks_off())
            return;
        var c = hlock.map.dep_class;
        var r = this.splat_begin("WARNING: inconsistent lock state", 32);
        r.Add($"inconsistent {{{usage_str[prev_bit]}}} -> {{{usage_str[new_bit]}}} usage.");
        r.Add($"{this.task_name()} {this.irq_context()} takes:");
        r.Add(this.lock_line(hlock));
        r.Add($"{{{usage_str[prev_bit]}}} state was registered at:");
        var traces = c.usage.TryGetValue(this, out var u) ? u.traces[prev_bit] : null;
        foreach (var l in stack_trace_print(traces))
            r.Add(" " + l);
        print_irqtrace_events(r);
        r.Add(string.Empty);
        r.Add("other info that might help us debug this:");
        r.Add(" Possible unsafe locking scenario:");
        r.Add(string.Empty);
        r.Add("       CPU0");
        r.Add("       ----");
        r.Add($"  lock({this.lock_class_name(c)});");
        r.Add("  <Interrupt>");
        r.Add($"    lock({this.lock_class_name(c)});");
        r.Add(string.Empty);
        r.Add(" *** DEADLOCK ***");
        r.Add(string.Empty);
        this.lockdep_print_held_locks(r);
        this.splat_stack(r);
        this.splat_end(r, $"inconsistent lock state: {{{usage_str[prev_bit]}}} -> {{{usage_str[new_bit]}}} on {c} at {hlock.acquired_at}");
    }

    private void print_bad_irq_dependency(held_lock prev, held_lock next, lock_class safe, lock_class unsafe_, string state, int used_in, int enabled)
    {
        if (!this.debug_locks_off())
            return;
        var r = this.splat_begin($"WARNING: {state}-safe -> {state}-unsafe lock order detected", 53);
        r.Add($"{this.task_name()} {this.irq_context()} is trying to acquire:");
        r.Add(this.lock_line(next));
        r.Add(string.Empty);
        r.Add("and this task is already holding:");
        r.Add(this.lock_line(prev));
        r.Add("which would create a new lock dependency:");
        r.Add($" {this.lock_name(prev.map.dep_class)} -> {this.lock_name(next.map.dep_class)}");
        r.Add(string.Empty);
        r.Add($"but this new dependency connects a {state}-irq-safe lock:");
        r.Add($" {this.lock_name(safe)}");
        r.Add(string.Empty);
        r.Add($"... which became {state}-irq-safe at:");
        foreach (var l in stack_trace_print(safe.usage.TryGetValue(this, out var su) ? su.traces[used_in] ?? su.traces[used_in + 1] : null))
            r.Add(" " + l);
        r.Add(string.Empty);
        r.Add($"to a {state}-irq-unsafe lock:");
        r.Add($" {this.lock_name(unsafe_)}");
        r.Add(string.Empty);
        r.Add($"... which became {state}-irq-unsafe at:");
        r.Add("...");
        foreach (var l in stack_trace_print(unsafe_.usage.TryGetValue(this, out var uu) ? uu.traces[enabled] ?? uu.traces[enabled + 1] : null))
            r.Add(" " + l);
        r.Add(string.Empty);
        r.Add("other info that might help us debug this:");
        r.Add(string.Empty);

        /* the middle lock, as upstream picks it: prev, unless prev is the safe lock itself */
        var middle = prev.map.dep_class == safe ? next.map.dep_class : prev.map.dep_class;
        this.print_irq_lock_scenario(r, safe, unsafe_, middle);
        this.lockdep_print_held_locks(r);
        this.splat_stack(r);
        this.splat_end(r, $"{state}-safe -> {state}-unsafe lock order detected: {prev.map.dep_class} -> {next.map.dep_class} at {next.acquired_at}");
    }

    /*
     * print_irq_inversion_bug: a lock's usage changed, and a dependency recorded
     * earlier now lets an interrupt take the two locks in the inverse order.
     * path runs from the first lock of the dependency to the last.
     */
    private void print_irq_inversion_bug(held_lock hlock, lock_class other, List<(lock_class to, string where)> path, bool forwards, string irqclass)
    {
        if (!this.debug_locks_off())
            return;
        var me = hlock.map.dep_class;
        var r = this.splat_begin("WARNING: possible irq lock inversion dependency detected", 56);
        r.Add($"{this.task_name()} just changed the state of lock:");
        r.Add(this.lock_line(hlock));
        r.Add(forwards ? $"but this lock took another, {irqclass}-unsafe lock in the past:" : $"but this lock was taken by another, {irqclass}-safe lock in the past:");
        r.Add($" {this.lock_name(other)}");
        r.Add(string.Empty);
        r.Add("and interrupts could create inverse lock ordering between them.");
        r.Add(string.Empty);
        r.Add(string.Empty);
        r.Add("other info that might help us debug this:");

        /* the middle lock: the one next to this lock on the dependency path */
        var middle = forwards ? path[0].to : path.Count > 1 ? path[^2].to : other;
        var (safe, unsafe_) = forwards ? (me, other) : (other, me);
        if (middle == safe)
            middle = unsafe_;
        this.print_irq_lock_scenario(r, safe, unsafe_, middle);
        this.lockdep_print_held_locks(r);
        r.Add(string.Empty);
        r.Add("the shortest dependencies between 2nd lock and 1st lock:");
        this.print_shortest_lock_dependencies(r, hlock, other, path, forwards);
        this.splat_stack(r);
        this.splat_end(r, $"possible irq lock inversion dependency detected: {me} and {other} at {hlock.acquired_at}");
    }

    /* print_irq_lock_scenario: the CPU0/CPU1 table of an irq-safe lock reaching an irq-unsafe one */
    private void print_irq_lock_scenario(List<string> r, lock_class safe, lock_class unsafe_, lock_class middle)
    {
        if (middle != unsafe_)
        {
            r.Add("Chain exists of:");
            r.Add($"  {this.lock_class_name(safe)} --> {this.lock_class_name(middle)} --> {this.lock_class_name(unsafe_)}");
            r.Add(string.Empty);
        }

        r.Add(" Possible interrupt unsafe locking scenario:");
        r.Add(string.Empty);
        r.Add("       CPU0                    CPU1");
        r.Add("       ----                    ----");
        r.Add($"  lock({this.lock_class_name(unsafe_)});");
        r.Add("                               local_irq_disable();");
        r.Add($"                               lock({this.lock_class_name(safe)});");
        r.Add($"                               lock({this.lock_class_name(middle)});");
        r.Add("  <Interrupt>");
        r.Add($"    lock({this.lock_class_name(safe)});");
        r.Add(string.Empty);
        r.Add(" *** DEADLOCK ***");
        r.Add(string.Empty);
    }

    /*
     * print_shortest_lock_dependencies: from the far end of the path back to
     * the lock whose state changed, each class with its usage and the
     * dependency that links it on the path, one level of indentation per step.
     */
    private void print_shortest_lock_dependencies(List<string> r, held_lock hlock, lock_class other, List<(lock_class to, string where)> path, bool forwards)
    {
        var me = hlock.map.dep_class;
        var entries = new List<(lock_class c, string where)>();
        if (forwards)
        {
            /* this lock first, then each lock it took, with where it took it */
            entries.Add((me, hlock.site));
            foreach (var (to, where) in path)
                entries.Add((to, where));
        }
        else
        {
            /* the path runs from the other lock to this one: each lock with the dependency it starts */
            var from = other;
            foreach (var (to, where) in path)
            {
                entries.Add((from, where));
                from = to;
            }

            entries.Add((me, hlock.site));
            entries.Reverse();
        }

        for (var depth = entries.Count - 1; depth >= 0; depth--)
        {
            var (c, where) = entries[depth];
            var pad = new string(' ', depth);
            r.Add($"{pad}-> {this.lock_name(c)} {{");
            var u = c.usage.TryGetValue(this, out var us) ? us : null;
            for (var bit = 0; bit < lock_class.LOCK_USED; bit++)
            {
                if (u == null || (System.Threading.Volatile.Read(ref u.mask) & (1 << bit)) == 0)
                    continue;
                r.Add($"{pad}   {usage_str[bit]} at:");
                foreach (var l in stack_trace_print(u.traces[bit]))
                    r.Add($"{pad}    {l}");
            }

            r.Add($"{pad} }}");
            r.Add($"{pad} ... key      at: [<{lock_addr(c)}>] {this.lock_class_name(c)}");
            r.Add($"{pad} ... acquired at:");
            r.Add($"   {where}");
            r.Add(string.Empty);
        }
    }
#endif
}
