// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/stat.h and the remaining mode bits of uapi/linux/stat.h:
// struct kstat, what getattr fills and stat() and statx() copy out, and the
// file type tests.
namespace Linux;

/// <summary>struct kstat: a value the caller keeps on its stack, as upstream's callers do.</summary>
public struct kstat
{
    public uint result_mask;
    public uint mode;
    public uint nlink;
    public uint blksize;
    public ulong attributes;
    public ulong attributes_mask;
    public ulong ino;
    public uint dev;
    public uint rdev;
    public uint uid;
    public uint gid;
    public long size;
    public timespec64 atime;
    public timespec64 mtime;
    public timespec64 ctime;
    public timespec64 btime;
    public ulong blocks;
    public ulong mnt_id;
    public uint change_cookie;
}

/// <summary>stat.h.</summary>
public sealed partial class vmlinux
{
    public const int S_ISVTX = 0x200;
    public const int S_IRGRP = 0x020;
    public const int S_IWGRP = 0x010;
    public const int S_IXGRP = 0x008;
    public const int S_IWOTH = 0x002;
    public const int S_IXOTH = 0x001;

    /* statx mask bits */
    public const uint STATX_TYPE = 0x1;
    public const uint STATX_MODE = 0x2;
    public const uint STATX_NLINK = 0x4;
    public const uint STATX_UID = 0x8;
    public const uint STATX_GID = 0x10;
    public const uint STATX_ATIME = 0x20;
    public const uint STATX_MTIME = 0x40;
    public const uint STATX_CTIME = 0x80;
    public const uint STATX_INO = 0x100;
    public const uint STATX_SIZE = 0x200;
    public const uint STATX_BLOCKS = 0x400;
    public const uint STATX_BASIC_STATS = 0x7ff;
    public const uint STATX_BTIME = 0x800;
    public const uint STATX_MNT_ID = 0x1000;
    public const uint STATX_MNT_ID_UNIQUE = 0x4000;
    public const uint STATX_CHANGE_COOKIE = 0x40000000;
    public const ulong STATX_ATTR_MOUNT_ROOT = 0x2000;
    public const ulong STATX_ATTR_IMMUTABLE = 0x10;
    public const ulong STATX_ATTR_APPEND = 0x20;
    public const ulong STATX_ATTR_DAX = 0x200000;

    public const int S_IALLUGO = S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO;

    public static bool S_ISLNK(uint m) => (m & S_IFMT) == S_IFLNK;

    public static bool S_ISCHR(uint m) => (m & S_IFMT) == S_IFCHR;

    public static bool S_ISFIFO(uint m) => (m & S_IFMT) == S_IFIFO;

    public static bool S_ISREG(uint m) => (m & S_IFMT) == S_IFREG;

    public static bool S_ISDIR(uint m) => (m & S_IFMT) == S_IFDIR;
}
