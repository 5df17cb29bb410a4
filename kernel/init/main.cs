// SPDX-License-Identifier: GPL-2.0-only

//
// init/main.c and init/init_task.c: the static objects of a booted kernel
// (init_task, init_struct_pid, init_pid_ns, …) and start_kernel. Each
// vmlinux instance is one booted machine, so two tests never share state.
//
// The model's init stands for a real init's user space: it catches SIGCHLD
// and, each time it runs, reaps every zombie child with wait4(WNOHANG), as
// systemd does for the orphans it inherits.
namespace Linux;

/// <summary>init/main.c.</summary>
public sealed partial class vmlinux
{
    /* the idle task of the boot CPU: pid 0, parent of init and kthreadd */
    public readonly task_struct init_task;
    public readonly user_namespace init_user_ns = new();
    private readonly cred init_cred;
    private readonly signal_struct init_signals;
    private readonly sighand_struct init_sighand;
    private readonly nsproxy init_nsproxy;

    private vmlinux()
    {
        this.init_pid_ns = new pid_namespace
        {
            pid_allocated = PIDNS_ADDING,
            level = 0,
            user_ns = this.init_user_ns,
            pid_max = PID_MAX_DEFAULT,
        };
        this.init_pid_ns.ns.inum = PROC_PID_INIT_INO;
        this.init_struct_pid = new pid(1) { count = new refcount_t(1), level = 0 };
        this.init_struct_pid.numbers[0] = new upid { nr = 0, ns = this.init_pid_ns };
        this.pidmap_lock_seq = new seqcount_spinlock_t("pidmap_lock_seq", this.pidmap_lock);

        this.init_cred = new cred { usage = new refcount_t(4), cap_effective = CAP_FULL_SET, user_ns = this.init_user_ns };
        this.init_sighand = new sighand_struct { count = new refcount_t(1) };
        this.init_signals = new signal_struct { nr_threads = 1, quick_threads = 1, live = 1, sigcnt = new refcount_t(1) };
        this.init_nsproxy = new nsproxy { count = new refcount_t(1), pid_ns_for_children = this.init_pid_ns };
        this.init_task = new task_struct
        {
            comm = "swapper/0",
            flags = PF_KTHREAD,
            usage = new refcount_t(2),
            rcu_users = new refcount_t(1),
            thread_pid = this.init_struct_pid,
            signal = this.init_signals,
            sighand = this.init_sighand,
            nsproxy = this.init_nsproxy,
            cred = this.init_cred,
            real_cred = this.init_cred,
        };
        this.init_task.group_leader = this.init_task;
        this.init_task.real_parent = this.init_task;
        this.init_task.parent = this.init_task;
        list_add_tail(this.init_task.thread_node, this.init_signals.thread_head);
        this.init_signals.curr_target = this.init_task;
        for (var t = pid_type.PIDTYPE_TGID; t < pid_type.PIDTYPE_MAX; t++)
            this.init_signals.pids[(int)t] = this.init_struct_pid;
        this.init_pid_ns.child_reaper = this.init_task;
    }

    /// <summary>Gets pid 1.</summary>
    public task_struct init_process { get; private set; } = null!;

    /// <summary>Gets pid 2.</summary>
    public task_struct kthreadd_task { get; private set; } = null!;

    /// <summary>Boots a new kernel on the calling thread: start_kernel, then init and kthreadd.</summary>
    /// <returns>The booted kernel.</returns>
    public static vmlinux boot()
    {
        var k = new vmlinux();
        k.start_kernel();
        k.record_boot_state();
        return k;
    }

    private void start_kernel()
    {
        using var _ = this.run_as(this.init_task);

        this.cred_init();
        this.fork_init();
        this.mm_cache_init();
        this.proc_caches_init();
        this.radix_tree_init();
        this.pid_idr_init();
        this.pid_namespaces_init();
        this.vfs_caches_init();
        this.pidfs_init();
        this.chr_dev_init(); /* fs_initcall: the mem devices and their /dev nodes */
        this.init_task.files = this.init_files;
        this.pid_namespace_sysctl_init();

        this.rest_init();
    }

    private void rest_init()
    {
        /* init must get pid 1, so it is created first */
        var pid = this.user_mode_thread("init", CLONE_FS);
        this.init_process = this.find_task_by_pid_ns_locked((int)pid);
        pid = this.kernel_thread("kthreadd", CLONE_FS | CLONE_FILES);
        this.kthreadd_task = this.find_task_by_pid_ns_locked((int)pid);

        using (this.run_as(this.init_process))
            this.kernel_init_freeable();
    }

    private void kernel_init_freeable()
    {
        /* run_init_process: init execs its program and gets an address space (bprm_mm_init, begin_new_exec) */
        this.current.mm = this.mm_alloc()!; /* boot: no fault is injected before the tests start */
        set_dumpable(this.current.mm, SUID_DUMP_USER);

        this.cad_pid = this.get_pid(task_pid(this.current));

        /* see the comment at the top: init's user space reaps its children */
        this.current.sighand!.action[SIGCHLD - 1].sa_handler = SIG_HANDLER;
        this.current.user_code = this.init_reap_children;
    }

    private task_struct find_task_by_pid_ns_locked(int nr)
    {
        using var _ = this.guard_rcu();
        return this.find_task_by_pid_ns(nr, this.init_pid_ns)!;
    }

    /* init's user space: reap whatever died */
    private void init_reap_children()
    {
        while (this.kernel_wait4(-1, null, WNOHANG, null) > 0)
        {
        }
    }
}
