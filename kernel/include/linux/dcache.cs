// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/dcache.h: struct dentry, the name-cache entry that ties a
// name (here: only anonymous, parentless names) to an inode, and the
// per-filesystem dentry operations.
//
// Not ported: names, hashing and the parent/child tree (pidfs dentries are
// all anonymous roots), d_seq, the LRU, d_subdirs and aliases.
using System;

namespace Linux;

/// <summary>struct dentry.</summary>
public sealed partial class dentry
{
    public dentry()
    {
        this.d_lockref = new lockref("&dentry->d_lockref.lock");
    }

    [__guarded_by("d_lockref.lock")]
    public uint d_flags;
    public dentry d_parent = null!;
    public inode? d_inode;
    public lockref d_lockref;
    public dentry_operations? d_op;
    public super_block d_sb = null!;
    public object? d_fsdata;
    public rcu_head d_rcu => new(this);

    /* d_lock is the lock inside d_lockref */
    public spinlock_t d_lock => this.d_lockref.@lock;
}

/// <summary>struct dentry_operations (the methods pidfs reaches).</summary>
public sealed class dentry_operations
{
    public Func<dentry, int>? d_delete;
    public Action<dentry>? d_release;
    public Action<dentry>? d_prune;
    public Func<dentry, int, string?>? d_dname;
}

/// <summary>dcache.h.</summary>
public sealed partial class vmlinux
{
    public const uint DCACHE_OP_HASH = 1u << 0;
    public const uint DCACHE_OP_COMPARE = 1u << 1;
    public const uint DCACHE_OP_REVALIDATE = 1u << 2;
    public const uint DCACHE_OP_DELETE = 1u << 3;
    public const uint DCACHE_OP_PRUNE = 1u << 4;
    public const uint DCACHE_DISCONNECTED = 1u << 5;
    public const uint DCACHE_REFERENCED = 1u << 6;
    public const uint DCACHE_DONTCACHE = 1u << 7;
    public const uint DCACHE_CANT_MOUNT = 1u << 8;
    public const uint DCACHE_DENTRY_KILLED = 1u << 15;
    public const uint DCACHE_ENTRY_TYPE = 7u << 20;
    public const uint DCACHE_MISS_TYPE = 0u << 20;
    public const uint DCACHE_DIRECTORY_TYPE = 2u << 20;
    public const uint DCACHE_REGULAR_TYPE = 4u << 20;
    public const uint DCACHE_SPECIAL_TYPE = 5u << 20;

    public static inode? d_inode(dentry dentry) => dentry.d_inode;

    public static bool IS_ROOT(dentry dentry) => dentry == dentry.d_parent;

    public static uint __d_entry_type(dentry dentry) => data_race(dentry.d_flags) & DCACHE_ENTRY_TYPE;

    public static bool d_can_lookup(dentry dentry) => __d_entry_type(dentry) == DCACHE_DIRECTORY_TYPE;

    public static bool d_is_dir(dentry dentry) => d_can_lookup(dentry);

    public static bool d_is_reg(dentry dentry) => __d_entry_type(dentry) == DCACHE_REGULAR_TYPE;

    public static bool d_really_is_positive(dentry dentry) => dentry.d_inode != null;

    /* dget_dlock: a reference with d_lock held */
    [__must_hold("dentry.d_lockref.lock")]
    public static dentry dget_dlock(dentry dentry)
    {
        dentry.d_lockref.count++;
        return dentry;
    }
}
