// SPDX-License-Identifier: GPL-2.0-only

//
// fs/inode.c: inode allocation, the last iput and eviction. An inode's
// last reference asks the filesystem whether to keep it (drop_inode);
// inodes of the port are never hashed, so every filesystem lets them go,
// and the inode is evicted: the filesystem's evict_inode releases what the
// inode owns, and the memory goes back after an RCU grace period.
//
// Not ported: the inode hash and iget, the LRU and shrinker, writeback,
// i_version, i_rwsem lockdep subclasses, evict_inodes (no unused inode is
// ever cached, so there is nothing for it to find at unmount).
using System.Threading;

namespace Linux;

/// <summary>fs/inode.c.</summary>
public sealed partial class vmlinux
{
    private kmem_cache? inode_cachep;

    /* the operations a fresh inode has until its filesystem sets its own */
    private static readonly inode_operations empty_iops = new();
    private static readonly file_operations no_open_fops = new() { open = no_open };

    private static int no_open(inode inode, @file file) => -errno.ENXIO;

    /* inode_init_always: the fields every inode starts with */
    private int inode_init_always(super_block sb, [__unpublished] inode inode)
    {
        inode.i_sb = sb;
        inode.i_blkbits = sb.s_blocksize_bits;
        inode.i_flags = 0;
        inode.i_state = 0;
        inode.i_count = 1;
        inode.i_op = empty_iops;
        inode.i_fop = no_open_fops;
        inode.i_ino = 0;
        inode.__i_nlink = 1;
        inode.i_opflags = 0;
        if (sb.s_xattr != null)
            inode.i_opflags |= IOP_XATTR;
        inode.i_uid = 0;
        inode.i_gid = 0;
        inode.i_size = 0;
        inode.i_generation = 0;
        inode.i_private = null;
        return 0;
    }

    private void free_inode_nonrcu(inode inode) => this.kmem_cache_free(this.inode_cachep!, inode);

    private void i_callback(rcu_head head) => this.free_inode_nonrcu(container_of<inode>(head));

    /* alloc_inode: a new inode of sb with one reference */
    private inode? alloc_inode(super_block sb)
    {
        inode? inode;

        inode = this.kmem_cache_alloc(this.inode_cachep!, GFP_KERNEL, () => new inode()); /* alloc_inode_sb */
        if (inode == null)
            return null;
        if (this.inode_init_always(sb, inode) != 0)
        {
            this.free_inode_nonrcu(inode);
            return null;
        }

        return inode;
    }

    private void destroy_inode(inode inode)
    {
        /* readers under RCU may still look at it */
        this.call_rcu(inode.i_rcu, this.i_callback);
    }

    /* inode_sb_list_add: puts the inode on its superblock's list */
    public void inode_sb_list_add(inode inode)
    {
        var sb = inode.i_sb;

        this.spin_lock(sb.s_inode_list_lock);
        list_add(inode.i_sb_list, sb.s_inodes);
        this.spin_unlock(sb.s_inode_list_lock);
    }

    private void inode_sb_list_del(inode inode)
    {
        var sb = inode.i_sb;

        if (!list_empty(inode.i_sb_list))
        {
            this.spin_lock(sb.s_inode_list_lock);
            list_del_init(inode.i_sb_list);
            this.spin_unlock(sb.s_inode_list_lock);
        }
    }

    /* clear_inode: the filesystem is done with the inode (from evict_inode) */
    [__context_unsafe("no concurrent changes of i_state on a freeing inode, as upstream (no i_lock)")]
    public void clear_inode(inode inode)
    {
        this.BUG_ON((inode.i_state & I_FREEING) == 0);
        this.BUG_ON((inode.i_state & I_CLEAR) != 0);
        /* the inode is dead from here on */
        inode.i_state = I_FREEING | I_CLEAR;
    }

    /*
     * evict: takes a freeing inode off its lists, lets the filesystem
     * release it (or clears it generically) and frees it.
     */
    private void evict(inode inode)
    {
        var op = inode.i_sb.s_op;

        this.BUG_ON((inode_state_read_once(inode) & I_FREEING) == 0);

        this.inode_sb_list_del(inode);

        if (op?.evict_inode != null)
            op.evict_inode(inode);
        else
            this.clear_inode(inode);

        this.spin_lock(inode.i_lock);
        this.BUG_ON(inode.i_state != (I_FREEING | I_CLEAR));
        this.spin_unlock(inode.i_lock);

        this.destroy_inode(inode);
    }

    /* inode_just_drop: drop_inode for filesystems that never cache unused inodes */
    public static int inode_just_drop(inode inode) => 1;

    /* inode_generic_drop: drop unlinked or unhashed inodes (every inode of the port is unhashed) */
    public static int inode_generic_drop(inode inode) => 1;

    /*
     * iput_final: the last reference went (i_lock held). The filesystem
     * decides whether to keep the inode; the port has no inode cache, so an
     * inode kept would only be written back and then evicted anyway.
     */
    [__releases("inode.i_lock")]
    private void iput_final(inode inode)
    {
        var sb = inode.i_sb;
        var op = sb.s_op;
        int drop;

        this.WARN_ON((inode.i_state & I_NEW) != 0);

        if (op?.drop_inode != null)
            drop = op.drop_inode(inode);
        else
            drop = inode_generic_drop(inode);

        if (drop == 0)
        {
            inode.i_state |= I_WILL_FREE;
            this.spin_unlock(inode.i_lock);

            this.spin_lock(inode.i_lock);
            this.WARN_ON((inode.i_state & I_NEW) != 0);
            inode.i_state &= ~I_WILL_FREE;
        }

        inode.i_state |= I_FREEING;
        this.spin_unlock(inode.i_lock);

        this.evict(inode);
    }

    /* iput: drops a reference; the last one evicts the inode */
    [__might_sleep]
    public void iput([__releases_ref] inode? inode)
    {
        this.might_sleep();
        if (inode == null)
            return;

        this.lockdep_assert_not_held(inode.i_lock);
        this.BUG_ON((inode_state_read_once(inode) & I_CLEAR) != 0);

        /* not the last reference: no lock needed */
        if (atomic_add_unless(ref inode.i_count, -1, 1))
            return;

        this.spin_lock(inode.i_lock);
        if (!atomic_dec_and_test(ref inode.i_count))
        {
            this.spin_unlock(inode.i_lock);
            return;
        }

        this.iput_final(inode);
    }

    /* new_inode_pseudo: an inode that is on no list (pseudo filesystems) */
    [return: __returns_ref]
    public inode? new_inode_pseudo(super_block sb) => this.alloc_inode(sb);

    /* new_inode: an inode on its superblock's list */
    public inode? new_inode(super_block sb)
    {
        var inode = this.new_inode_pseudo(sb);
        if (inode != null)
            this.inode_sb_list_add(inode);
        return inode;
    }

    /*
     * init_special_inode: a device, fifo or socket node; a character
     * device opens through def_chr_fops, which finds the driver by i_rdev
     * (block devices, fifos and sockets are not ported: no such node exists)
     */
    public void init_special_inode(inode inode, uint mode, uint rdev)
    {
        inode.i_mode = mode;
        if (S_ISCHR(mode))
        {
            inode.i_fop = this.def_chr_fops;
            inode.i_rdev = rdev;
        }
        else
        {
            this.printk($"init_special_inode: bogus i_mode ({System.Convert.ToString(mode, 8)}) for inode {inode.i_sb.s_id}:{inode.i_ino}");
        }
    }

    /* inode_init: the inode cache */
    public void inode_init() => this.inode_cachep = this.kmem_cache_create("inode_cache");
}
