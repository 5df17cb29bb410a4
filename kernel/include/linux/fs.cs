// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/fs.h: the VFS objects pidfs is built from (inode, file,
// super_block, file_system_type) and the operation tables a filesystem
// fills in. Fields carry the kernel's names; only the fields something
// in the port reads are here.
//
// Not ported: address spaces and page cache, file locks, the inode hash
// (pseudo inodes are never hashed), writeback, quota, fsnotify, the
// superblock list and s_umount (nothing here unmounts concurrently).
using System;
using System.Threading;

namespace Linux;

/// <summary>struct timespec64.</summary>
public struct timespec64
{
    public long tv_sec;
    public long tv_nsec;
}

/// <summary>struct inode.</summary>
public sealed class inode : list_head_container
{
    public inode()
    {
        vmlinux.INIT_LIST_HEAD(this.i_sb_list);
    }

    public uint i_mode;
    public uint i_opflags;
    public uint i_uid;
    public uint i_gid;
    public uint i_flags;

    public inode_operations? i_op;
    public super_block i_sb = null!;

    public ulong i_ino;
    public uint i_rdev;
    public uint __i_nlink;

    /* i_nlink: read-only view of __i_nlink (set_nlink writes it) */
    public uint i_nlink => this.__i_nlink;
    public long i_size;
    public timespec64 i_atime;
    public timespec64 i_mtime;
    public timespec64 i_ctime;
    public byte i_blkbits;

    /* protects i_state */
    [__lock_class("inode.i_lock")]
    public spinlock_t i_lock = new("&inode->i_lock");
    [__guarded_by("i_lock")]
    public uint i_state;

    /* the kernel's i_rwsem; writers only in the port, so a mutex */
    [__lock_class("inode.i_rwsem")]
    public mutex i_rwsem = new("&sb->s_type->i_mutex_key");

    private list_head_links i_sb_list_links;
    private byte i_sb_list_next_index;
    private byte i_sb_list_prev_index;
    public list_head i_sb_list => new(this, 0);
    public int i_count;
    public uint i_generation;
    public file_operations? i_fop;
    public object? i_private;
    public rcu_head i_rcu => new(this);

    /// <inheritdoc/>
    list_head_slot list_head_container.list_head_at(int index) => new(ref this.i_sb_list_links, ref this.i_sb_list_next_index, ref this.i_sb_list_prev_index);
}

/// <summary>struct file.</summary>
/// <remarks>
/// f_lock, embedded upstream, is the structure itself (C# gives an embedded lock no identity of its own, and a
/// lock object of its own would be a second allocation on every open): the file derives from it and
/// <see cref="f_lock"/> names it, as task_struct's alloc_lock.
/// </remarks>
public sealed class @file : spinlock_t
{
    /// <summary>Initializes a new instance of the <see cref="file"/> class (f_lock: init_file's spin_lock_init).</summary>
    public @file()
        : base("&f->f_lock")
    {
    }

    /* file_ref_t: the last put runs __fput */
    public long f_count;
    [__lock_class("file.f_lock")]
    public spinlock_t f_lock => this;
    public uint f_mode;
    public file_operations f_op = null!;
    [__guarded_by("f_lock")]
    public uint f_flags;
    public cred f_cred = null!;
    public path f_path;
    public inode f_inode = null!;
    public long f_pos;
    public object? private_data;
}

/// <summary>struct super_block.</summary>
public sealed class super_block : list_head_container
{
    public super_block()
    {
        vmlinux.INIT_LIST_HEAD(this.s_inodes);
    }

    public uint s_dev;
    public byte s_blocksize_bits;
    public ulong s_blocksize;
    public long s_maxbytes;
    public file_system_type s_type = null!;
    public super_operations? s_op;
    public export_operations? s_export_op;
    public ulong s_flags;
    public ulong s_iflags;
    public ulong s_magic;
    public dentry? s_root;
    public int s_count;
    public int s_active;
    public xattr_handler[]? s_xattr;
    public user_namespace s_user_ns = null!;
    public object? s_fs_info;
    public uint s_time_gran;
    public uint s_d_flags;
    public dentry_operations? __s_d_op;
    public string s_id = string.Empty;

    [__lock_class("super_block.s_inode_list_lock")]
    public spinlock_t s_inode_list_lock = new("&sb->s_inode_list_lock");
    private list_head_links s_inodes_links;
    private byte s_inodes_next_index;
    private byte s_inodes_prev_index;
    [__guarded_by("s_inode_list_lock")]
    public list_head s_inodes => new(this, 0);

    /// <inheritdoc/>
    list_head_slot list_head_container.list_head_at(int index) => new(ref this.s_inodes_links, ref this.s_inodes_next_index, ref this.s_inodes_prev_index);
}

/// <summary>struct file_system_type.</summary>
public sealed class file_system_type
{
    public string name = string.Empty;
    public int fs_flags;
    public Func<fs_context, int>? init_fs_context;
    public Action<super_block>? kill_sb;
}

/// <summary>struct file_operations (the methods pidfs and the port reach).</summary>
public sealed class file_operations
{
    public Func<@file, poll_table_struct?, uint>? poll;
    public Action<seq_file, @file>? show_fdinfo;
    public Func<@file, uint, object?, long>? unlocked_ioctl;
    public Func<@file, uint, object?, long>? compat_ioctl;
    public Func<inode, @file, int>? open;
    public Func<inode, @file, int>? release;
}

/// <summary>inode_operations.getattr: fills *stat (a caller's stack struct kstat).</summary>
/// <param name="idmap">The mount's idmap.</param>
/// <param name="path">The path.</param>
/// <param name="stat">The attributes to fill.</param>
/// <param name="request_mask">STATX_* asked for.</param>
/// <param name="query_flags">AT_STATX_* flags.</param>
/// <returns>0 or -errno.</returns>
public delegate int getattr_t(mnt_idmap idmap, path path, ref kstat stat, uint request_mask, uint query_flags);

/// <summary>struct inode_operations (the methods pidfs reaches).</summary>
public sealed class inode_operations
{
    public getattr_t? getattr;
    public Func<mnt_idmap, dentry, iattr, int>? setattr;
    public Func<dentry, byte[]?, int, long>? listxattr;
}

/// <summary>struct super_operations (the methods pidfs reaches).</summary>
public sealed class super_operations
{
    public Func<inode, int>? drop_inode;
    public Action<inode>? evict_inode;
    public Action<super_block>? put_super;
    public Func<dentry, kstatfs, int>? statfs;
}

/// <summary>struct iattr: what a setattr would change.</summary>
public sealed class iattr
{
    public uint ia_valid;
    public uint ia_mode;
    public uint ia_uid;
    public uint ia_gid;
    public long ia_size;
    public timespec64 ia_atime;
    public timespec64 ia_mtime;
    public timespec64 ia_ctime;
}

/// <summary>struct files_stat_struct: the file table's limits (fs.file-max).</summary>
public sealed class files_stat_struct
{
    /// <summary>Gets or sets the most files unprivileged callers may have open system-wide.</summary>
    public long max_files { get; set; }
}

/// <summary>struct file_handle: a handle as user space holds it (f_handle has room for the bytes it may receive).</summary>
public sealed class file_handle
{
    public file_handle(int capacity) => this.f_handle = capacity == 0 ? [] : new byte[capacity];

    public uint handle_bytes;
    public int handle_type;
    public byte[] f_handle;
}

/// <summary>struct mnt_idmap: the port has only the identity mapping.</summary>
public sealed class mnt_idmap
{
}

/// <summary>fs.h.</summary>
public sealed partial class vmlinux
{
    /* inode->i_flags */
    public const uint S_SYNC = 1 << 0;
    public const uint S_NOATIME = 1 << 1;
    public const uint S_APPEND = 1 << 2;
    public const uint S_IMMUTABLE = 1 << 3;
    public const uint S_DEAD = 1 << 4;
    public const uint S_NOQUOTA = 1 << 5;
    public const uint S_DIRSYNC = 1 << 6;
    public const uint S_NOCMTIME = 1 << 7;
    public const uint S_SWAPFILE = 1 << 8;
    public const uint S_PRIVATE = 1 << 9;
    public const uint S_IMA = 1 << 10;
    public const uint S_AUTOMOUNT = 1 << 11;
    public const uint S_NOSEC = 1 << 12;
    public const uint S_ANON_INODE = 1 << 19;

    /* inode->i_opflags */
    public const uint IOP_XATTR = 0x0008;

    /* inode->i_state */
    public const uint I_NEW = 1 << 0;
    public const uint I_WILL_FREE = 1 << 1;
    public const uint I_FREEING = 1 << 2;
    public const uint I_CLEAR = 1 << 3;

    /* sb->s_flags */
    public const ulong SB_RDONLY = 1 << 0;
    public const ulong SB_NOSUID = 1 << 1;
    public const ulong SB_NODEV = 1 << 2;
    public const ulong SB_NOEXEC = 1 << 3;
    public const ulong SB_KERNMOUNT = 1 << 22;
    public const ulong SB_BORN = 1 << 29;
    public const ulong SB_ACTIVE = 1 << 30;
    public const ulong SB_NOUSER = 1UL << 31;

    /* sb->s_iflags */
    public const ulong SB_I_NODEV = 0x00000004;
    public const ulong SB_I_NOEXEC = 0x00000002;

    /* file->f_mode */
    public const uint FMODE_READ = 1 << 0;
    public const uint FMODE_WRITE = 1 << 1;
    public const uint FMODE_LSEEK = 1 << 2;
    public const uint FMODE_PREAD = 1 << 3;
    public const uint FMODE_PWRITE = 1 << 4;
    public const uint FMODE_EXEC = 1 << 5;
    public const uint FMODE_PATH = 1 << 14;
    public const uint FMODE_OPENED = 1 << 19;
    public const uint FMODE_CREATED = 1 << 20;
    public const uint FMODE_NOACCOUNT = 1 << 29;

    /* permission masks */
    public const int MAY_EXEC = 0x1;
    public const int MAY_WRITE = 0x2;
    public const int MAY_READ = 0x4;
    public const int MAY_APPEND = 0x8;
    public const int MAY_ACCESS = 0x10;
    public const int MAY_OPEN = 0x20;
    public const int MAY_NOT_BLOCK = 0x80;

    public const long MAX_LFS_FILESIZE = long.MaxValue;
    public const int PAGE_SHIFT = 12;
    public const int PAGE_SIZE = 1 << PAGE_SHIFT;
    public const int NAME_MAX = 255;

    /* the identity id mapping every mount of the port has */
    public static readonly mnt_idmap nop_mnt_idmap = new();

    /* inode_state_read_once: i_state without i_lock, for checks that tolerate a race */
    public static uint inode_state_read_once(inode inode) => READ_ONCE(ref inode.i_state);

    public static bool IS_IMMUTABLE(inode inode) => (inode.i_flags & S_IMMUTABLE) != 0;

    public static bool IS_APPEND(inode inode) => (inode.i_flags & S_APPEND) != 0;

    public static bool IS_PRIVATE(inode inode) => (inode.i_flags & S_PRIVATE) != 0;

    public static inode file_inode(@file f) => f.f_inode;

    public static dentry file_dentry(@file f) => f.f_path.dentry!;

    public static uint i_uid_into_vfsuid(mnt_idmap idmap, inode inode) => inode.i_uid;

    public static uint i_gid_into_vfsgid(mnt_idmap idmap, inode inode) => inode.i_gid;

    public static mnt_idmap file_mnt_idmap(@file f) => mnt_idmap(f.f_path.mnt!);

    /* OPEN_FMODE: the access mode of open flags as FMODE_READ/FMODE_WRITE */
    public static uint OPEN_FMODE(int flag) => (uint)((flag + 1) & O_ACCMODE);

    public static void set_nlink(inode inode, uint nlink) => inode.__i_nlink = nlink;

    /* ihold: a reference on an inode someone already holds one on */
    public void ihold([__gets_ref] inode inode) => this.WARN_ON(Interlocked.Increment(ref inode.i_count) < 2);

    /* inode_lock / inode_unlock: the inode's i_rwsem, exclusive */
    [__might_sleep]
    [__acquires("inode.i_rwsem")]
    public void inode_lock(inode inode) => this.mutex_lock(inode.i_rwsem);

    /* inode_is_locked: is i_rwsem held (by this CPU: the only holder the model can ask about)? */
    public bool inode_is_locked(inode inode) => this.lock_is_held(inode.i_rwsem);

    [__releases("inode.i_rwsem")]
    public void inode_unlock(inode inode) => this.mutex_unlock(inode.i_rwsem);

    /* the port's wall clock for timestamps */
    public static timespec64 current_time(inode inode)
    {
        var ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
        return new timespec64 { tv_sec = ticks / TimeSpan.TicksPerSecond, tv_nsec = (ticks % TimeSpan.TicksPerSecond) * 100 };
    }

    public static timespec64 inode_set_ctime_current(inode inode)
    {
        var now = current_time(inode);
        inode.i_ctime = now;
        return now;
    }

    public static timespec64 inode_set_atime_to_ts(inode inode, timespec64 ts) => inode.i_atime = ts;

    public static timespec64 inode_set_mtime_to_ts(inode inode, timespec64 ts) => inode.i_mtime = ts;

    public static timespec64 inode_get_atime(inode inode) => inode.i_atime;

    public static timespec64 inode_get_mtime(inode inode) => inode.i_mtime;

    public static timespec64 inode_get_ctime(inode inode) => inode.i_ctime;

    /* the static capability inode_owner_or_capable() asks about */
    public bool inode_owner_or_capable(mnt_idmap idmap, inode inode)
    {
        if (this.current_cred().fsuid == i_uid_into_vfsuid(idmap, inode))
            return true;
        return this.capable(CAP_FOWNER);
    }
}
