// SPDX-License-Identifier: GPL-2.0-only

//
// A small fs/proc/proc_sysctl.c and kernel/sysctl.c: sysctl tables
// registered in sets, a root whose lookup picks the set the caller sees
// (per pid namespace for kernel.pid_max), and the integer handlers.
// sysctl_read/sysctl_write stand for read(2)/write(2) on /proc/sys/PATH.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Linux;

/// <summary>A reference to an int that a sysctl reads and writes (the C table's data pointer).</summary>
/// <returns>The int.</returns>
public delegate ref int int_ref();

/// <summary>A sysctl handler.</summary>
/// <param name="table">The table entry.</param>
/// <param name="write">True for a write.</param>
/// <param name="buffer">In: the text written; out: the text read.</param>
/// <returns>0 or -errno.</returns>
public delegate int proc_handler(ctl_table table, bool write, ref string buffer);

/// <summary>struct ctl_table.</summary>
public sealed class ctl_table
{
    public string procname = string.Empty;
    public int_ref? data;
    public int mode;
    public proc_handler? handler;
    public int_ref? extra1;
    public int_ref? extra2;

    /// <summary>A copy (kmemdup of one entry).</summary>
    /// <returns>The copy.</returns>
    public ctl_table dup() => (ctl_table)this.MemberwiseClone();
}

/// <summary>ctl_table_root.set_ownership: who owns the files of a set.</summary>
/// <param name="head">The table header.</param>
/// <param name="uid">The owner.</param>
/// <param name="gid">The group.</param>
public delegate void set_ownership_fn(ctl_table_header head, ref uint uid, ref uint gid);

/// <summary>struct ctl_table_root.</summary>
public sealed class ctl_table_root
{
    public Func<ctl_table_set>? lookup;
    public Func<ctl_table_header, ctl_table, int>? permissions;
    public set_ownership_fn? set_ownership;
}

/// <summary>struct ctl_table_set.</summary>
public sealed class ctl_table_set
{
    public ctl_table_root? root;
    public Func<ctl_table_set, bool>? is_seen;

    /// <summary>The pid namespace that owns the set (container_of in C).</summary>
    public pid_namespace? owner;
    internal readonly Dictionary<string, ctl_table_header> dirs = new(StringComparer.Ordinal);
}

/// <summary>struct ctl_table_header.</summary>
public sealed class ctl_table_header
{
    public ctl_table_set set = null!;
    public string path = string.Empty;
    public ctl_table[] ctl_table_arg = Array.Empty<ctl_table>();
}

/// <summary>sysctl.</summary>
public sealed partial class vmlinux
{
    private readonly List<ctl_table_root> sysctl_roots = new();

    /// <summary>register_sysctl_root: a root whose lookup picks the set a caller sees.</summary>
    /// <param name="root">The root.</param>
    public void register_sysctl_root(ctl_table_root root) => this.sysctl_roots.Add(root);

    /// <summary>setup_sysctl_set.</summary>
    /// <param name="set">The set.</param>
    /// <param name="root">Its root.</param>
    /// <param name="is_seen">Whether the caller sees it.</param>
    public static void setup_sysctl_set(ctl_table_set set, ctl_table_root root, Func<ctl_table_set, bool> is_seen)
    {
        set.root = root;
        set.is_seen = is_seen;
        set.dirs.Clear();
    }

    /// <summary>retire_sysctl_set.</summary>
    /// <param name="set">The set.</param>
    public void retire_sysctl_set(ctl_table_set set) => this.WARN_ON(set.dirs.Count != 0);

    /// <summary>__register_sysctl_table: makes the entries visible under <paramref name="path"/> in <paramref name="set"/>.</summary>
    /// <param name="set">The set.</param>
    /// <param name="path">The directory ("kernel").</param>
    /// <param name="table">The entries.</param>
    /// <returns>The header, or NULL when out of memory.</returns>
    public ctl_table_header? __register_sysctl_table(ctl_table_set set, string path, ctl_table[] table)
    {
        var header = this.kzalloc<ctl_table_header>(GFP_KERNEL_ACCOUNT);
        if (header == null)
            return null;
        header.set = set;
        header.path = path;
        header.ctl_table_arg = table;
        set.dirs[path] = header;
        return header;
    }

    /// <summary>unregister_sysctl_table.</summary>
    /// <param name="header">The header.</param>
    public void unregister_sysctl_table(ctl_table_header header)
    {
        header.set.dirs.Remove(header.path);
        this.kfree(header);
    }

    /// <summary>proc_dointvec.</summary>
    /// <param name="table">The entry.</param>
    /// <param name="write">True for a write.</param>
    /// <param name="buffer">The text.</param>
    /// <returns>0 or -EINVAL.</returns>
    public static int proc_dointvec(ctl_table table, bool write, ref string buffer) => proc_dointvec_minmax_range(table, write, ref buffer, null, null);

    /// <summary>proc_dointvec_minmax: a write outside [*extra1, *extra2] is refused with EINVAL.</summary>
    /// <param name="table">The entry.</param>
    /// <param name="write">True for a write.</param>
    /// <param name="buffer">The text.</param>
    /// <returns>0 or -EINVAL.</returns>
    public static int proc_dointvec_minmax(ctl_table table, bool write, ref string buffer) => proc_dointvec_minmax_range(table, write, ref buffer, table.extra1, table.extra2);

    /// <summary>read(2) of /proc/sys/<paramref name="path"/>, in the set the caller sees.</summary>
    /// <param name="path">"kernel/pid_max".</param>
    /// <param name="value">The value read.</param>
    /// <returns>0 or -errno.</returns>
    public int sysctl_read(string path, out string value)
    {
        value = string.Empty;
        var table = this.sysctl_lookup(path, out var header);
        if (table == null)
            return -errno.ENOENT;
        if (!this.sysctl_permitted(header!, table, 4))
            return -errno.EACCES;
        return table.handler!(table, false, ref value);
    }

    /// <summary>write(2) of /proc/sys/<paramref name="path"/>, in the set the caller sees.</summary>
    /// <param name="path">"kernel/pid_max".</param>
    /// <param name="value">The text written.</param>
    /// <returns>0 or -errno.</returns>
    public int sysctl_write(string path, string value)
    {
        var table = this.sysctl_lookup(path, out var header);
        if (table == null)
            return -errno.ENOENT;
        if (!this.sysctl_permitted(header!, table, 2))
            return -errno.EACCES;
        return table.handler!(table, true, ref value);
    }

    private static int proc_dointvec_minmax_range(ctl_table table, bool write, ref string buffer, int_ref? min, int_ref? max)
    {
        if (!write)
        {
            buffer = table.data!().ToString(CultureInfo.InvariantCulture) + "\n";
            return 0;
        }

        if (!int.TryParse(buffer.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var val))
            return -errno.EINVAL;
        if ((min != null && val < min()) || (max != null && val > max()))
            return -errno.EINVAL;
        WRITE_ONCE(ref table.data!(), val);
        return 0;
    }

    private ctl_table? sysctl_lookup(string path, out ctl_table_header? header)
    {
        header = null;
        var slash = path.LastIndexOf('/');
        if (slash < 0)
            return null;
        var dir = path[..slash];
        var name = path[(slash + 1)..];
        foreach (var root in this.sysctl_roots)
        {
            var set = root.lookup!();
            if (!set.dirs.TryGetValue(dir, out var h))
                continue;
            foreach (var t in h.ctl_table_arg)
            {
                if (t.procname == name)
                {
                    header = h;
                    return t;
                }
            }
        }

        return null;
    }

    private bool sysctl_permitted(ctl_table_header header, ctl_table table, int want)
    {
        var mode = header.set.root?.permissions?.Invoke(header, table) ?? table.mode;
        var cred = this.current_cred();
        var bits = cred.euid == 0 ? (mode >> 6) & 7 : mode & 7;
        return (bits & want) != 0;
    }
}
