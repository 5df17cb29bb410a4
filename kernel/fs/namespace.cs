// SPDX-License-Identifier: GPL-2.0-only

//
// fs/namespace.c: mounts as far as kernel-internal mounts go. A mount
// holds a reference on its root dentry and an active reference on its
// superblock; kern_mount() makes one for a filesystem nobody mounts from
// user space (pidfs), and the last mntput() of an internal mount tears it
// down at once. Each mount gets a small reusable id (mnt_id, from 1) and a
// 64-bit id that is never reused (mnt_id_unique, counting up from 2^31).
//
// The model's root filesystem: the kernel boots with a rootfs mounted at
// "/", which is also every task's working directory (fs_struct is not
// ported). Its filesystem has no export operations, so file handles never
// decode against it.
//
// Not ported: the mount tree and mount namespaces, user mounts, umount,
// propagation, MNT_LONGTERM accounting, mnt_make_shortterm.
using System.Threading;

namespace Linux;

/// <summary>fs/namespace.c.</summary>
public sealed partial class vmlinux
{
    public const ulong MNT_UNIQUE_ID_OFFSET = 1UL << 31;

    private kmem_cache? mnt_cache;
    private readonly idr mnt_id_xa = new();
    [__lock_class("mnt_id_lock")]
    private readonly spinlock_t mnt_id_lock = new("mnt_id_lock");
    [__guarded_by("mnt_id_lock")]
    private ulong mnt_id_ctr = MNT_UNIQUE_ID_OFFSET;

    /* the root of the model's mount tree (init_mount_tree) */
    public path init_root;

    private int mnt_alloc_id(mount mnt)
    {
        /*
         * upstream's __xa_alloc(GFP_KERNEL) drops xa_lock to allocate; the
         * port's idr does not, so it preloads outside the lock and allocates
         * with GFP_NOWAIT inside it, as alloc_pid does
         */
        idr_preload(GFP_KERNEL);
        using (this.guard_spinlock(this.mnt_id_lock))
        {
            var res = idr_alloc(this.mnt_id_xa, mnt, 1, int.MaxValue, GFP_NOWAIT);
            if (res < 0)
            {
                idr_preload_end();
                return res;
            }

            mnt.mnt_id = res;
            mnt.mnt_id_unique = ++this.mnt_id_ctr;
        }

        idr_preload_end();
        return 0;
    }

    private void mnt_free_id(mount mnt)
    {
        using (this.guard_spinlock(this.mnt_id_lock))
            idr_remove(this.mnt_id_xa, mnt.mnt_id);
    }

    private mount? alloc_vfsmnt(string? name)
    {
        var mnt = this.kmem_cache_zalloc(this.mnt_cache!, GFP_KERNEL, () => new mount());
        if (mnt == null)
            return null;
        if (this.mnt_alloc_id(mnt) != 0)
        {
            this.kmem_cache_free(this.mnt_cache!, mnt);
            return null;
        }

        mnt.mnt_devname = name ?? "none";
        mnt.mnt_count = 1;
        return mnt;
    }

    private void free_vfsmnt(mount mnt) => this.kmem_cache_free(this.mnt_cache!, mnt);

    /* cleanup_mnt: the last reference went; release root and superblock */
    private void cleanup_mnt(mount mnt)
    {
        this.dput(mnt.mnt.mnt_root);
        this.deactivate_super(mnt.mnt.mnt_sb);
        this.mnt_free_id(mnt);
        this.free_vfsmnt(mnt);
    }

    private void mntput_no_expire(mount mnt)
    {
        if (!atomic_dec_and_test(ref mnt.mnt_count))
            return;

        /* only internal mounts exist in the port: they are torn down right away */
        this.WARN_ON((mnt.mnt.mnt_flags & MNT_INTERNAL) == 0);
        this.cleanup_mnt(mnt);
    }

    /* mntput: drops a reference (NULL-safe) */
    public void mntput([__releases_ref] vfsmount? mnt)
    {
        if (mnt != null)
            this.mntput_no_expire(real_mount(mnt));
    }

    /* mntget: one more reference (NULL-safe) */
    [return: __returns_ref]
    public vfsmount? mntget([__gets_ref] vfsmount? mnt)
    {
        if (mnt != null)
            atomic_inc(ref real_mount(mnt).mnt_count);
        return mnt;
    }

    /* vfs_create_mount: a mount of the tree fc built */
    [return: __returns_ref]
    public vfsmount vfs_create_mount(fs_context fc)
    {
        mount? mnt;

        if (fc.root == null)
            return ERR_PTR<vfsmount>(-errno.EINVAL);

        mnt = this.alloc_vfsmnt(fc.source);
        if (mnt == null)
            return ERR_PTR<vfsmount>(-errno.ENOMEM);

        if ((fc.sb_flags & SB_KERNMOUNT) != 0)
            mnt.mnt.mnt_flags = MNT_INTERNAL;

        atomic_inc(ref fc.root.d_sb.s_active);
        mnt.mnt.mnt_sb = fc.root.d_sb;
        mnt.mnt.mnt_root = this.dget(fc.root)!;
        return mnt.mnt;
    }

    /* fc_mount: builds the tree and mounts it */
    [return: __returns_ref]
    public vfsmount fc_mount(fs_context fc)
    {
        var err = this.vfs_get_tree(fc);
        if (err == 0)
            return this.vfs_create_mount(fc);
        return ERR_PTR<vfsmount>(err);
    }

    /* vfs_kern_mount: a kernel mount of type */
    [return: __returns_ref]
    public vfsmount vfs_kern_mount(file_system_type type, ulong flags, string name)
    {
        fs_context fc;
        vfsmount mnt;

        fc = this.fs_context_for_mount(type, flags);
        if (IS_ERR(fc))
            return ERR_CAST<vfsmount>(fc);

        fc.source = name;
        mnt = this.fc_mount(fc);
        this.put_fs_context(fc);
        return mnt;
    }

    /* kern_mount: the internal mount of a filesystem nobody mounts from user space */
    [return: __returns_ref]
    public vfsmount kern_mount(file_system_type type) => this.vfs_kern_mount(type, SB_KERNMOUNT, type.name);

    /* kern_unmount: drops a kern_mount; waits for lockless users of the mount first */
    public void kern_unmount([__releases_ref] vfsmount? mnt)
    {
        /* release long term mount so mount point can be released */
        if (!IS_ERR_OR_NULL(mnt))
        {
            this.synchronize_rcu();
            this.mntput(mnt);
        }
    }

    /* path_mounted: is this the root of its mount? */
    public static bool path_mounted(in path path) => path.mnt!.mnt_root == path.dentry;

    /* mnt_init: the mount cache and the model's root filesystem */
    public void mnt_init()
    {
        this.mnt_cache = this.kmem_cache_create("mnt_cache");
        this.init_rootfs();
        this.init_mount_tree();
    }

    private void init_mount_tree()
    {
        var mnt = this.kern_mount(this.rootfs_fs_type!);
        if (IS_ERR(mnt))
            this.BUG("Can't create rootfs");
        this.init_root.mnt = mnt;
        this.init_root.dentry = mnt.mnt_root;
    }
}
