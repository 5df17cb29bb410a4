// SPDX-License-Identifier: GPL-2.0-only

//
// fs/super.c: superblocks of filesystems without a device. A superblock
// has a passive count (s_count: the memory) and an active count
// (s_active: mounts and fs_contexts using it); the last active reference
// kills it through the filesystem's kill_sb, and the last passive one
// frees it. Deviceless filesystems get an anonymous device number.
//
// Not ported: s_umount and the super_blocks list (nothing here looks
// superblocks up or mounts concurrently), freezing, shrinkers, block
// devices, sget's search for an existing superblock (get_tree_nodev
// always makes a new one).
using System.Threading;

namespace Linux;

/// <summary>fs/super.c.</summary>
public sealed partial class vmlinux
{
    public const int MINORBITS = 20;

    private readonly idr unnamed_dev_ida = new();

    /* protects the passive counts (s_count) */
    [__lock_class("sb_lock")]
    private readonly spinlock_t sb_lock = new("sb_lock");
    [__lock_class("unnamed_dev_lock")]
    private readonly spinlock_t unnamed_dev_lock = new("unnamed_dev_lock");

    public static uint MKDEV(uint ma, uint mi) => (ma << MINORBITS) | mi;

    public static uint MAJOR(uint dev) => dev >> MINORBITS;

    public static uint MINOR(uint dev) => dev & ((1u << MINORBITS) - 1);

    /* new_encode_dev / huge_encode_dev: the user-visible dev_t */
    public static uint new_encode_dev(uint dev)
    {
        var major = MAJOR(dev);
        var minor = MINOR(dev);
        return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
    }

    public static ulong huge_encode_dev(uint dev) => new_encode_dev(dev);

    private super_block? alloc_super(file_system_type type, ulong flags, user_namespace user_ns)
    {
        var s = this.kzalloc<super_block>(GFP_USER);
        if (s == null)
            return null;
        s.s_user_ns = this.get_user_ns(user_ns);
        s.s_count = 1;
        s.s_active = 1;
        s.s_flags = flags;
        s.s_type = type;
        s.s_maxbytes = int.MaxValue;
        s.s_time_gran = 1000000000;
        return s;
    }

    private void destroy_super_work(super_block s)
    {
        this.put_user_ns(s.s_user_ns);
        this.kfree(s);
    }

    [__must_hold("sb_lock")]
    private bool __put_super(super_block s) => --s.s_count == 0;

    /* put_super: drops a passive reference; the last one frees the superblock */
    public void put_super(super_block sb)
    {
        bool last;

        this.spin_lock(this.sb_lock);
        last = this.__put_super(sb);
        this.spin_unlock(this.sb_lock);

        /* the kernel frees after an RCU grace period, outside sb_lock */
        if (last)
            this.destroy_super_work(sb);
    }

    /* deactivate_locked_super: the last active reference kills the superblock */
    public void deactivate_locked_super(super_block s)
    {
        var fs = s.s_type;
        if (atomic_dec_and_test(ref s.s_active))
        {
            fs.kill_sb!(s);
            this.put_super(s);
        }
    }

    /* deactivate_super: drops an active reference */
    public void deactivate_super(super_block s)
    {
        if (atomic_add_unless(ref s.s_active, -1, 1))
            return;

        this.deactivate_locked_super(s);
    }

    /*
     * generic_shutdown_super: the common part of unmounting: the dcache
     * lets go of the root, the filesystem's put_super runs, and any inode
     * still on the superblock is a leak.
     */
    public void generic_shutdown_super(super_block sb)
    {
        var sop = sb.s_op;

        if (sb.s_root != null)
        {
            this.shrink_dcache_for_umount(sb);
            sb.s_flags &= ~SB_ACTIVE;

            if (sop?.put_super != null)
                sop.put_super(sb);

            this.WARN(data_race(!list_empty(sb.s_inodes)), $"VFS: Busy inodes after unmount of {sb.s_id} ({sb.s_type.name})");
        }
    }

    /* get_anon_bdev: a device number for a superblock without a device */
    public int get_anon_bdev(out uint p)
    {
        int dev;

        p = 0;
        using (this.guard_spinlock(this.unnamed_dev_lock))
            dev = idr_alloc(this.unnamed_dev_ida, true, 1, 1 << MINORBITS, GFP_ATOMIC);
        if (dev == -errno.ENOSPC)
            return -errno.EMFILE;
        if (dev < 0)
            return dev;

        p = MKDEV(0, (uint)dev);
        return 0;
    }

    public void free_anon_bdev(uint dev)
    {
        using (this.guard_spinlock(this.unnamed_dev_lock))
            idr_remove(this.unnamed_dev_ida, (int)MINOR(dev));
    }

    public int set_anon_super(super_block s, object? data) => this.get_anon_bdev(out s.s_dev);

    public int set_anon_super_fc(super_block sb, fs_context fc) => this.set_anon_super(sb, null);

    /* kill_anon_super: kill_sb of deviceless filesystems */
    public void kill_anon_super(super_block sb)
    {
        var dev = sb.s_dev;
        this.generic_shutdown_super(sb);
        this.free_anon_bdev(dev);
    }

    /* sget_fc: a new superblock for fc (the port never shares one) */
    private super_block sget_fc(fs_context fc, System.Func<super_block, fs_context, int> set)
    {
        super_block? s;
        var user_ns = fc.global ? this.init_user_ns : fc.user_ns;
        int err;

        s = this.alloc_super(fc.fs_type, fc.sb_flags, user_ns);
        if (s == null)
            return ERR_PTR<super_block>(-errno.ENOMEM);

        s.s_fs_info = fc.s_fs_info;
        err = set(s, fc);
        if (err != 0)
        {
            s.s_fs_info = null;
            this.put_user_ns(s.s_user_ns);
            this.kfree(s);
            return ERR_PTR<super_block>(err);
        }

        fc.s_fs_info = null;
        s.s_type = fc.fs_type;
        s.s_iflags |= fc.s_iflags;
        s.s_id = s.s_type.name;
        return s;
    }

    /* get_tree_nodev: a new deviceless superblock, filled by fill_super */
    public int get_tree_nodev(fs_context fc, System.Func<super_block, fs_context, int> fill_super)
    {
        super_block sb;
        int err;

        sb = this.sget_fc(fc, this.set_anon_super_fc);
        if (IS_ERR(sb))
            return (int)PTR_ERR(sb);

        if (sb.s_root == null)
        {
            err = fill_super(sb, fc);
            if (err != 0)
            {
                this.deactivate_locked_super(sb);
                return err;
            }

            sb.s_flags |= SB_ACTIVE;
        }

        fc.root = this.dget(sb.s_root);
        return 0;
    }

    /* vfs_get_tree: asks the filesystem for its superblock and root */
    public int vfs_get_tree(fs_context fc)
    {
        super_block sb;
        int error;

        if (fc.root != null)
            return -errno.EBUSY;

        error = fc.ops!.get_tree!(fc);
        if (error < 0)
            return error;

        if (fc.root == null)
        {
            this.printk($"Filesystem {fc.fs_type.name} get_tree() didn't set fc->root, returned {error}");
            this.BUG("get_tree without root");
        }

        sb = fc.root!.d_sb;
        sb.s_flags |= SB_BORN;
        return 0;
    }
}
