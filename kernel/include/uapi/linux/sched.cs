// SPDX-License-Identifier: GPL-2.0-only

//
// include/uapi/linux/sched.h: clone flags and struct clone_args.
namespace Linux;

/// <summary>Clone flags.</summary>
public sealed partial class vmlinux
{
    public const ulong CSIGNAL = 0x000000ff;
    public const ulong CLONE_VM = 0x00000100;
    public const ulong CLONE_FS = 0x00000200;
    public const ulong CLONE_FILES = 0x00000400;
    public const ulong CLONE_SIGHAND = 0x00000800;
    public const ulong CLONE_PIDFD = 0x00001000;
    public const ulong CLONE_PTRACE = 0x00002000;
    public const ulong CLONE_VFORK = 0x00004000;
    public const ulong CLONE_PARENT = 0x00008000;
    public const ulong CLONE_THREAD = 0x00010000;
    public const ulong CLONE_NEWNS = 0x00020000;
    public const ulong CLONE_SYSVSEM = 0x00040000;
    public const ulong CLONE_SETTLS = 0x00080000;
    public const ulong CLONE_PARENT_SETTID = 0x00100000;
    public const ulong CLONE_CHILD_CLEARTID = 0x00200000;
    public const ulong CLONE_DETACHED = 0x00400000;
    public const ulong CLONE_UNTRACED = 0x00800000;
    public const ulong CLONE_CHILD_SETTID = 0x01000000;
    public const ulong CLONE_NEWCGROUP = 0x02000000;
    public const ulong CLONE_NEWUTS = 0x04000000;
    public const ulong CLONE_NEWIPC = 0x08000000;
    public const ulong CLONE_NEWUSER = 0x10000000;
    public const ulong CLONE_NEWPID = 0x20000000;
    public const ulong CLONE_NEWNET = 0x40000000;
    public const ulong CLONE_IO = 0x80000000;
    public const ulong CLONE_NEWTIME = 0x00000080;
    public const ulong CLONE_CLEAR_SIGHAND = 0x100000000UL;
    public const ulong CLONE_INTO_CGROUP = 0x200000000UL;

    /// <summary>The flags clone() has always had (everything up to CLONE_IO, CSIGNAL included).</summary>
    public const ulong CLONE_LEGACY_FLAGS = 0xffffffffUL;

    public const ulong CLONE_ARGS_SIZE_VER0 = 64;
    public const ulong CLONE_ARGS_SIZE_VER1 = 80;
    public const ulong CLONE_ARGS_SIZE_VER2 = 88;
}

/// <summary>
/// struct clone_args as user space passes it to clone3. The pointer fields are the model's user memory:
/// a null box is a NULL pointer; set_tid holds the array set_tid points to.
/// </summary>
public sealed class clone_args
{
    public ulong flags;
    public int[]? pidfd;
    public int[]? child_tid;
    public int[]? parent_tid;
    public ulong exit_signal;
    public ulong stack;
    public ulong stack_size;
    public ulong tls;
    public int[]? set_tid;
    public ulong set_tid_size;
    public ulong cgroup;
}

/// <summary>struct kernel_clone_args (include/linux/sched/task.h).</summary>
public sealed class kernel_clone_args
{
    public ulong flags;

    /// <summary>Where the pidfd number is written (CLONE_PIDFD); the model's user memory is this box.</summary>
    public int[]? pidfd;
    public int exit_signal;
    public int[]? parent_tid;
    public int[]? set_tid;
    public int set_tid_size;
    public bool kthread;
    public bool idle;
    public bool no_files;

    /// <summary>The name the child task gets (comm).</summary>
    public string? comm;
}
