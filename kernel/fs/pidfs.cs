// SPDX-License-Identifier: GPL-2.0-only

// fs/pidfs.c: the tiny pseudo filesystem behind pidfds. Every struct pid
// gets a unique 64-bit identity when it is allocated (its pidfs inode
// number), and at most one dentry and inode at a time, created when a pidfd
// or a file handle needs them and freed with the last reference. What must
// outlive them (exit information, xattrs) hangs off the struct pid in a
// pidfs_attr, which pidfs_exit fills when the task is reaped.
//
// Deliberate deviation: the namespace ioctls. Upstream takes a reference on
// the namespace (ns_ref_get) and hands it to nsfs's open_namespace(), which
// returns a namespace fd; for PIDFD_GET_PID_NAMESPACE,
// PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE and PIDFD_GET_MNT_NAMESPACE (always
// built) and the others whose CONFIG_*_NS is set, upstream gives an fd. The
// port has no nsfs (no namespace inodes to open) and models only the pid
// namespace, so every PIDFD_GET_*_NAMESPACE passes upstream's checks (valid
// command, task alive, arg 0, nsproxy, ptrace access) and then answers
// EOPNOTSUPP: upstream's answer when no namespace could be referenced.
// Listed in kernel/upstream-manifest.tsv. compat_ptr_ioctl is not ported:
// the model has no compat tasks.
using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Threading;

namespace Linux;

/// <summary>enum pidfs_attr_mask_bits.</summary>
public enum pidfs_attr_mask_bits
{
    PIDFS_ATTR_BIT_EXIT = 0,
    PIDFS_ATTR_BIT_COREDUMP = 1,
}

/// <summary>struct pidfs_attr: what pidfs keeps of a pid beyond its dentry and inode.</summary>
public sealed class pidfs_attr
{
    public long attr_mask;
    public simple_xattrs? xattrs;

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

    private path pidfs_root_path;

    /* every live struct pid by inode number; writers hold pidmap_lock inside pidmap_lock_seq */
    [__guarded_by("pidmap_lock")]
    internal readonly rb_root pidfs_ino_tree = RB_ROOT();

    /* the next pidfs inode number; serialised by pidmap_lock (pidfs_add_pid's static) */
    [__guarded_by("pidmap_lock")]
    internal ulong pidfs_ino_nr = 2;

    /* the operations tables; upstream's static const structures, built once at pidfs_init */
    private file_operations pidfs_file_operations = null!;
    private inode_operations pidfs_inode_operations = null!;
    private super_operations pidfs_sops = null!;
    private dentry_operations pidfs_dentry_operations_ = null!;
    private export_operations pidfs_export_operations = null!;
    private stashed_operations pidfs_stashed_ops = null!;
    private xattr_handler[] pidfs_xattr_handlers = null!;
    private file_system_type pidfs_type = null!;
    private vfsmount? pidfs_mnt;

    /// <summary>PIDFS_PID_DEAD: pid->attr of a task reaped before any pidfd was made.</summary>
    public static pidfs_attr PIDFS_PID_DEAD => ERR_PTR<pidfs_attr>(-errno.ESRCH);

    /// <summary>Gets pidfs_dentry_operations (exported by upstream for the dcache).</summary>
    public dentry_operations pidfs_dentry_operations => this.pidfs_dentry_operations_;

    /// <summary>pidfs_get_root: the root of the internal pidfs mount, with references (FD_PIDFS_ROOT).</summary>
    /// <param name="path">Gets the root path.</param>
    partial void pidfs_get_root([__returns_ref] ref path path)
    {
        path = this.pidfs_root_path;
        this.path_get(path);
    }

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
        simple_xattrs? xattrs;
        pid.attr = null;

        /* every dentry must have let go of the pid by now, or a count is wrong */
        this.WARN_ON_ONCE(pid.stashed != null);

        /* a fork that failed never went through the exit path */
        if (attr == null)
            return;

        /* never had a pidfd */
        if (IS_ERR(attr))
            return;

        xattrs = attr.xattrs;
        attr.xattrs = null;
        if (xattrs != null)
        {
            this.simple_xattrs_free(xattrs, out _);
            this.kmem_cache_free(this.pidfs_xattr_cachep!, xattrs);
        }

        this.kmem_cache_free(this.pidfs_attr_cachep!, attr);
    }

#if CONFIG_PROC_FS
    /*
     * pidfd_show_fdinfo: "Pid:" is the pid in the pid namespace of the procfs
     * instance read (0 if the process is outside it, -1 once no task uses the
     * pid); "NSpid:" adds the numbers in every deeper namespace. Unlike
     * /proc/<pid>/status these are relative to the procfs instance, which
     * shows when a pidfd crosses between sibling namespaces: both fields are
     * then a single 0.
     */
    private void pidfd_show_fdinfo(seq_file m, @file f)
    {
        var pid = pidfd_pid(f);
        pid_namespace? ns = null;
        var nr = -1;

        if (pid_has_task(pid, pid_type.PIDTYPE_PID))
        {
            ns = proc_pid_ns(m);
            nr = pid_nr_ns(pid, ns);
        }

        seq_puts(m, "Pid:\t" + nr.ToString(CultureInfo.InvariantCulture));

#if CONFIG_PID_NS
        seq_puts(m, "\nNSpid:\t" + nr.ToString(CultureInfo.InvariantCulture));
        if (nr > 0)
        {
            /* nr > 0: the procfs namespace is in pid's hierarchy; print the levels below it */
            for (var i = ns!.level + 1; i <= pid.level; i++)
                seq_puts(m, "\t" + pid.numbers[i].nr.ToString(CultureInfo.InvariantCulture));
        }
#endif
        seq_putc(m, '\n');
    }
#endif

    /* poll support for process exit notification */
    private uint pidfd_poll(@file file, poll_table_struct? pts)
    {
        var pid = pidfd_pid(file);
        task_struct? task;
        uint poll_flags = 0;

        poll_wait(file, pid.wait_pidfd, pts);

        /*
         * A thread-group leader that exited while other threads run is not
         * reported: waiters learn when the last thread exits, or never if a
         * thread execs and takes over the leader's struct pid.
         */
        using var _ = this.guard_rcu();
        task = this.pid_task(pid, pid_type.PIDTYPE_PID);
        if (task == null)
            poll_flags = EPOLLIN | EPOLLRDNORM | EPOLLHUP;
        else if (task.exit_state != 0 && !delay_group_leader(task))
            poll_flags = EPOLLIN | EPOLLRDNORM;

        return poll_flags;
    }

    private bool pid_in_current_pidns(pid pid)
    {
        var ns = this.task_active_pid_ns(this.current)!;

        if (ns.level <= pid.level)
            return pid.numbers[ns.level].ns == ns;

        return false;
    }

    private uint pidfs_coredump_mask(ulong mm_flags)
    {
        switch (__get_dumpable(mm_flags))
        {
            case SUID_DUMP_USER:
                return PIDFD_COREDUMP_USER;
            case SUID_DUMP_ROOT:
                return PIDFD_COREDUMP_ROOT;
            case SUID_DUMP_DISABLE:
                return PIDFD_COREDUMP_SKIP;
            default:
                this.WARN_ON_ONCE(true);
                break;
        }

        return 0;
    }

    /* must be updated whenever a new flag is added */
    private const ulong PIDFD_INFO_SUPPORTED = PIDFD_INFO_PID | PIDFD_INFO_CREDS | PIDFD_INFO_CGROUPID | PIDFD_INFO_EXIT |
                                               PIDFD_INFO_COREDUMP | PIDFD_INFO_SUPPORTED_MASK | PIDFD_INFO_COREDUMP_SIGNAL;

    private long pidfd_info(@file file, uint cmd, object? arg)
    {
        var uinfo = arg;
        using var task = this.__free<task_struct>(put_task, null);
        var pid = pidfd_pid(file);
        var usize = (int)_IOC_SIZE(cmd);
        var kinfo = default(pidfd_info); /* = {} */
        user_namespace user_ns;
        pidfs_attr attr;
        cred? c;
        ulong mask;

        if (uinfo == null)
            return -errno.EINVAL;
        if (usize < PIDFD_INFO_SIZE_VER0)
            return -errno.EINVAL; /* the first version; nothing smaller exists */

        Span<byte> maskbuf = stackalloc byte[8];
        if (copy_from_user(maskbuf, uinfo, 8) != 0)
            return -errno.EFAULT;
        mask = BinaryPrimitives.ReadUInt64LittleEndian(maskbuf);

        /* only tasks in the caller's pid namespace hierarchy */
        if (!this.pid_in_current_pidns(pid))
            return -errno.ESRCH;

        attr = READ_ONCE(ref pid.attr)!;
        if ((mask & PIDFD_INFO_EXIT) != 0)
        {
            if (test_bit((int)pidfs_attr_mask_bits.PIDFS_ATTR_BIT_EXIT, in attr.attr_mask))
            {
                smp_rmb();
                kinfo.mask |= PIDFD_INFO_EXIT;
#if CONFIG_CGROUPS
                kinfo.cgroupid = attr.cgroupid;
                kinfo.mask |= PIDFD_INFO_CGROUPID;
#endif
                kinfo.exit_code = attr.exit_code;
            }
        }

        if ((mask & PIDFD_INFO_COREDUMP) != 0)
        {
            if (test_bit((int)pidfs_attr_mask_bits.PIDFS_ATTR_BIT_COREDUMP, in attr.attr_mask))
            {
                smp_rmb();
                kinfo.mask |= PIDFD_INFO_COREDUMP | PIDFD_INFO_COREDUMP_SIGNAL;
                kinfo.coredump_mask = attr.coredump_mask;
                kinfo.coredump_signal = attr.coredump_signal;
            }
        }

        task.ptr = this.get_pid_task(pid, pid_type.PIDTYPE_PID);
        if (task.ptr == null)
        {
            /* reaped already: only the exit information is left */
            if ((mask & PIDFD_INFO_EXIT) == 0)
                return -errno.ESRCH;

            goto copy_out;
        }

        c = this.get_task_cred(task.ptr);
        if (c == null)
            return -errno.ESRCH;

        if ((mask & PIDFD_INFO_COREDUMP) != 0 && kinfo.coredump_mask == 0)
        {
            using (this.guard_task_lock(task.ptr))
            {
                if (task.ptr.mm != null)
                {
                    var flags = __mm_flags_get_dumpable(task.ptr.mm);

                    kinfo.coredump_mask = this.pidfs_coredump_mask(flags);
                    kinfo.mask |= PIDFD_INFO_COREDUMP;
                    /* no coredump happened, so no coredump signal */
                }
            }
        }

        /* identifiers and credentials always; the rest only on request */
        user_ns = this.current_user_ns();
        kinfo.ruid = from_kuid_munged(user_ns, c.uid);
        kinfo.rgid = from_kgid_munged(user_ns, c.gid);
        kinfo.euid = from_kuid_munged(user_ns, c.euid);
        kinfo.egid = from_kgid_munged(user_ns, c.egid);
        kinfo.suid = from_kuid_munged(user_ns, c.suid);
        kinfo.sgid = from_kgid_munged(user_ns, c.sgid);
        kinfo.fsuid = from_kuid_munged(user_ns, c.fsuid);
        kinfo.fsgid = from_kgid_munged(user_ns, c.fsgid);
        kinfo.mask |= PIDFD_INFO_CREDS;
        this.put_cred(c);

#if CONFIG_CGROUPS
        if (kinfo.cgroupid == 0)
        {
            this.rcu_read_lock();
            kinfo.cgroupid = this.task_dfl_cgroup_id(task.ptr);
            kinfo.mask |= PIDFD_INFO_CGROUPID;
            this.rcu_read_unlock();
        }
#endif

        /*
         * pid and tgid go last, to narrow (not close) the window in which they
         * could go stale; if the task is exiting right now and they read as 0,
         * report ESRCH rather than half the information.
         */
        kinfo.ppid = (uint)this.task_ppid_nr_ns(task.ptr, null);
        kinfo.tgid = (uint)this.task_tgid_vnr(task.ptr);
        kinfo.pid = (uint)this.task_pid_vnr(task.ptr);
        kinfo.mask |= PIDFD_INFO_PID;

        if (kinfo.pid == 0 || kinfo.tgid == 0)
            return -errno.ESRCH;

    copy_out:
        if ((mask & PIDFD_INFO_SUPPORTED_MASK) != 0)
        {
            kinfo.mask |= PIDFD_INFO_SUPPORTED_MASK;
            kinfo.supported_mask = PIDFD_INFO_SUPPORTED;
        }

        /* a returned bit missing from PIDFD_INFO_SUPPORTED is a bug */
        this.WARN_ON_ONCE((~PIDFD_INFO_SUPPORTED & kinfo.mask) != 0);

        /*
         * Same struct size: a plain copy. An older, smaller user struct gets
         * the fields it knows; a newer, larger one gets ours and zeroes after.
         */
        Span<byte> kbuf = stackalloc byte[PIDFD_INFO_SIZE_VER2];
        kinfo.to_bytes(kbuf);
        return copy_struct_to_user(uinfo, usize, kbuf, PIDFD_INFO_SIZE_VER2, null);
    }

    /* _IOC_NR(PIDFD_GET_INFO): a constant, so that it can label a case */
    private const uint PIDFD_GET_INFO_NR = (PIDFD_GET_INFO >> _IOC_NRSHIFT) & 0xff;

    private static bool pidfs_ioctl_valid(uint cmd)
    {
        switch (cmd)
        {
            case FS_IOC_GETVERSION:
            case PIDFD_GET_CGROUP_NAMESPACE:
            case PIDFD_GET_IPC_NAMESPACE:
            case PIDFD_GET_MNT_NAMESPACE:
            case PIDFD_GET_NET_NAMESPACE:
            case PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE:
            case PIDFD_GET_TIME_NAMESPACE:
            case PIDFD_GET_TIME_FOR_CHILDREN_NAMESPACE:
            case PIDFD_GET_UTS_NAMESPACE:
            case PIDFD_GET_USER_NAMESPACE:
            case PIDFD_GET_PID_NAMESPACE:
                return true;
        }

        /* extensible ioctls need a closer look */
        switch (_IOC_NR(cmd))
        {
            case PIDFD_GET_INFO_NR:
                /*
                 * Catches most attempts to use this ioctl on a file that only
                 * looks like a pidfd; not perfect, but cheap.
                 */
                return extensible_ioctl_valid(cmd, PIDFD_GET_INFO, PIDFD_INFO_SIZE_VER0);
        }

        return false;
    }

    private long pidfd_ioctl(@file file, uint cmd, object? arg)
    {
        using var task = this.__free<task_struct>(put_task, null);
        using var nsp = this.__free<nsproxy>(put_nsproxy, null);

        if (!pidfs_ioctl_valid(cmd))
            return -errno.ENOIOCTLCMD;

        if (cmd == FS_IOC_GETVERSION)
        {
            if (arg == null)
                return -errno.EINVAL;

            return put_user(file_inode(file).i_generation, arg);
        }

        /* the extensible ioctl opens no namespace fd: take the shortcut */
        if (_IOC_NR(cmd) == _IOC_NR(PIDFD_GET_INFO))
            return this.pidfd_info(file, cmd, arg);

        task.ptr = this.get_pid_task(pidfd_pid(file), pid_type.PIDTYPE_PID);
        if (task.ptr == null)
            return -errno.ESRCH;

        if (arg != null)
            return -errno.EINVAL;

        using (this.guard_task_lock(task.ptr))
        {
            nsp.ptr = task.ptr.nsproxy;
            if (nsp.ptr != null)
                this.get_nsproxy(nsp.ptr);
        }

        if (nsp.ptr == null)
            return -errno.ESRCH; /* just pretend it didn't exist */

        /* opening a namespace fd: the filesystem-credentials ptrace check, as nsfs does */
        if (!this.ptrace_may_access(task.ptr, PTRACE_MODE_READ_FSCREDS))
            return -errno.EACCES;

        /*
         * Upstream takes a reference on the namespace of the asked type here
         * and open_namespace() turns it into a namespace fd. The port has no
         * nsfs to open it on (see the file comment): no ns_common, so the
         * answer upstream gives when no namespace could be referenced.
         */
        return -errno.EOPNOTSUPP;
    }

    /// <summary>pidfd_pid: the struct pid of a pidfd (borrowed; valid while the file is held).</summary>
    /// <param name="file">A file.</param>
    /// <returns>The pid, or ERR_PTR(-EBADF) for a file that is not a pidfd.</returns>
    [__borrowed]
    public pid pidfd_pid(@file file)
    {
        if (file.f_op != this.pidfs_file_operations)
            return ERR_PTR<pid>(-errno.EBADF);
        return (pid)file_inode(file).i_private!;
    }

    /*
     * pidfs_exit: called from release_task(). The task holds a reference to
     * its struct pid that stays until after we return, so pid is stable.
     *
     * A pid that ever had a pidfd has a pidfs_attr; the exit information goes
     * there. A pid that never had one is marked dead, so nobody can register
     * it any more: otherwise a pidfd could appear for a reaped task without
     * exit information to report.
     *
     * At worst the information is filled in and the pid freed at once in
     * free_pid() because no pidfd is left. Upstream notes that pidfs_exit
     * runs after exit_task_work(), so the exiting task cannot hold the last
     * pidfd to itself. The port's do_exit has no task work: fput() is
     * synchronous, and exit_files() has closed the task's own descriptors
     * before exit_notify(), so the same holds here.
     */

    /// <summary>pidfs_exit: records the exit information of a task being released (see above).</summary>
    /// <param name="tsk">The task being released.</param>
    [__must_not_hold("tasklist_lock")]
    [__might_sleep]
    public void pidfs_exit(task_struct tsk)
    {
        var pid = task_pid(tsk)!;
        pidfs_attr? attr;

        this.might_sleep();

        /* synchronise with pidfs_register_pid() */
        using (this.guard_spinlock_irq(pid.wait_pidfd.@lock))
        {
            attr = pid.attr;
            if (attr == null)
            {
                /*
                 * Nobody ever held a pidfd for this pid: mark it dead so no
                 * pidfs entry can be added from now on; once reaped there
                 * would be no exit information for it.
                 */
                pid.attr = PIDFS_PID_DEAD;
                return;
            }
        }

        /*
         * attr is set: a pidfd may still legitimately exist, or someone may be
         * taking a reference to the stashed dentry right now. attr is freed
         * with the last reference to the pid, not here.
         */
#if CONFIG_CGROUPS
        this.rcu_read_lock();
        attr.cgroupid = this.task_dfl_cgroup_id(tsk);
        this.rcu_read_unlock();
#endif
        attr.exit_code = tsk.exit_code;

        /* PIDFD_GET_INFO sees all of it or nothing */
        smp_wmb();
        set_bit((int)pidfs_attr_mask_bits.PIDFS_ATTR_BIT_EXIT, ref attr.attr_mask);
    }

#if CONFIG_COREDUMP
    /// <summary>pidfs_coredump: records that (and how) the task dumped core; the pid is registered by then.</summary>
    /// <param name="cprm">The coredump parameters.</param>
    public void pidfs_coredump(coredump_params cprm)
    {
        var pid = cprm.pid;
        pidfs_attr? attr;

        attr = READ_ONCE(ref pid.attr);

        this.WARN_ON_ONCE(attr == null);
        this.WARN_ON_ONCE(attr == PIDFS_PID_DEAD);

        /* how we were dumped, and that we were */
        attr!.coredump_mask = this.pidfs_coredump_mask(cprm.mm_flags) | PIDFD_COREDUMPED;
        /* a dump set to be skipped never gets here */
        this.WARN_ON_ONCE((attr.coredump_mask & PIDFD_COREDUMP_SKIP) != 0);
        /* the signal that caused it */
        attr.coredump_signal = (uint)cprm.siginfo.si_signo;
        smp_wmb();
        set_bit((int)pidfs_attr_mask_bits.PIDFS_ATTR_BIT_COREDUMP, ref attr.attr_mask);
    }
#endif

    /*
     * The VFS would fall back to simple_setattr() without ->setattr; refuse
     * every change until pidfds have a clean permission concept.
     */
    private static int pidfs_setattr(mnt_idmap idmap, dentry dentry, iattr attr) => anon_inode_setattr(idmap, dentry, attr);

    private static int pidfs_getattr(mnt_idmap idmap, path path, ref kstat stat, uint request_mask, uint query_flags) =>
        anon_inode_getattr(idmap, path, ref stat, request_mask, query_flags);

    private long pidfs_listxattr(dentry dentry, byte[]? buf, int size)
    {
        var inode = d_inode(dentry)!;
        var pid = (pid)inode.i_private!;
        var attr = pid.attr!;
        simple_xattrs? xattrs;

        xattrs = READ_ONCE(ref attr.xattrs);
        if (xattrs == null)
            return 0;

        return this.simple_xattr_list(inode, xattrs, buf, size);
    }

    private void pidfs_evict_inode(inode inode)
    {
        var pid = (pid)inode.i_private!;

        this.clear_inode(inode);
        this.put_pid(pid);
    }

    /* lsof knows our historical anon_inode use and expects the name to start with anon_inode */
    private static string? pidfs_dname(dentry dentry, int buflen) => dynamic_dname(buflen, "anon_inode:[pidfd]");

    private static int pidfs_encode_fh(inode inode, Span<uint> fh, ref int max_len, inode? parent)
    {
        var pid = (pid)inode.i_private!;

        if (max_len < 2)
        {
            max_len = 2;
            return FILEID_INVALID;
        }

        max_len = 2;
        fh[0] = (uint)pid.ino;
        fh[1] = (uint)(pid.ino >> 32);
        return FILEID_KERNFS;
    }

    /* internal: kpidfs bench times the tree walk alone with this comparator */
    internal static int pidfs_ino_find(ulong key, rb_node node)
    {
        var pid_ino = key;
        var pid = rb_entry<pid>(node);

        if (pid_ino < pid.ino)
            return -1;
        if (pid_ino > pid.ino)
            return 1;
        return 0;
    }

    /* find a struct pid by inode number */
    [return: __returns_ref]
    [__context_unsafe("a lockless reader of pidfs_ino_tree under the pidmap_lock_seq seqcount, as upstream")]
    private pid? pidfs_ino_get_pid(ulong ino)
    {
        pid pid;
        rb_node? node;
        uint seq;

        using (this.guard_rcu())
        {
            /*
             * Only a miss is retried: a writer's rotation may hide a node
             * from a lockless walk, but never shows a wrong one.
             */
            do
            {
                seq = read_seqcount_begin(this.pidmap_lock_seq);
                node = rb_find_rcu(ino, this.pidfs_ino_tree, pidfs_ino_find);
                if (node != null)
                    break;
            }
            while (read_seqcount_retry(this.pidmap_lock_seq, seq));

            if (node == null)
                return null;

            pid = rb_entry<pid>(node);

            /* within our pid namespace hierarchy? */
            if (this.pid_vnr(pid) == 0)
                return null;

            /* a pid still in the tree has its tasks' reference: a plain get is safe */
            return this.get_pid(pid);
        }
    }

    private dentry? pidfs_fh_to_dentry(super_block sb, fid fid, int fh_len, int fh_type)
    {
        int ret;
        ulong pid_ino;
        pid? pid;

        if (fh_len < 2)
            return null;

        switch (fh_type)
        {
            case FILEID_KERNFS:
                pid_ino = fid.raw[0] | ((ulong)fid.raw[1] << 32);
                break;
            default:
                return null;
        }

        pid = this.pidfs_ino_get_pid(pid_ino);
        if (pid == null)
            return null;

        ret = this.path_from_stashed(pid.stashed_slot, this.pidfs_mnt!, pid, out var path);
        if (ret < 0)
            return ERR_PTR<dentry>(ret);

        this.WARN_ON_ONCE(pid.attr == null);

        this.mntput(path.mnt);
        return path.dentry;
    }

    /*
     * Reject nonsensical flags passed to open_by_handle_at(). PIDFD_THREAD is
     * O_EXCL and PIDFD_NONBLOCK is O_NONBLOCK.
     */
    private const uint VALID_FILE_HANDLE_OPEN_FLAGS = O_RDONLY | O_WRONLY | O_RDWR | O_NONBLOCK | O_CLOEXEC | O_EXCL;

    private static int pidfs_export_permission(ref handle_to_path_ctx ctx, uint oflags)
    {
        if ((oflags & ~(VALID_FILE_HANDLE_OPEN_FLAGS | O_LARGEFILE)) != 0)
            return -errno.EINVAL;

        /*
         * pidfs_ino_get_pid() only finds pids in the caller's pid namespace
         * hierarchy; nothing more needs checking.
         */
        return 0;
    }

    private @file pidfs_export_open(path path, int oflags)
    {
        /* open_by_handle_at() forces O_LARGEFILE; pidfds are always O_RDWR */
        oflags &= ~(int)O_LARGEFILE;
        return this.dentry_open(path, oflags | (int)O_RDWR, this.current_cred());
    }

    private int pidfs_init_inode(inode inode, object data)
    {
        var pid = (pid)data;

        inode.i_private = data;
        inode.i_flags |= S_PRIVATE | S_ANON_INODE;
        /* xattrs may be set */
        inode.i_flags &= ~S_IMMUTABLE;
        inode.i_mode |= S_IRWXU;
        inode.i_op = this.pidfs_inode_operations;
        inode.i_fop = this.pidfs_file_operations;
        inode.i_ino = pidfs_ino(pid.ino);
        inode.i_generation = pidfs_gen(pid.ino);
        return 0;
    }

    private void pidfs_put_data(object data)
    {
        var pid = (pid)data;
        this.put_pid(pid);
    }

    /// <summary>pidfs_register_pid: makes sure the pid has a pidfs_attr (a pidfd is about to exist).</summary>
    /// <param name="pid">The pid (NULL is fine).</param>
    /// <returns>0, -ESRCH if the task was reaped unregistered, or -ENOMEM.</returns>
    [__might_sleep]
    public int pidfs_register_pid(pid? pid)
    {
        using var new_attr = this.__free<pidfs_attr>(kfree, null);
        pidfs_attr? attr;

        this.might_sleep();

        if (pid == null)
            return 0;

        attr = READ_ONCE(ref pid.attr);
        if (attr == PIDFS_PID_DEAD)
            return (int)PTR_ERR(PIDFS_PID_DEAD);
        if (attr != null)
            return 0;

        new_attr.ptr = this.kmem_cache_zalloc(this.pidfs_attr_cachep!, GFP_KERNEL, () => new pidfs_attr());
        if (new_attr.ptr == null)
            return -errno.ENOMEM;

        /* synchronise with pidfs_exit() */
        using var _ = this.guard_spinlock_irq(pid.wait_pidfd.@lock);

        attr = pid.attr;
        if (attr == PIDFS_PID_DEAD)
            return (int)PTR_ERR(PIDFS_PID_DEAD);
        if (attr != null)
            return 0;

        pid.attr = no_free_ptr(new_attr);
        return 0;
    }

    private dentry pidfs_stash_dentry(stashed_slot stashed, dentry dentry)
    {
        int ret;
        var pid = (pid)d_inode(dentry)!.i_private!;

        this.WARN_ON_ONCE(stashed != pid.stashed_slot);

        ret = this.pidfs_register_pid(pid);
        if (ret != 0)
            return ERR_PTR<dentry>(ret);

        return this.stash_dentry(stashed, dentry);
    }

    private int pidfs_xattr_get(xattr_handler handler, dentry unused, inode inode, string suffix, byte[]? value, int size)
    {
        var pid = (pid)inode.i_private!;
        var attr = pid.attr!;
        string name;
        simple_xattrs? xattrs;

        xattrs = READ_ONCE(ref attr.xattrs);
        if (xattrs == null)
            return 0;

        name = xattr_full_name(handler, suffix);
        return this.simple_xattr_get(xattrs, name, value, size);
    }

    private int pidfs_xattr_set(xattr_handler handler, mnt_idmap idmap, dentry unused, inode inode, string suffix, byte[]? value, int size, int flags)
    {
        var pid = (pid)inode.i_private!;
        var attr = pid.attr!;
        string name;
        simple_xattrs? xattrs;
        simple_xattr? old_xattr;

        /* we must be the only one setting attr->xattrs */
        this.WARN_ON_ONCE(!this.inode_is_locked(inode));

        xattrs = READ_ONCE(ref attr.xattrs);
        if (xattrs == null)
        {
            xattrs = this.kmem_cache_zalloc(this.pidfs_xattr_cachep!, GFP_KERNEL, () => new simple_xattrs());
            if (xattrs == null)
                return -errno.ENOMEM;

            simple_xattrs_init(xattrs);
            smp_store_release(ref pid.attr!.xattrs, xattrs);
        }

        name = xattr_full_name(handler, suffix);
        old_xattr = this.simple_xattr_set(xattrs, name, value, size, flags);
        if (IS_ERR(old_xattr))
            return (int)PTR_ERR(old_xattr);

        this.simple_xattr_free(old_xattr);
        return 0;
    }

    private int pidfs_init_fs_context(fs_context fc)
    {
        pseudo_fs_context? ctx;

        ctx = this.init_pseudo(fc, PID_FS_MAGIC);
        if (ctx == null)
            return -errno.ENOMEM;

        fc.s_iflags |= SB_I_NOEXEC;
        fc.s_iflags |= SB_I_NODEV;
        ctx.s_d_flags |= DCACHE_DONTCACHE;
        ctx.ops = this.pidfs_sops;
        ctx.eops = this.pidfs_export_operations;
        ctx.dops = this.pidfs_dentry_operations_;
        ctx.xattr = this.pidfs_xattr_handlers;
        fc.s_fs_info = this.pidfs_stashed_ops;
        return 0;
    }

    /// <summary>pidfs_alloc_file: a new pidfd file for <paramref name="pid"/>; the caller's reference is untouched.</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="flags">PIDFD_* and open flags (PIDFD_STALE allowed).</param>
    /// <returns>The file, or ERR_PTR.</returns>
    [__might_sleep]
    [return: __returns_ref]
    public @file pidfs_alloc_file(pid pid, uint flags)
    {
        @file pidfd_file;
        int ret;

        /* PIDFD_STALE must not overload a user-visible pidfd flag */
        System.Diagnostics.Debug.Assert(PIDFD_STALE != PIDFD_THREAD && PIDFD_STALE != PIDFD_NONBLOCK, "BUILD_BUG_ON");

        ret = this.path_from_stashed(pid.stashed_slot, this.pidfs_mnt!, this.get_pid(pid)!, out var path);
        if (ret < 0)
            return ERR_PTR<@file>(ret);

        try
        {
            this.WARN_ON_ONCE(pid.attr == null);

            flags &= ~PIDFD_STALE;
            flags |= O_RDWR;
            pidfd_file = this.dentry_open(path, (int)flags, this.current_cred());
            /* do_dentry_open() strips O_EXCL: put PIDFD_THREAD back by hand */
            if (!IS_ERR(pidfd_file))
                pidfd_file.f_flags |= flags & PIDFD_THREAD;

            return pidfd_file;
        }
        finally
        {
            this.path_put(path); /* __free(path_put) */
        }
    }

    /// <summary>pidfs_init: the caches and the kernel-internal mount.</summary>
    public void pidfs_init()
    {
        this.pidfs_file_operations = new file_operations
        {
            poll = this.pidfd_poll,
#if CONFIG_PROC_FS
            show_fdinfo = this.pidfd_show_fdinfo,
#endif
            unlocked_ioctl = this.pidfd_ioctl,
        };
        this.pidfs_inode_operations = new inode_operations
        {
            getattr = pidfs_getattr,
            setattr = pidfs_setattr,
            listxattr = this.pidfs_listxattr,
        };
        this.pidfs_sops = new super_operations
        {
            drop_inode = inode_just_drop,
            evict_inode = this.pidfs_evict_inode,
            statfs = simple_statfs,
        };
        this.pidfs_dentry_operations_ = new dentry_operations
        {
            d_dname = pidfs_dname,
            d_prune = this.stashed_dentry_prune,
        };
        this.pidfs_export_operations = new export_operations
        {
            encode_fh = pidfs_encode_fh,
            fh_to_dentry = this.pidfs_fh_to_dentry,
            open = this.pidfs_export_open,
            permission = pidfs_export_permission,
        };
        this.pidfs_stashed_ops = new stashed_operations
        {
            stash_dentry = this.pidfs_stash_dentry,
            init_inode = this.pidfs_init_inode,
            put_data = this.pidfs_put_data,
        };
        this.pidfs_xattr_handlers = new[]
        {
            new xattr_handler { prefix = XATTR_TRUSTED_PREFIX, get = this.pidfs_xattr_get, set = this.pidfs_xattr_set },
        };
        this.pidfs_type = new file_system_type
        {
            name = "pidfs",
            init_fs_context = this.pidfs_init_fs_context,
            kill_sb = this.kill_anon_super,
        };

        this.pidfs_attr_cachep = this.kmem_cache_create("pidfs_attr_cache");
        this.pidfs_xattr_cachep = this.kmem_cache_create("pidfs_xattr_cache");

        this.pidfs_mnt = this.kern_mount(this.pidfs_type);
        if (IS_ERR(this.pidfs_mnt))
            this.BUG("Failed to mount pidfs pseudo filesystem");

        this.pidfs_root_path.mnt = this.pidfs_mnt;
        this.pidfs_root_path.dentry = this.pidfs_mnt.mnt_root;
    }

    /// <summary>task_dfl_cgroup id: every task of the model sits in the root cgroup (id 1), as on the host.</summary>
    /// <param name="tsk">The task.</param>
    /// <returns>The cgroup id.</returns>
    private ulong task_dfl_cgroup_id(task_struct tsk) => 1;
}
