// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/statfs.h: struct kstatfs, what a filesystem's statfs fills
// and fstatfs() copies out.
namespace Linux;

/// <summary>struct kstatfs.</summary>
public sealed class kstatfs
{
    public long f_type;
    public long f_bsize;
    public ulong f_blocks;
    public ulong f_bfree;
    public ulong f_bavail;
    public ulong f_files;
    public ulong f_ffree;
    public int[] f_fsid = new int[2];
    public long f_namelen;
    public long f_frsize;
    public long f_flags;
    public long[] f_spare = new long[4];
}

/// <summary>statfs.h.</summary>
public sealed partial class vmlinux
{
    public const long ST_RDONLY = 0x0001;
    public const long ST_NOSUID = 0x0002;
    public const long ST_NODEV = 0x0004;
    public const long ST_NOEXEC = 0x0008;
    public const long ST_SYNCHRONOUS = 0x0010;
    public const long ST_VALID = 0x0020;
}
