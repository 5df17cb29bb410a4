// SPDX-License-Identifier: GPL-2.0-only

//
// fs/libfs.c: helpers for simple in-memory filesystems: the pseudo
// filesystem mount (init_pseudo and the superblock it fills) and the
// "stashed dentry" helpers pidfs and nsfs build their files on.
//
// A stashed dentry is a weak cache of one dentry per object (per struct
// pid for pidfs) kept in a slot the object owns. path_from_stashed() reuses
// the live dentry in the slot, or builds a new dentry and inode for the
// object and publishes it with a compare-and-exchange, so concurrent
// callers agree on one dentry. The slot holds no reference: when the last
// reference to the dentry goes, d_prune (stashed_dentry_prune) clears the
// slot, but only if it still holds this dentry.
//
// Not ported: everything else in libfs.c (simple directories, simple_fill_super,
// transactions, simple attributes, offset directories, ...): pidfs reaches none of it.
namespace Linux;

/// <summary>struct stashed_operations (include/linux/fs.h via fs/internal.h).</summary>
public sealed class stashed_operations
{
    /* publishes the dentry in the slot; NULL means the generic stash_dentry() */
    public System.Func<stashed_slot, dentry, dentry>? stash_dentry;

    /* drops the reference path_from_stashed was handed in data */
    public System.Action<object>? put_data;

    /* fills a new inode for data; the inode owns data from then on */
    public System.Func<inode, object, int>? init_inode;
}

/// <summary>
/// The stashed-dentry pointer an object owns (upstream passes <c>struct dentry **stashed</c>). C# has no
/// pointer to a field, so the owner implements this interface and hands out its field by reference
/// (struct pid), or keeps a <see cref="stashed_dentry_slot"/> (other filesystems): no object of its own,
/// no delegates.
/// </summary>
public interface stashed_slot
{
    /// <summary>Gets the READ_ONCE/cmpxchg target: the stashed dentry, NULL or a dying one.</summary>
    ref dentry? stashed { get; }
}

/// <summary>A stashed-dentry pointer on its own, for an owner that embeds none.</summary>
public sealed class stashed_dentry_slot : stashed_slot
{
    private dentry? stashed;

    /// <inheritdoc/>
    ref dentry? stashed_slot.stashed => ref this.stashed;
}

/// <summary>fs/libfs.c.</summary>
public sealed partial class vmlinux
{
    /* simple_statfs: statfs of filesystems without blocks */
    public static int simple_statfs(dentry dentry, kstatfs buf)
    {
        var id = huge_encode_dev(dentry.d_sb.s_dev);

        buf.f_fsid[0] = (int)(uint)id;
        buf.f_fsid[1] = (int)(uint)(id >> 32);
        buf.f_type = (long)dentry.d_sb.s_magic;
        buf.f_bsize = PAGE_SIZE;
        buf.f_namelen = NAME_MAX;
        return 0;
    }

    private static readonly super_operations simple_super_operations = new() { statfs = simple_statfs };

    /*
     * pseudo_fs_fill_super: a superblock with a single root directory
     * (inode 1), the operations the pseudo filesystem asked for, and its
     * default dentry flags.
     */
    private int pseudo_fs_fill_super(super_block s, fs_context fc)
    {
        var ctx = (pseudo_fs_context)fc.fs_private!;
        inode? root;

        s.s_maxbytes = MAX_LFS_FILESIZE;
        s.s_blocksize = PAGE_SIZE;
        s.s_blocksize_bits = PAGE_SHIFT;
        s.s_magic = ctx.magic;
        s.s_op = ctx.ops ?? simple_super_operations;
        s.s_export_op = ctx.eops;
        s.s_xattr = ctx.xattr;
        s.s_time_gran = 1;
        s.s_d_flags |= ctx.s_d_flags;
        root = this.new_inode(s);
        if (root == null)
            return -errno.ENOMEM;

        /*
         * The first inode is number 1; later inodes of the filesystem must
         * not collide with it.
         */
        root.i_ino = 1;
        root.i_mode = S_IFDIR | S_IRUSR | S_IWUSR;
        simple_inode_init_ts(root);
        s.s_root = this.d_make_root(root);
        if (s.s_root == null)
            return -errno.ENOMEM;
        set_default_d_op(s, ctx.dops);
        return 0;
    }

    private int pseudo_fs_get_tree(fs_context fc) => this.get_tree_nodev(fc, this.pseudo_fs_fill_super);

    private void pseudo_fs_free(fs_context fc) => this.kfree(fc.fs_private);

    private fs_context_operations? pseudo_fs_context_ops;

    /*
     * init_pseudo: sets fc up for a pseudo filesystem (sockfs, pipefs,
     * pidfs: never mountable from user space). The caller fills in the
     * returned context's operations.
     */
    public pseudo_fs_context? init_pseudo(fs_context fc, ulong magic)
    {
        pseudo_fs_context? ctx;

        this.pseudo_fs_context_ops ??= new fs_context_operations { free = this.pseudo_fs_free, get_tree = this.pseudo_fs_get_tree };

        ctx = this.kzalloc<pseudo_fs_context>(GFP_KERNEL);
        if (ctx == null)
            return null;
        ctx.magic = magic;
        fc.fs_private = ctx;
        fc.ops = this.pseudo_fs_context_ops;
        fc.sb_flags |= SB_NOUSER;
        fc.global = true;
        return ctx;
    }

    /* simple_inode_init_ts: a new inode's times are all "now" */
    public static timespec64 simple_inode_init_ts(inode inode)
    {
        var ts = inode_set_ctime_current(inode);

        inode_set_atime_to_ts(inode, ts);
        inode_set_mtime_to_ts(inode, ts);
        return ts;
    }

    /*
     * stashed_dentry_get: the dentry in the slot with a new reference, or
     * NULL if the slot is empty or holds a dentry already being killed.
     */
    [return: __returns_ref]
    public dentry? stashed_dentry_get(stashed_slot stashed)
    {
        dentry? dentry;

        using var _ = this.guard_rcu();
        dentry = READ_ONCE(ref stashed.stashed);
        if (dentry == null)
            return null;
        if (IS_ERR(dentry))
            return dentry;
        if (!this.lockref_get_not_dead(dentry.d_lockref))
            return null;
        return dentry;
    }

    /*
     * prepare_anon_dentry: a new dentry and inode for data. data is
     * consumed in every outcome: on failure before the inode owns it,
     * put_data releases it; after that, the inode's eviction does.
     */
    [return: __returns_ref]
    private dentry prepare_anon_dentry(stashed_slot stashed, super_block sb, [__consumes] object data)
    {
        dentry? dentry;
        inode? inode;
        var sops = (stashed_operations)sb.s_fs_info!;
        int ret;

        inode = this.new_inode_pseudo(sb);
        if (inode == null)
        {
            sops.put_data!(data);
            return ERR_PTR<dentry>(-errno.ENOMEM);
        }

        inode.i_flags |= S_IMMUTABLE;
        inode.i_mode = S_IFREG;
        simple_inode_init_ts(inode);

        ret = sops.init_inode!(inode, data);
        if (ret < 0)
        {
            this.iput(inode);
            return ERR_PTR<dentry>(ret);
        }

        /* the callers rely on a regular file */
        this.WARN_ON_ONCE(!S_ISREG(inode.i_mode));

        dentry = this.d_alloc_anon(sb);
        if (dentry == null)
        {
            this.iput(inode);
            return ERR_PTR<dentry>(-errno.ENOMEM);
        }

        /* remember the slot, so d_prune can clear it */
        dentry.d_fsdata = stashed;

        /* from here on the inode owns data */
        this.d_instantiate(dentry, inode);
        return dentry;
    }

    /*
     * stash_dentry: publishes dentry in the slot. If a live dentry got
     * there first, that one is returned with a new reference (the caller
     * drops its own); a dead one left behind is replaced.
     */
    [return: __returns_ref]
    [__refs_unsafe("returns either the caller's own dentry (the slot keeps no reference of its own) or another one with a new reference; the caller tells them apart by comparing, as upstream")]
    public dentry stash_dentry(stashed_slot stashed, dentry dentry)
    {
        using var _ = this.guard_rcu();
        while (true)
        {
            dentry? old;

            /* assume any previous dentry was cleared out */
            old = cmpxchg(ref stashed.stashed, null, dentry);
            if (old == null)
                return dentry;

            /* someone else installed a dentry we can use */
            if (this.lockref_get_not_dead(old.d_lockref))
                return old;

            /* a dead dentry is still there: try to take its place */
            if (cmpxchg(ref stashed.stashed, old, dentry) == old)
                return dentry;
        }
    }

    /*
     * path_from_stashed: a path (dentry + mount reference) for the object
     * behind stashed, reusing the live dentry or making one. data is a
     * reference the callee consumes: it is dropped when an existing dentry
     * is reused, and owned by the new inode otherwise. The one exception is
     * a slot holding an error pointer, which returns without touching data.
     */
    [__refs_unsafe("data is consumed on every path but the one where the slot holds an error pointer (which no caller stores), and stash_dentry hands back either the caller's own dentry or another with a new reference; the analysis cannot tie either to the tests that tell them apart")]
    public int path_from_stashed(stashed_slot stashed, vfsmount mnt, [__consumes("path")] object data, [__returns_ref] out path path)
    {
        dentry dentry;
        dentry? res;
        var sops = (stashed_operations)mnt.mnt_sb.s_fs_info!;

        path = default;

        /* can the existing dentry be reused? */
        res = this.stashed_dentry_get(stashed);
        if (IS_ERR(res))
            return (int)PTR_ERR(res);
        if (res != null)
        {
            sops.put_data!(data);
            goto make_path;
        }

        /* no: build a new one; data belongs to the filesystem from here */
        dentry = this.prepare_anon_dentry(stashed, mnt.mnt_sb, data);
        if (IS_ERR(dentry))
            return (int)PTR_ERR(dentry);

        if (sops.stash_dentry != null)
            res = sops.stash_dentry(stashed, dentry);
        else
            res = this.stash_dentry(stashed, dentry);
        if (IS_ERR(res))
        {
            this.dput(dentry);
            return (int)PTR_ERR(res);
        }

        if (res != dentry)
            this.dput(dentry);

    make_path:
        path.dentry = res;
        path.mnt = this.mntget(mnt);
        this.WARN_ON_ONCE(path.dentry.d_fsdata != stashed);
        this.WARN_ON_ONCE(d_inode(path.dentry)!.i_private != data);
        return 0;
    }

    /* stashed_dentry_prune: d_prune of stashed dentries; clears the slot if it still holds this dentry */
    [__must_hold("dentry.d_lockref.lock")]
    public void stashed_dentry_prune(dentry dentry)
    {
        var stashed = dentry.d_fsdata as stashed_slot;
        var inode = d_inode(dentry);

        if (this.WARN_ON_ONCE(stashed == null))
            return;

        if (inode == null)
            return;

        /*
         * Only clear our own dentry: another one may have been stashed
         * after this one died.
         */
        cmpxchg(ref stashed!.stashed, dentry, null);
    }
}
