// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;

namespace Kpidfs.Scenario;

/// <summary>The CLONE_* flags of `unshare` and `clone3` lines (include/uapi/linux/sched.h).</summary>
public static class CloneFlags
{
    /// <summary>CLONE_NEWPID.</summary>
    public const ulong NewPid = 0x20000000;

    /// <summary>CLONE_PIDFD.</summary>
    public const ulong Pidfd = 0x1000;

    /// <summary>CLONE_VM.</summary>
    public const ulong Vm = 0x100;

    /// <summary>CLONE_FILES.</summary>
    public const ulong Files = 0x400;

    /// <summary>CLONE_SETTLS.</summary>
    public const ulong SetTls = 0x80000;

    /// <summary>Gets the flags by name.</summary>
    public static IReadOnlyDictionary<string, long> Names { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["CLONE_VM"] = 0x100,
        ["CLONE_FS"] = 0x200,
        ["CLONE_FILES"] = 0x400,
        ["CLONE_SIGHAND"] = 0x800,
        ["CLONE_PIDFD"] = 0x1000,
        ["CLONE_PTRACE"] = 0x2000,
        ["CLONE_VFORK"] = 0x4000,
        ["CLONE_PARENT"] = 0x8000,
        ["CLONE_THREAD"] = 0x10000,
        ["CLONE_NEWNS"] = 0x20000,
        ["CLONE_SYSVSEM"] = 0x40000,
        ["CLONE_SETTLS"] = 0x80000,
        ["CLONE_PARENT_SETTID"] = 0x100000,
        ["CLONE_CHILD_CLEARTID"] = 0x200000,
        ["CLONE_DETACHED"] = 0x400000,
        ["CLONE_UNTRACED"] = 0x800000,
        ["CLONE_CHILD_SETTID"] = 0x1000000,
        ["CLONE_NEWCGROUP"] = 0x2000000,
        ["CLONE_NEWUTS"] = 0x4000000,
        ["CLONE_NEWIPC"] = 0x8000000,
        ["CLONE_NEWUSER"] = 0x10000000,
        ["CLONE_NEWPID"] = 0x20000000,
        ["CLONE_NEWNET"] = 0x40000000,
        ["CLONE_IO"] = 0x80000000,
        ["CLONE_NEWTIME"] = 0x80,
        ["CLONE_CLEAR_SIGHAND"] = 0x100000000,
        ["CLONE_INTO_CGROUP"] = 0x200000000,
    };
}
