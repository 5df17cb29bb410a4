// SPDX-License-Identifier: GPL-2.0-only

//
// include/uapi/asm-generic/fcntl.h and include/uapi/linux/fcntl.h: the open
// flags and the *at() flags and special descriptors as user space passes
// them (values of the generic architectures, x86 included).
namespace Linux;

/// <summary>fcntl.h.</summary>
public sealed partial class vmlinux
{
    public const int O_ACCMODE = 0x3;
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_TRUNC = 0x200;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_DSYNC = 0x1000;
    public const int FASYNC = 0x2000;
    public const int O_DIRECT = 0x4000;
    public const int O_LARGEFILE = 0x8000;
    public const int O_DIRECTORY = 0x10000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_NOATIME = 0x40000;
    public const int O_CLOEXEC = 0x80000;
    public const int __O_SYNC = 0x100000;
    public const int O_SYNC = __O_SYNC | O_DSYNC;
    public const int O_PATH = 0x200000;
    public const int __O_TMPFILE = 0x400000;
    public const int O_TMPFILE = __O_TMPFILE | O_DIRECTORY;
    public const int O_NDELAY = O_NONBLOCK;

    /* *at() */
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_SYMLINK_FOLLOW = 0x400;
    public const int AT_EMPTY_PATH = 0x1000;

    /* name_to_handle_at() */
    public const int AT_HANDLE_FID = 0x200;
    public const int AT_HANDLE_MNT_ID_UNIQUE = 0x001;
    public const int AT_HANDLE_CONNECTABLE = 0x002;

    /* special descriptors that never name an open file */
    public const int FD_PIDFS_ROOT = -10002;
    public const int FD_NSFS_ROOT = -10003;
    public const int FD_INVALID = -10009;

    /* fcntl(F_GETFD) */
    public const int FD_CLOEXEC = 1;
}
