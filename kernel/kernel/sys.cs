// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/sys.c: getting and setting resource limits (prlimit64). Not
// ported: the other system calls of sys.c, the LSM hook, and the
// RLIMIT_CPU timer update.
namespace Linux;

/// <summary>kernel/sys.c.</summary>
public sealed partial class vmlinux
{
    /// <summary>do_prlimit: reads and/or sets one limit of <paramref name="tsk"/>'s thread group.</summary>
    /// <param name="tsk">The task (held by the caller).</param>
    /// <param name="resource">RLIMIT_*.</param>
    /// <param name="new_rlim">The new limit, or null.</param>
    /// <param name="old_rlim">Gets the old limit.</param>
    /// <returns>0, -EINVAL or -EPERM.</returns>
    public int do_prlimit(task_struct tsk, uint resource, rlimit? new_rlim, out rlimit old_rlim)
    {
        int retval = 0;

        old_rlim = default;
        if (resource >= RLIM_NLIMITS)
            return -errno.EINVAL;
        if (new_rlim is { } n)
        {
            if (n.rlim_cur > n.rlim_max)
                return -errno.EINVAL;
            if (resource == RLIMIT_NOFILE && n.rlim_max > sysctl_nr_open)
                return -errno.EPERM;
        }

        /* the caller's reference on tsk keeps tsk->signal */
        ref var rlim = ref tsk.signal.rlim[(int)resource];
        this.task_lock(tsk.group_leader);
        if (new_rlim is { } m && m.rlim_max > rlim.rlim_max && !this.capable(CAP_SYS_RESOURCE))
            retval = -errno.EPERM;
        if (retval == 0)
        {
            old_rlim = rlim;
            if (new_rlim is { } v)
                rlim = v;
        }

        this.task_unlock(tsk.group_leader);
        return retval;
    }

    /// <summary>sys_prlimit64 for the calling task (pid 0) or another task of the caller's namespace.</summary>
    /// <param name="pid">The pid, 0 for the caller.</param>
    /// <param name="resource">RLIMIT_*.</param>
    /// <param name="new_rlim">The new limit, or null.</param>
    /// <param name="old_rlim">Gets the old limit.</param>
    /// <returns>0 or -errno.</returns>
    public long sys_prlimit64(int pid, uint resource, rlimit? new_rlim, out rlimit old_rlim)
    {
        task_struct? tsk;

        old_rlim = default;
        using (this.guard_rcu())
        {
            tsk = pid != 0 ? this.find_task_by_vpid(pid) : this.current;
            if (tsk == null)
                return -errno.ESRCH;
            if (tsk != this.current && tsk.cred.uid != this.current_cred().uid && !this.capable(CAP_SYS_RESOURCE))
                return -errno.EPERM;
            this.get_task_struct(tsk);
        }

        var ret = this.do_prlimit(tsk, resource, new_rlim, out old_rlim);
        this.put_task_struct(tsk);
        return ret;
    }
}
