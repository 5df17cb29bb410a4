// SPDX-License-Identifier: GPL-2.0-only

//
// fs/dcache.c: dentry allocation, references and the kill path. A dentry's
// count lives in d_lockref; the last dput decides whether to keep the
// dentry. The port never hashes a dentry (all are anonymous or roots), so
// none is ever worth keeping and the last dput kills it: the dentry is
// marked dead (a racing lockref_get_not_dead now fails), the filesystem's
// d_prune runs under d_lock and the inode's i_lock, the inode reference
// goes, and the memory is freed after an RCU grace period.
//
// Not ported: the hash table and lookup, the LRU and shrinkers, d_move,
// aliases, d_seq, names other than the anonymous "/", d_walk, the parent
// chain (every dentry here is its own parent).
namespace Linux;

/// <summary>fs/dcache.c.</summary>
public sealed partial class vmlinux
{
    private kmem_cache? dentry_cache;

    private void __d_free(rcu_head head) => this.kmem_cache_free(this.dentry_cache!, container_of<dentry>(head));

    private void dentry_free(dentry dentry) => this.call_rcu(dentry.d_rcu, this.__d_free);

    /* the port keeps no dentry in a hash table */
    private static bool d_unhashed(dentry dentry) => true;

    /*
     * dentry_unlink_inode: makes the dentry negative and drops its inode
     * reference. Called with d_lock and the inode's i_lock held; releases both.
     */
    [__releases("dentry.d_lockref.lock", "dentry.d_inode.i_lock")]
    private void dentry_unlink_inode(dentry dentry)
    {
        var inode = dentry.d_inode!;

        dentry.d_flags &= ~DCACHE_ENTRY_TYPE;
        dentry.d_inode = null;
        this.spin_unlock(dentry.d_lockref.@lock);
        this.spin_unlock(inode.i_lock);
        this.iput(inode);
    }

    /*
     * __dentry_kill: the dentry is dead to the world from here on. The
     * filesystem hears about it (d_prune) while d_lock and i_lock are held.
     */
    [__releases("dentry.d_lockref.lock", "dentry.d_inode.i_lock")]
    private dentry? __dentry_kill(dentry dentry)
    {
        dentry? parent = null;

        this.lockref_mark_dead(dentry.d_lockref);

        if ((dentry.d_flags & DCACHE_OP_PRUNE) != 0)
            dentry.d_op!.d_prune!(dentry);

        if (dentry.d_inode != null)
            this.dentry_unlink_inode(dentry);
        else
            this.spin_unlock(dentry.d_lockref.@lock);

        if (dentry.d_op?.d_release != null)
            dentry.d_op.d_release(dentry);

        /* every dentry of the port is a root: no parent to drop */
        this.spin_lock(dentry.d_lockref.@lock);
        dentry.d_flags |= DCACHE_DENTRY_KILLED;
        this.spin_unlock(dentry.d_lockref.@lock);
        this.dentry_free(dentry);
        return parent;
    }

    /*
     * lock_for_kill: with d_lock held and the count at zero, also takes the
     * inode's i_lock (the order is i_lock before d_lock, so on contention
     * both are dropped and retaken). False if someone grabbed a reference
     * meanwhile.
     */
    [__must_hold("dentry.d_lockref.lock")]
    [__cond_acquires(true, "dentry.d_inode.i_lock")]
    private bool lock_for_kill(dentry dentry)
    {
        var inode = dentry.d_inode;

        if (dentry.d_lockref.count != 0)
            return false;

        if (inode == null || this.spin_trylock(inode.i_lock))
            return true;

        do
        {
            this.spin_unlock(dentry.d_lockref.@lock);
            this.spin_lock(inode.i_lock);
            this.spin_lock(dentry.d_lockref.@lock);
            if (inode == dentry.d_inode)
                break;
            this.spin_unlock(inode.i_lock);
            inode = dentry.d_inode;
        }
        while (inode != null);

        if (dentry.d_lockref.count == 0)
            return true;
        if (inode != null)
            this.spin_unlock(inode.i_lock);
        return false;
    }

    /*
     * retain_dentry: is an unused dentry worth keeping? Never for one that
     * cannot be looked up (unhashed), nor one marked DCACHE_DONTCACHE.
     */
    private static bool retain_dentry(dentry dentry, bool locked)
    {
        var d_flags = READ_ONCE(ref dentry.d_flags);

        /* nobody could ever find it again */
        if (d_unhashed(dentry))
            return false;

        /* the filesystem asked for dentries to go with their last user */
        if ((d_flags & DCACHE_DONTCACHE) != 0)
            return false;

        return true;
    }

    /*
     * fast_dput: drops a reference. True when nothing more is to be done;
     * false with d_lock held when the dentry has to be killed.
     */
    [__cond_acquires(false, "dentry.d_lockref.lock")]
    private bool fast_dput(dentry dentry)
    {
        int ret;

        /* the port has no lockless fast path, so this always takes the lock */
        ret = lockref_put_return(dentry.d_lockref);
        if (ret < 0)
        {
            this.spin_lock(dentry.d_lockref.@lock);
            if (this.WARN_ON_ONCE(dentry.d_lockref.count <= 0))
            {
                this.spin_unlock(dentry.d_lockref.@lock);
                return true;
            }

            dentry.d_lockref.count--;
            goto locked;
        }

        if (ret != 0)
            return true;

        if (retain_dentry(dentry, false))
            return true;

        this.spin_lock(dentry.d_lockref.@lock);

    locked:
        /* somebody took a reference meanwhile, or the dentry should stay */
        if (dentry.d_lockref.count != 0 || retain_dentry(dentry, true))
        {
            this.spin_unlock(dentry.d_lockref.@lock);
            return true;
        }

        return false;
    }

    [__releases("dentry.d_lockref.lock", "rcu")]
    private void finish_dput(dentry dentry)
    {
        while (this.lock_for_kill(dentry))
        {
            this.rcu_read_unlock();
            var parent = this.__dentry_kill(dentry);
            if (parent == null)
                return;
            dentry = parent;
            if (retain_dentry(dentry, true))
            {
                this.spin_unlock(dentry.d_lockref.@lock);
                return;
            }

            this.rcu_read_lock();
        }

        this.rcu_read_unlock();
        this.spin_unlock(dentry.d_lockref.@lock);
    }

    /* dput: drops a reference; the last one kills the dentry (see the file comment) */
    [__might_sleep]
    public void dput([__releases_ref] dentry? dentry)
    {
        if (dentry == null)
            return;
        this.might_sleep();
        this.rcu_read_lock();
        if (this.fast_dput(dentry))
        {
            this.rcu_read_unlock();
            return;
        }

        this.finish_dput(dentry);
    }

    /* dget: one more reference (NULL-safe) */
    [return: __returns_ref]
    public dentry? dget([__gets_ref] dentry? dentry)
    {
        if (dentry != null)
            this.lockref_get(dentry.d_lockref);
        return dentry;
    }

    /* d_set_d_op: installs the operations and caches which of them exist in d_flags */
    public static void d_set_d_op([__unpublished] dentry dentry, dentry_operations? op)
    {
        dentry.d_op = op;
        if (op == null)
            return;
        if (op.d_delete != null)
            dentry.d_flags |= DCACHE_OP_DELETE;
        if (op.d_prune != null)
            dentry.d_flags |= DCACHE_OP_PRUNE;
    }

    /* set_default_d_op: the operations every new dentry of sb gets */
    public static void set_default_d_op(super_block s, dentry_operations? ops) => s.__s_d_op = ops;

    /* __d_alloc: a new unhashed, parentless dentry of sb with one reference */
    private dentry? __d_alloc(super_block sb)
    {
        dentry? dentry;

        dentry = this.kmem_cache_alloc(this.dentry_cache!, GFP_KERNEL, () => new dentry()); /* kmem_cache_alloc_lru */
        if (dentry == null)
            return null;
        dentry.d_lockref.count = 1;
        dentry.d_flags = sb.s_d_flags;
        dentry.d_inode = null;
        dentry.d_parent = dentry;
        dentry.d_sb = sb;
        dentry.d_op = null;
        dentry.d_fsdata = null;

        if (sb.__s_d_op != null)
            d_set_d_op(dentry, sb.__s_d_op);

        return dentry;
    }

    /* d_alloc_anon: a disconnected dentry (file handles, pseudo files) */
    [return: __returns_ref]
    public dentry? d_alloc_anon(super_block sb) => this.__d_alloc(sb);

    /* d_flags_for_inode: the type bits a positive dentry gets */
    private static uint d_flags_for_inode(inode? inode)
    {
        if (inode == null)
            return DCACHE_MISS_TYPE;
        if (S_ISDIR(inode.i_mode))
            return DCACHE_DIRECTORY_TYPE;
        if (!S_ISREG(inode.i_mode))
            return DCACHE_SPECIAL_TYPE;
        return DCACHE_REGULAR_TYPE;
    }

    [__must_hold("inode.i_lock")]
    private void __d_instantiate(dentry dentry, [__consumes("dentry")] inode inode)
    {
        var add_flags = d_flags_for_inode(inode);

        this.spin_lock(dentry.d_lockref.@lock);
        dentry.d_inode = inode;
        dentry.d_flags = (dentry.d_flags & ~DCACHE_ENTRY_TYPE) | add_flags;
        this.spin_unlock(dentry.d_lockref.@lock);
    }

    /* d_instantiate: makes the dentry positive; it takes over the caller's inode reference */
    public void d_instantiate(dentry entry, [__consumes("entry")] inode? inode)
    {
        if (inode != null)
        {
            this.spin_lock(inode.i_lock);
            this.__d_instantiate(entry, inode);
            this.spin_unlock(inode.i_lock);
        }
    }

    /* d_make_root: the root dentry of a new superblock; the inode reference is consumed either way */
    [return: __returns_ref]
    public dentry? d_make_root([__consumes] inode? root_inode)
    {
        dentry? res = null;

        if (root_inode != null)
        {
            res = this.d_alloc_anon(root_inode.i_sb);
            if (res != null)
                this.d_instantiate(res, root_inode);
            else
                this.iput(root_inode);
        }

        return res;
    }

    /* dynamic_dname: a generated name for d_dname; null when it would not fit (-ENAMETOOLONG) */
    public static string? dynamic_dname(int buflen, string name)
    {
        /* the kernel formats into a 64-byte buffer first */
        var sz = name.Length + 1;
        if (sz > 64 || sz > buflen)
            return null;
        return name;
    }

    /*
     * d_path: the name of a path. Dentries with a d_dname (pseudo files)
     * name themselves; the port does not walk real paths, so any other
     * dentry (a root) is "/".
     */
    public static (string? name, int error) d_path(in path path, int buflen)
    {
        var dentry = path.dentry!;

        if (dentry.d_op?.d_dname != null && (!IS_ROOT(dentry) || dentry != path.mnt!.mnt_root))
        {
            var name = dentry.d_op.d_dname(dentry, buflen);
            return name == null ? (null, -errno.ENAMETOOLONG) : (name, 0);
        }

        return buflen < 2 ? (null, -errno.ENAMETOOLONG) : ("/", 0);
    }

    /* shrink_dcache_for_umount: the superblock lets go of its root */
    private void shrink_dcache_for_umount(super_block sb)
    {
        var dentry = sb.s_root;

        if (dentry == null)
            return;
        sb.s_root = null;

        /* only the superblock's own reference may be left */
        this.WARN(data_race(dentry.d_lockref.count != 1), $"BUG: Dentry still in use ({data_race(dentry.d_lockref.count)}) [unmount of {sb.s_type.name} {sb.s_id}]");
        this.dput(dentry);
    }

    /* dcache_init: the dentry cache */
    public void dcache_init() => this.dentry_cache = this.kmem_cache_create("dentry");

    /* vfs_caches_init: the VFS at boot (after the slab, before any filesystem) */
    public void vfs_caches_init()
    {
        this.dcache_init();
        this.inode_init();
        this.files_init();
        this.mnt_init();
        this.chrdev_init();
    }
}
