// SPDX-License-Identifier: GPL-2.0-only

//
// include/uapi/asm-generic/stat.h, uapi/linux/stat.h (struct statx) and
// uapi/asm-generic/statfs.h: what stat(), statx() and statfs() copy out.
namespace Linux;

/// <summary>struct stat.</summary>
public sealed class stat
{
    public ulong st_dev;
    public ulong st_ino;
    public uint st_mode;
    public uint st_nlink;
    public uint st_uid;
    public uint st_gid;
    public ulong st_rdev;
    public long st_size;
    public int st_blksize;
    public long st_blocks;
    public long st_atime;
    public long st_atime_nsec;
    public long st_mtime;
    public long st_mtime_nsec;
    public long st_ctime;
    public long st_ctime_nsec;
}

/// <summary>struct statx.</summary>
public sealed class statx
{
    public uint stx_mask;
    public uint stx_blksize;
    public ulong stx_attributes;
    public uint stx_nlink;
    public uint stx_uid;
    public uint stx_gid;
    public ushort stx_mode;
    public ulong stx_ino;
    public ulong stx_size;
    public ulong stx_blocks;
    public ulong stx_attributes_mask;
    public timespec64 stx_atime;
    public timespec64 stx_btime;
    public timespec64 stx_ctime;
    public timespec64 stx_mtime;
    public uint stx_rdev_major;
    public uint stx_rdev_minor;
    public uint stx_dev_major;
    public uint stx_dev_minor;
    public ulong stx_mnt_id;
}

/// <summary>struct statfs.</summary>
public sealed class statfs
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
}
