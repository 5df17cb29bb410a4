// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/threads.h: the pid number limits.
namespace Linux;

/// <summary>Pid limits.</summary>
public sealed partial class vmlinux
{
    /// <summary>The default pid_max of the initial namespace.</summary>
    public const int PID_MAX_DEFAULT = 0x8000;

#if CONFIG_64BIT
    /// <summary>The hard limit: 4 Mi on 64-bit.</summary>
    public const int PID_MAX_LIMIT = 4 * 1024 * 1024;
#else
    /// <summary>The hard limit: PID_MAX_DEFAULT on 32-bit.</summary>
    public const int PID_MAX_LIMIT = PID_MAX_DEFAULT;
#endif

    /// <summary>Pids per possible CPU that pid_max is raised to at boot.</summary>
    public const int PIDS_PER_CPU_DEFAULT = 1024;

    /// <summary>The minimum pid_max per possible CPU.</summary>
    public const int PIDS_PER_CPU_MIN = 8;

    /// <summary>num_possible_cpus() of the machine the model stands for (the host: 2 vCPUs).</summary>
    public const int NR_CPUS = 2;

    /// <summary>num_possible_cpus.</summary>
    /// <returns>The number of possible CPUs.</returns>
    public static int num_possible_cpus() => NR_CPUS;
}
