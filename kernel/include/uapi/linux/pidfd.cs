// SPDX-License-Identifier: GPL-2.0-only

// include/uapi/linux/pidfd.h as of v6.19 (reconstructed, see shared/upstream.md
// §1.3): pidfd flags, the PIDFD_GET_INFO structure and its mask bits, and
// the ioctl numbers. struct pidfd_info is 80 bytes (VER2) in 6.19.
using System;
using System.Buffers.Binary;

namespace Linux;

/// <summary>struct pidfd_info (PIDFD_INFO_SIZE_VER2, 80 bytes, little-endian): a value, as the kernel keeps it on pidfd_info's stack.</summary>
public struct pidfd_info
{
    public ulong mask;
    public ulong cgroupid;
    public uint pid;
    public uint tgid;
    public uint ppid;
    public uint ruid;
    public uint rgid;
    public uint euid;
    public uint egid;
    public uint suid;
    public uint sgid;
    public uint fsuid;
    public uint fsgid;
    public int exit_code;
    public uint coredump_mask;
    public uint coredump_signal;
    public ulong supported_mask;

    /// <summary>Writes the structure's bytes, as copy_to_user would write them.</summary>
    /// <param name="s">At least 80 bytes.</param>
    public readonly void to_bytes(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(s, this.mask);
        BinaryPrimitives.WriteUInt64LittleEndian(s[8..], this.cgroupid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], this.pid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], this.tgid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], this.ppid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], this.ruid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[32..], this.rgid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[36..], this.euid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], this.egid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[44..], this.suid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[48..], this.sgid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[52..], this.fsuid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[56..], this.fsgid);
        BinaryPrimitives.WriteInt32LittleEndian(s[60..], this.exit_code);
        BinaryPrimitives.WriteUInt32LittleEndian(s[64..], this.coredump_mask);
        BinaryPrimitives.WriteUInt32LittleEndian(s[68..], this.coredump_signal);
        BinaryPrimitives.WriteUInt64LittleEndian(s[72..], this.supported_mask);
    }

    /// <summary>Reads the structure back from user memory (for callers and tests).</summary>
    /// <param name="b">At least 64 bytes.</param>
    /// <returns>The structure (fields beyond the buffer are 0).</returns>
    public static pidfd_info from_bytes(byte[] b)
    {
        var full = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
        Array.Copy(b, full, Math.Min(b.Length, full.Length));
        var s = full.AsSpan();
        return new pidfd_info
        {
            mask = BinaryPrimitives.ReadUInt64LittleEndian(s),
            cgroupid = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]),
            pid = BinaryPrimitives.ReadUInt32LittleEndian(s[16..]),
            tgid = BinaryPrimitives.ReadUInt32LittleEndian(s[20..]),
            ppid = BinaryPrimitives.ReadUInt32LittleEndian(s[24..]),
            ruid = BinaryPrimitives.ReadUInt32LittleEndian(s[28..]),
            rgid = BinaryPrimitives.ReadUInt32LittleEndian(s[32..]),
            euid = BinaryPrimitives.ReadUInt32LittleEndian(s[36..]),
            egid = BinaryPrimitives.ReadUInt32LittleEndian(s[40..]),
            suid = BinaryPrimitives.ReadUInt32LittleEndian(s[44..]),
            sgid = BinaryPrimitives.ReadUInt32LittleEndian(s[48..]),
            fsuid = BinaryPrimitives.ReadUInt32LittleEndian(s[52..]),
            fsgid = BinaryPrimitives.ReadUInt32LittleEndian(s[56..]),
            exit_code = BinaryPrimitives.ReadInt32LittleEndian(s[60..]),
            coredump_mask = BinaryPrimitives.ReadUInt32LittleEndian(s[64..]),
            coredump_signal = BinaryPrimitives.ReadUInt32LittleEndian(s[68..]),
            supported_mask = BinaryPrimitives.ReadUInt64LittleEndian(s[72..]),
        };
    }
}

/// <summary>pidfd uapi constants.</summary>
public sealed partial class vmlinux
{
    public const uint PIDFD_NONBLOCK = O_NONBLOCK;
    public const uint PIDFD_THREAD = O_EXCL;

    /* kernel only: the caller knows the pid is (or will be) registered, skip the checks */
    public const uint PIDFD_STALE = (uint)CLONE_PIDFD;

    /* pidfd_send_signal() flags */
    public const uint PIDFD_SIGNAL_THREAD = 1U << 0;
    public const uint PIDFD_SIGNAL_THREAD_GROUP = 1U << 1;
    public const uint PIDFD_SIGNAL_PROCESS_GROUP = 1U << 2;

    /* special fd values (FD_PIDFS_ROOT and friends are in fcntl.h) */
    public const int PIDFD_SELF_THREAD = -10000;
    public const int PIDFD_SELF_THREAD_GROUP = -10001;

    /* PIDFD_GET_INFO mask bits */
    public const ulong PIDFD_INFO_PID = 1UL << 0;
    public const ulong PIDFD_INFO_CREDS = 1UL << 1;
    public const ulong PIDFD_INFO_CGROUPID = 1UL << 2;
    public const ulong PIDFD_INFO_EXIT = 1UL << 3;
    public const ulong PIDFD_INFO_COREDUMP = 1UL << 4;
    public const ulong PIDFD_INFO_SUPPORTED_MASK = 1UL << 5;
    public const ulong PIDFD_INFO_COREDUMP_SIGNAL = 1UL << 6;

    public const int PIDFD_INFO_SIZE_VER0 = 64;
    public const int PIDFD_INFO_SIZE_VER1 = 72;
    public const int PIDFD_INFO_SIZE_VER2 = 80;

    /* coredump_mask */
    public const uint PIDFD_COREDUMPED = 1U << 0;
    public const uint PIDFD_COREDUMP_SKIP = 1U << 1;
    public const uint PIDFD_COREDUMP_USER = 1U << 2;
    public const uint PIDFD_COREDUMP_ROOT = 1U << 3;

    public const uint PIDFS_IOCTL_MAGIC = 0xFF;
    public const uint PIDFD_GET_CGROUP_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 1;
    public const uint PIDFD_GET_IPC_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 2;
    public const uint PIDFD_GET_MNT_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 3;
    public const uint PIDFD_GET_NET_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 4;
    public const uint PIDFD_GET_PID_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 5;
    public const uint PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 6;
    public const uint PIDFD_GET_TIME_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 7;
    public const uint PIDFD_GET_TIME_FOR_CHILDREN_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 8;
    public const uint PIDFD_GET_USER_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 9;
    public const uint PIDFD_GET_UTS_NAMESPACE = (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 10;
    public const uint PIDFD_GET_INFO = _IOC_WRITE_READ | (PIDFS_IOCTL_MAGIC << _IOC_TYPESHIFT) | 11 | ((uint)PIDFD_INFO_SIZE_VER2 << _IOC_SIZESHIFT);

    /* FS_IOC_GETVERSION: _IOR('v', 1, long) */
#if CONFIG_64BIT
    public const uint FS_IOC_GETVERSION = (2U << _IOC_DIRSHIFT) | ('v' << _IOC_TYPESHIFT) | 1 | (8U << _IOC_SIZESHIFT);
#else
    public const uint FS_IOC_GETVERSION = (2U << _IOC_DIRSHIFT) | ('v' << _IOC_TYPESHIFT) | 1 | (4U << _IOC_SIZESHIFT);
#endif

    /* include/uapi/linux/magic.h */
    public const ulong PID_FS_MAGIC = 0x50494446;
}
