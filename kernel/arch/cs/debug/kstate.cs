// SPDX-License-Identifier: GPL-2.0-only

// The model's state as text, for snapshot tests and `kpidfs state`: the pid
// namespaces with their idr contents, every struct pid with its numbers and
// counts, and every task with its links. Namespaces are named by their proc
// inode number, tasks by comm:pid, so the text is the same on every run.
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Linux;

/// <summary>State dump.</summary>
public sealed partial class vmlinux
{
    /// <summary>Renders the whole pid state.</summary>
    /// <returns>The text.</returns>
    public string kstate()
    {
        var sb = new StringBuilder();
        var namespaces = this.all_pid_namespaces();
        foreach (var ns in namespaces)
            this.kstate_ns(sb, ns);

        sb.Append("pids:\n");
        foreach (var pid in this.all_pids())
            this.kstate_pid(sb, pid);

        var held = this.pids_held_by_pidfds_only();
        if (held.Count > 0)
        {
            sb.Append("pids held only by pidfds (numbers freed):\n");
            foreach (var pid in held)
                this.kstate_pid(sb, pid);
        }

        sb.Append("pidfs_ino_tree:");
        using (this.guard_spinlock(this.pidmap_lock))
        {
            for (var n = rb_first(this.pidfs_ino_tree); n != null; n = rb_next(n))
                sb.Append(CultureInfo.InvariantCulture, $" {rb_entry<pid>(n).ino}");
        }

        sb.Append('\n');

        sb.Append("tasks:\n");
        foreach (var t in this.all_tasks())
            kstate_task(sb, t);

        sb.Append(CultureInfo.InvariantCulture, $"slabs:");
        foreach (var c in this.slabinfo.Where(c => c.active_objs > 0))
            sb.Append(CultureInfo.InvariantCulture, $" {c.name}={c.active_objs}");
        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>Every live pid namespace reachable from a pid or a task, by level then inode number.</summary>
    /// <returns>The namespaces.</returns>
    public List<pid_namespace> all_pid_namespaces()
    {
        var set = new HashSet<pid_namespace> { this.init_pid_ns };
        foreach (var pid in this.all_pids())
        {
            foreach (var u in pid.numbers)
                set.Add(u.ns);
        }

        foreach (var t in this.all_tasks())
        {
            if (t.nsproxy != null)
                set.Add(t.nsproxy.pid_ns_for_children);
        }

        var list = set.ToList();
        foreach (var ns in set)
        {
            for (var p = ns.parent; p != null; p = p.parent)
            {
                if (!list.Contains(p))
                    list.Add(p);
            }
        }

        return list.OrderBy(n => n.level).ThenBy(n => n.ns.inum).ToList();
    }

    /// <summary>Every pid in the initial namespace's idr (every pid has a number there), by global number.</summary>
    /// <returns>The pids.</returns>
    public List<pid> all_pids()
    {
        using var _ = this.guard_spinlock(this.pidmap_lock);
        return idr_entries(this.init_pid_ns.idr).Where(e => e.ptr != null).Select(e => (pid)e.ptr!).ToList();
    }

    /// <summary>Every task: init_task, then each process on the task list with its threads.</summary>
    /// <returns>The tasks.</returns>
    public List<task_struct> all_tasks()
    {
        var list = new List<task_struct> { this.init_task };
        using var _ = this.guard_read_lock(this.tasklist_lock);
        foreach (var p in list_entries<task_struct>(this.init_task.tasks))
            list.AddRange(for_each_thread(p));
        return list;
    }

    private static string ns_name(pid_namespace ns) => ns.ns.inum.ToString("x", CultureInfo.InvariantCulture);

    private void kstate_ns(StringBuilder sb, pid_namespace ns)
    {
        uint pid_allocated;
        using (this.guard_spinlock(this.pidmap_lock))
            pid_allocated = ns.pid_allocated;
        var adding = (pid_allocated & PIDNS_ADDING) != 0;
        var allocated = pid_allocated & ~PIDNS_ADDING;
        sb.Append(CultureInfo.InvariantCulture, $"pid_namespace {ns_name(ns)} level={ns.level} parent={(ns.parent == null ? "-" : ns_name(ns.parent))} pid_max={ns.pid_max}");
        sb.Append(CultureInfo.InvariantCulture, $" pid_allocated={allocated}{(adding ? "+ADDING" : string.Empty)} refs={ns.ns.__ns_ref} reaper={ns.child_reaper?.ToString() ?? "-"}\n");
        var ids = new List<string>();
        using (this.guard_spinlock(this.pidmap_lock))
        {
            foreach (var (id, ptr) in idr_entries(ns.idr))
                ids.Add(ptr == null ? $"{id}(reserved)" : id.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(CultureInfo.InvariantCulture, $"  idr: [{string.Join(' ', ids)}] cursor={idr_get_cursor(ns.idr)}\n");
    }

    private void kstate_pid(StringBuilder sb, pid pid)
    {
        var numbers = string.Join(',', pid.numbers.ToArray().Select(u => $"{u.nr}@{ns_name(u.ns)}"));
        sb.Append(CultureInfo.InvariantCulture, $"  pid {numbers} ino={pid.ino} count={pid.count} attr={this.attr_state(pid)}{stashed_state(pid)}");
        for (var t = pid_type.PIDTYPE_PID; t < pid_type.PIDTYPE_MAX; t++)
        {
            var tasks = hlist_entries<task_struct>(pid.tasks[(int)t]).Select(x => x.ToString()).ToList();
            if (tasks.Count > 0)
                sb.Append(CultureInfo.InvariantCulture, $" {t.ToString()[8..]}=[{string.Join(' ', tasks)}]");
        }

        sb.Append('\n');
    }

    private static string stashed_state(pid pid)
    {
        var d = pid.stashed;
        if (d == null)
            return string.Empty;
        var inode = d.d_inode;
        var count = READ_ONCE(ref d.d_lockref.count);
        return inode == null
            ? $" dentry(count={count})"
            : $" dentry(count={count}) inode(i_ino={inode.i_ino} gen={inode.i_generation} count={inode.i_count})";
    }

    private string attr_state(pid pid)
    {
        var attr = pid.attr;
        if (attr == null)
            return "-";
        if (attr == PIDFS_PID_DEAD)
            return "DEAD";
        var exit = (attr.attr_mask & (1L << (int)pidfs_attr_mask_bits.PIDFS_ATTR_BIT_EXIT)) != 0;
        var xattrs = attr.xattrs == null ? string.Empty : "+xattrs";
        return (exit ? $"exit(0x{attr.exit_code:x})" : "registered") + xattrs;
    }

    private static void kstate_task(StringBuilder sb, task_struct t)
    {
        var state = t.exit_state switch
        {
            EXIT_ZOMBIE => "zombie",
            EXIT_DEAD => "dead",
            _ => "alive",
        };
        var children = list_entries<task_struct>(t.children).Select(c => c.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"  {t} tgid={t.tgid} leader={t.group_leader} parent={t.real_parent} {state} exit_code=0x{t.exit_code:x}");
        sb.Append(CultureInfo.InvariantCulture, $" children=[{string.Join(' ', children)}] usage={t.usage} rcu_users={t.rcu_users}\n");
        var fds = fd_table(t);
        if (fds.Length > 0)
            sb.Append(CultureInfo.InvariantCulture, $"    fds: {fds}\n");
    }

    private static string fd_table(task_struct t)
    {
        var files = t.files;
        if (files == null || !thread_group_leader(t))
            return string.Empty;
        var fdt = files.fdt;
        var parts = new List<string>();
        for (var fd = 0; fd < fdt.max_fds; fd++)
        {
            var f = fdt.fd[fd];
            if (f == null)
                continue;
            var what = f.f_inode.i_private is pid p ? $"pidfd(ino={p.ino})" : f.f_inode.i_sb.s_type.name;
            var cloexec = test_bit((uint)fd, fdt.close_on_exec) ? " cloexec" : string.Empty;
            parts.Add($"{fd}={what} flags=0{System.Convert.ToString((int)READ_ONCE(ref f.f_flags), 8)}{cloexec}");
        }

        return string.Join(", ", parts);
    }

    private List<pid> pids_held_by_pidfds_only()
    {
        var live = new HashSet<pid>(this.all_pids());
        var held = new SortedDictionary<ulong, pid>();
        foreach (var t in this.all_tasks())
        {
            var files = t.files;
            if (files == null)
                continue;
            foreach (var f in files.fdt.fd)
            {
                if (f?.f_inode.i_private is pid p && !live.Contains(p))
                    held[p.ino] = p;
            }
        }

        return held.Values.ToList();
    }
}
