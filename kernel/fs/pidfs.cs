// SPDX-License-Identifier: GPL-2.0-only

//
// fs/pidfs.c: the tiny pseudo filesystem behind pidfds. This first part is
// what the pid core calls: each struct pid gets a unique 64-bit identity
// (the pidfs inode number) when it is allocated, and an attribute block
// that outlives the task (exit information) once a pidfd was handed out.
// The file, inode and export operations follow with the pidfs port.
namespace Linux;

/// <summary>enum pidfs_attr_mask_bits.</summary>
public enum pidfs_attr_mask_bits
{
    PIDFS_ATTR_BIT_EXIT = 0,
    PIDFS_ATTR_BIT_COREDUMP = 1,
}

/// <summary>struct pidfs_attr: what pidfs keeps of a pid beyond its task.</summary>
public sealed class pidfs_attr
{
    public long attr_mask;
    public object? xattrs;

    /* exit info */
    public ulong cgroupid;
    public int exit_code;

    public uint coredump_mask;
    public uint coredump_signal;
}

/// <summary>fs/pidfs.c.</summary>
public sealed partial class vmlinux
{
    private kmem_cache? pidfs_attr_cachep;
    private kmem_cache? pidfs_xattr_cachep;

    /* every live struct pid by inode number; writers hold pidmap_lock inside pidmap_lock_seq */
    [__guarded_by("pidmap_lock")]
    internal readonly rb_root pidfs_ino_tree = RB_ROOT();

    /* the next pidfs inode number; serialised by pidmap_lock (pidfs_add_pid's static) */
    [__guarded_by("pidmap_lock")]
    internal ulong pidfs_ino_nr = 2;

    /// <summary>PIDFS_PID_DEAD: pid->attr of a task reaped before any pidfd was made.</summary>
    public static pidfs_attr PIDFS_PID_DEAD => ERR_PTR<pidfs_attr>(-errno.ESRCH);

#if CONFIG_64BIT
    /// <summary>pidfs_ino: on 64 bit the identity is the inode number.</summary>
    /// <param name="ino">The 64-bit identity.</param>
    /// <returns>i_ino.</returns>
    public static ulong pidfs_ino(ulong ino) => ino;

    /// <summary>pidfs_gen: on 64 bit the generation is 0.</summary>
    /// <param name="ino">The 64-bit identity.</param>
    /// <returns>i_generation.</returns>
    public static uint pidfs_gen(ulong ino) => 0;
#else
    /// <summary>pidfs_ino: on 32 bit the inode number is the low half of the identity.</summary>
    /// <param name="ino">The 64-bit identity.</param>
    /// <returns>i_ino.</returns>
    public static ulong pidfs_ino(ulong ino) => (uint)ino;

    /// <summary>pidfs_gen: on 32 bit the generation is the high half.</summary>
    /// <param name="ino">The 64-bit identity.</param>
    /// <returns>i_generation.</returns>
    public static uint pidfs_gen(ulong ino) => (uint)(ino >> 32);
#endif

    private static int pidfs_ino_cmp(rb_node a, rb_node b)
    {
        var pid_a = rb_entry<pid>(a);
        var pid_b = rb_entry<pid>(b);
        var pid_ino_a = pid_a.ino;
        var pid_ino_b = pid_b.ino;

        if (pid_ino_a < pid_ino_b)
            return -1;
        if (pid_ino_a > pid_ino_b)
            return 1;
        return 0;
    }

    /// <summary>
    /// pidfs_add_pid: gives a new pid its identity. On 64 bit it is simply the inode
    /// number. On 32 bit the low half is the inode number and the high half the
    /// generation; when the low half wraps to 0 the counter skips ahead by 2, so
    /// inode numbers 0 and 1 are never used. After such a wrap two live pidfds can
    /// share an inode number, and user space compares generations or file handles.
    /// </summary>
    /// <param name="pid">The new pid.</param>
    [__must_hold("pidmap_lock")]
    public void pidfs_add_pid(pid pid)
    {
        this.lockdep_assert_held(this.pidmap_lock);

        if (pidfs_ino(this.pidfs_ino_nr) == 0)
            this.pidfs_ino_nr += 2;

        pid.ino = this.pidfs_ino_nr;
        pid.stashed = null;
        pid.attr = null;
        this.pidfs_ino_nr++;

        this.write_seqcount_begin(this.pidmap_lock_seq);
        rb_find_add_rcu(pid.pidfs_node, this.pidfs_ino_tree, pidfs_ino_cmp);
        this.write_seqcount_end(this.pidmap_lock_seq);
    }

    /// <summary>pidfs_remove_pid: the pid leaves the inode tree (free_pid).</summary>
    /// <param name="pid">The pid.</param>
    [__must_hold("pidmap_lock")]
    public void pidfs_remove_pid(pid pid)
    {
        this.write_seqcount_begin(this.pidmap_lock_seq);
        rb_erase(pid.pidfs_node, this.pidfs_ino_tree);
        this.write_seqcount_end(this.pidmap_lock_seq);
    }

    /// <summary>pidfs_free_pid: the last reference to the pid went; free its attributes.</summary>
    /// <param name="pid">The pid.</param>
    public void pidfs_free_pid(pid pid)
    {
        var attr = pid.attr;
        pid.attr = null;

        /* every dentry must have let go of the pid by now, or a count is wrong */
        this.WARN_ON_ONCE(pid.stashed != null);

        /* a fork that failed never went through the exit path */
        if (attr == null)
            return;

        /* never had a pidfd */
        if (IS_ERR(attr))
            return;

        if (attr.xattrs != null)
            this.kmem_cache_free(this.pidfs_xattr_cachep!, attr.xattrs);
        this.kmem_cache_free(this.pidfs_attr_cachep!, attr);
    }

    /// <summary>
    /// pidfs_exit: called from release_task before tasklist_lock. A pid nobody asked a
    /// pidfd for is marked dead, so no pidfd can be made for it from now on; a pid with
    /// attributes records the exit information that pidfds report after the reap.
    /// </summary>
    /// <param name="tsk">The task being released.</param>
    [__must_not_hold("tasklist_lock")]
    [__might_sleep]
    public void pidfs_exit(task_struct tsk)
    {
        pidfs_attr? attr;
        var pid = task_pid(tsk)!;

        this.might_sleep();

        /* serialise against pidfs_register_pid */
        using (this.guard_spinlock_irq(pid.wait_pidfd.@lock))
        {
            attr = pid.attr;
            if (attr == null)
            {
                /* no pidfd was ever made: none may be made once the task is reaped */
                pid.attr = PIDFS_PID_DEAD;
                return;
            }
        }

        /* only a pid that was registered gets here, and only once */
        this.WARN_ON_ONCE(IS_ERR(attr));
#if CONFIG_CGROUPS
        using (this.guard_rcu())
            attr.cgroupid = this.task_dfl_cgroup_id(tsk);
#endif
        attr.exit_code = tsk.exit_code;

        /* publish the fields before the bit that says they are there */
        System.Threading.Thread.MemoryBarrier();
        System.Threading.Interlocked.Or(ref attr.attr_mask, 1L << (int)pidfs_attr_mask_bits.PIDFS_ATTR_BIT_EXIT);
    }

    /// <summary>pidfs_register_pid: makes sure the pid has attributes (a pidfd is about to exist).</summary>
    /// <param name="pid">The pid (NULL is fine).</param>
    /// <returns>0, -ESRCH if the task was reaped unregistered, or -ENOMEM.</returns>
    [__might_sleep]
    public int pidfs_register_pid(pid? pid)
    {
        pidfs_attr? new_attr;
        pidfs_attr? attr;

        this.might_sleep();

        if (pid == null)
            return 0;

        attr = System.Threading.Volatile.Read(ref pid.attr);
        if (attr == PIDFS_PID_DEAD)
            return -errno.ESRCH;
        if (attr != null)
            return 0;

        new_attr = this.kmem_cache_alloc(this.pidfs_attr_cachep!, () => new pidfs_attr());

        /* serialise against pidfs_exit */
        using (this.guard_spinlock_irq(pid.wait_pidfd.@lock))
        {
            attr = pid.attr;
            if (attr == PIDFS_PID_DEAD)
            {
                this.kmem_cache_free(this.pidfs_attr_cachep!, new_attr);
                return -errno.ESRCH;
            }

            /* someone else won the race */
            if (attr != null)
            {
                this.kmem_cache_free(this.pidfs_attr_cachep!, new_attr);
                return 0;
            }

            pid.attr = new_attr;
        }

        return 0;
    }

    /// <summary>pidfs_init: the caches (the mount comes with the pidfs port).</summary>
    public void pidfs_init()
    {
        this.pidfs_attr_cachep = this.kmem_cache_create("pidfs_attr_cache");
        this.pidfs_xattr_cachep = this.kmem_cache_create("pidfs_xattr_cache");
    }

    /// <summary>task_dfl_cgroup id: every task of the model sits in the root cgroup (id 1), as on the host.</summary>
    /// <param name="tsk">The task.</param>
    /// <returns>The cgroup id.</returns>
    private ulong task_dfl_cgroup_id(task_struct tsk) => 1;
}
