// SPDX-License-Identifier: GPL-2.0-only

// kernel/ptrace.c: ptrace_may_access, the permission check pidfd_getfd and
// the pidfd namespace ioctls use. Not ported: ptrace itself, the LSM hook,
// and user namespaces other than the initial one (capabilities are checked
// against it).
namespace Linux;

/// <summary>kernel/ptrace.c.</summary>
public sealed partial class vmlinux
{
    public const uint PTRACE_MODE_READ = 0x01;
    public const uint PTRACE_MODE_ATTACH = 0x02;
    public const uint PTRACE_MODE_NOAUDIT = 0x04;
    public const uint PTRACE_MODE_FSCREDS = 0x08;
    public const uint PTRACE_MODE_REALCREDS = 0x10;
    public const uint PTRACE_MODE_READ_FSCREDS = PTRACE_MODE_READ | PTRACE_MODE_FSCREDS;
    public const uint PTRACE_MODE_READ_REALCREDS = PTRACE_MODE_READ | PTRACE_MODE_REALCREDS;
    public const uint PTRACE_MODE_ATTACH_FSCREDS = PTRACE_MODE_ATTACH | PTRACE_MODE_FSCREDS;
    public const uint PTRACE_MODE_ATTACH_REALCREDS = PTRACE_MODE_ATTACH | PTRACE_MODE_REALCREDS;

    private int __ptrace_may_access(task_struct task, uint mode)
    {
        var cred = this.current_cred();
        cred tcred;
        uint caller_uid, caller_gid;

        if ((mode & PTRACE_MODE_FSCREDS) == 0 == ((mode & PTRACE_MODE_REALCREDS) == 0))
        {
            this.WARN(true, "denying ptrace access check without PTRACE_MODE_*CREDS");
            return -errno.EPERM;
        }

        /* a thread may always inspect its own group */
        if (same_thread_group(task, this.current))
            return 0;

        if ((mode & PTRACE_MODE_FSCREDS) != 0)
        {
            caller_uid = cred.fsuid;
            caller_gid = cred.fsgid;
        }
        else
        {
            caller_uid = cred.uid;
            caller_gid = cred.gid;
        }

        tcred = task.cred;
        if (caller_uid == tcred.euid && caller_uid == tcred.suid && caller_uid == tcred.uid &&
            caller_gid == tcred.egid && caller_gid == tcred.sgid && caller_gid == tcred.gid)
            goto ok;
        if (this.ns_capable(tcred.user_ns, CAP_SYS_PTRACE))
            goto ok;
        return -errno.EPERM;
    ok:
        var mm = task.mm;
        if (mm != null && __get_dumpable(mm.flags) != SUID_DUMP_USER && !this.ns_capable(tcred.user_ns, CAP_SYS_PTRACE))
            return -errno.EPERM;

        return 0;
    }

    /// <summary>ptrace_may_access: may the caller inspect (or attach to) <paramref name="task"/>?</summary>
    /// <param name="task">The target.</param>
    /// <param name="mode">PTRACE_MODE_*.</param>
    /// <returns>True if allowed.</returns>
    public bool ptrace_may_access(task_struct task, uint mode)
    {
        int err;

        this.task_lock(task);
        err = this.__ptrace_may_access(task, mode);
        this.task_unlock(task);
        return err == 0;
    }
}
