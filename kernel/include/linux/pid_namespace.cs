// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/pid_namespace.h.
namespace Linux;

/// <summary>struct pid_namespace.</summary>
public sealed class pid_namespace
{
    /// <summary>Initializes a new instance of the <see cref="pid_namespace"/> class.</summary>
    public pid_namespace()
    {
        this.work = new work_struct(this);
    }

    public idr idr = new();
    public rcu_head rcu => new(this);

    [__guarded_by("pidmap_lock")]
    public uint pid_allocated;
    public task_struct? child_reaper;
    public kmem_cache? pid_cachep;
    public uint level;
    public int pid_max;
    public pid_namespace? parent;
    public user_namespace user_ns = null!;
    public work_struct work;
    public int reboot;
    public ns_common ns = new();
    public ctl_table_set set = new();
    public ctl_table_header? sysctls;
}

/// <summary>pid_namespace.h helpers.</summary>
public sealed partial class vmlinux
{
    /// <summary>Set in pid_allocated while new pids may still be allocated in the namespace.</summary>
    public const uint PIDNS_ADDING = 1U << 31;

    /// <summary>How deep pid namespaces may nest.</summary>
    public const int MAX_PID_NS_LEVEL = 32;

    /// <summary>get_pid_ns.</summary>
    /// <param name="ns">The namespace.</param>
    /// <returns>The namespace.</returns>
    [return: __returns_ref]
    public pid_namespace get_pid_ns([__gets_ref] pid_namespace ns)
    {
#if CONFIG_PID_NS
        this.ns_ref_inc(ns.ns);
#endif
        return ns;
    }
}
