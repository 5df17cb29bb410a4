// SPDX-License-Identifier: GPL-2.0-only

//
// include/uapi/linux/resource.h and include/linux/sched/signal.h's rlimit
// helpers. Limits live in signal_struct (shared by the thread group) and
// are copied on fork. Only RLIMIT_NOFILE is acted on by the port (the fd
// allocator and poll); the others are kept with their initial values.
namespace Linux;

/// <summary>struct rlimit.</summary>
public struct rlimit
{
    /// <summary>The soft limit.</summary>
    public ulong rlim_cur;

    /// <summary>The hard limit (ceiling for rlim_cur).</summary>
    public ulong rlim_max;
}

/// <summary>Resource limits.</summary>
public sealed partial class vmlinux
{
    public const int RLIMIT_NOFILE = 7;
    public const int RLIM_NLIMITS = 16;
    public const ulong RLIM_INFINITY = ulong.MaxValue;

    /* the initial number of open files, soft and hard (include/uapi/linux/fs.h) */
    public const ulong INR_OPEN_CUR = 1024;
    public const ulong INR_OPEN_MAX = 4096;

    /// <summary>INIT_RLIMITS: every limit unlimited but RLIMIT_NOFILE.</summary>
    /// <returns>The limits.</returns>
    public static signal_rlim INIT_RLIMITS()
    {
        var r = default(signal_rlim);
        for (var i = 0; i < RLIM_NLIMITS; i++)
            r[i] = new rlimit { rlim_cur = RLIM_INFINITY, rlim_max = RLIM_INFINITY };
        r[RLIMIT_NOFILE] = new rlimit { rlim_cur = INR_OPEN_CUR, rlim_max = INR_OPEN_MAX };
        return r;
    }

    /// <summary>task_rlimit: the soft limit of <paramref name="task"/>.</summary>
    /// <param name="task">The task.</param>
    /// <param name="limit">RLIMIT_*.</param>
    /// <returns>The soft limit.</returns>
    public static ulong task_rlimit(task_struct task, int limit) => System.Threading.Volatile.Read(ref task.signal.rlim[limit].rlim_cur);

    /// <summary>rlimit: current's soft limit.</summary>
    /// <param name="limit">RLIMIT_*.</param>
    /// <returns>The soft limit.</returns>
    public ulong rlimit(int limit) => task_rlimit(this.current, limit);
}
