// SPDX-License-Identifier: GPL-2.0-only

// A tiny pseudo filesystem for the VFS tests, built the way pidfs is: one
// stashed dentry per object, inodes that own a reference on their object,
// DCACHE_DONTCACHE, a trusted.* xattr handler on simple_xattrs, and export
// operations that encode the object's 64-bit id as a FILEID_KERNFS handle.
using System;
using System.Collections.Generic;
using System.Threading;
using Linux;

namespace Kernel.Tests;

/// <summary>The test filesystem, mounted with kern_mount.</summary>
public sealed class TestFs
{
    /// <summary>The filesystem's magic number.</summary>
    public const ulong Magic = 0x54455354;

    /// <summary>The ioctl command the files answer.</summary>
    public const uint TestIoctl = 0x1234;

    private readonly vmlinux k;
    private readonly Dictionary<ulong, TestObj> objects = new();
    private readonly stashed_operations stashedOps;
    private readonly super_operations sops;
    private readonly dentry_operations dops;
    private readonly export_operations eops;
    private readonly xattr_handler[] xattrHandlers;
    private readonly inode_operations iops;
    private readonly file_operations fops;

    /// <summary>Initializes a new instance of the <see cref="TestFs"/> class and mounts it.</summary>
    /// <param name="k">The kernel.</param>
    /// <param name="as">The task to mount as.</param>
    public TestFs(vmlinux k, task_struct @as)
    {
        this.k = k;
        this.stashedOps = new stashed_operations { put_data = o => this.Put((TestObj)o), init_inode = this.InitInode };
        this.sops = new super_operations { drop_inode = vmlinux.inode_just_drop, evict_inode = this.EvictInode, statfs = vmlinux.simple_statfs };
        this.dops = new dentry_operations { d_dname = (d, len) => vmlinux.dynamic_dname(len, "anon_inode:[testfd]"), d_prune = k.stashed_dentry_prune };
        this.eops = new export_operations { encode_fh = EncodeFh, fh_to_dentry = this.FhToDentry, open = this.ExportOpen, permission = ExportPermission };
        this.xattrHandlers = new[] { new xattr_handler { prefix = vmlinux.XATTR_TRUSTED_PREFIX, get = this.XattrGet, set = this.XattrSet } };
        this.iops = new inode_operations { getattr = vmlinux.anon_inode_getattr, setattr = vmlinux.anon_inode_setattr, listxattr = this.ListXattr };
        this.fops = new file_operations { poll = (f, pt) => ((TestObj)vmlinux.file_inode(f).i_private!).Events, unlocked_ioctl = Ioctl, release = this.Release };
        this.Type = new file_system_type { name = "testfs", init_fs_context = this.InitFsContext, kill_sb = k.kill_anon_super };
        using (k.run_as(@as))
        {
            this.Mnt = k.kern_mount(this.Type);
        }
    }

    /// <summary>Gets the filesystem type.</summary>
    public file_system_type Type { get; }

    /// <summary>Gets the internal mount.</summary>
    public vfsmount Mnt { get; }

    /// <summary>Gets the number of inodes evicted so far.</summary>
    public int Evictions { get; private set; }

    /// <summary>Creates an object with one reference (the caller's).</summary>
    /// <param name="id">Its identity.</param>
    /// <returns>The object.</returns>
    public TestObj NewObj(ulong id)
    {
        var o = this.k.kzalloc<TestObj>(vmlinux.GFP_KERNEL)!;
        o.Id = id;
        o.Count = 1;
        lock (this.objects)
        {
            this.objects[id] = o;
        }

        return o;
    }

    /// <summary>Takes a reference.</summary>
    /// <param name="o">The object to reference.</param>
    /// <returns>The same object.</returns>
    public TestObj Get(TestObj o)
    {
        Interlocked.Increment(ref o.CountRef);
        return o;
    }

    /// <summary>Drops a reference; the last frees the object.</summary>
    /// <param name="o">The object.</param>
    public void Put(TestObj o)
    {
        if (Interlocked.Decrement(ref o.CountRef) != 0)
        {
            return;
        }

        lock (this.objects)
        {
            this.objects.Remove(o.Id);
        }

        this.k.simple_xattrs_free(o.Xattrs, out _);
        this.k.kfree(o);
    }

    /// <summary>path_from_stashed for the object, handing it a new reference.</summary>
    /// <param name="o">The object.</param>
    /// <param name="p">The path.</param>
    /// <returns>0 or -errno.</returns>
    public int PathOf(TestObj o, out path p) => this.k.path_from_stashed(o.Slot, this.Mnt, this.Get(o), out p);

    /// <summary>Opens a file on the object (as current).</summary>
    /// <param name="o">The object.</param>
    /// <param name="flags">Open flags.</param>
    /// <returns>The file.</returns>
    public @file Open(TestObj o, int flags)
    {
        var err = this.PathOf(o, out var p);
        if (err != 0)
        {
            return vmlinux.ERR_PTR<@file>(err);
        }

        var f = this.k.dentry_open(p, flags, this.k.current_cred());
        this.k.path_put(p);
        return f;
    }

    /// <summary>Opens a file on the object and installs it as a descriptor of current.</summary>
    /// <param name="o">The object.</param>
    /// <param name="flags">Open flags (O_CLOEXEC goes to the table).</param>
    /// <returns>The descriptor or -errno.</returns>
    public int InstallFd(TestObj o, int flags)
    {
        var fd = this.k.get_unused_fd_flags(flags);
        if (fd < 0)
        {
            return fd;
        }

        var f = this.Open(o, flags);
        if (vmlinux.IS_ERR(f))
        {
            this.k.put_unused_fd((uint)fd);
            return (int)vmlinux.PTR_ERR(f);
        }

        this.k.fd_install((uint)fd, f);
        return fd;
    }

    /// <summary>Unmounts the filesystem; every file must be closed.</summary>
    /// <param name="as">The task to unmount as.</param>
    public void Unmount(task_struct @as)
    {
        using (this.k.run_as(@as))
        {
            this.k.kern_unmount(this.Mnt);
        }
    }

    private static int EncodeFh(inode inode, System.Span<uint> fh, ref int max_len, inode? parent)
    {
        if (max_len < 2)
        {
            max_len = 2;
            return vmlinux.FILEID_INVALID;
        }

        var id = ((TestObj)inode.i_private!).Id;
        fh[0] = (uint)id;
        fh[1] = (uint)(id >> 32);
        max_len = 2;
        return vmlinux.FILEID_KERNFS;
    }

    private static int ExportPermission(ref handle_to_path_ctx ctx, uint oflags)
    {
        const int valid = vmlinux.O_RDONLY | vmlinux.O_WRONLY | vmlinux.O_RDWR | vmlinux.O_NONBLOCK | vmlinux.O_CLOEXEC | vmlinux.O_EXCL | vmlinux.O_LARGEFILE;
        return (oflags & ~(uint)valid) != 0 ? -errno.EINVAL : 0;
    }

    private static long Ioctl(@file f, uint cmd, object? arg) => cmd == TestIoctl ? 42 : -errno.ENOIOCTLCMD;

    private int InitFsContext(fs_context fc)
    {
        var ctx = this.k.init_pseudo(fc, Magic);
        if (ctx == null)
        {
            return -errno.ENOMEM;
        }

        ctx.ops = this.sops;
        ctx.eops = this.eops;
        ctx.xattr = this.xattrHandlers;
        ctx.dops = this.dops;
        ctx.s_d_flags |= vmlinux.DCACHE_DONTCACHE;
        fc.s_fs_info = this.stashedOps;
        return 0;
    }

    private int InitInode(inode inode, object data)
    {
        var o = (TestObj)data;
        inode.i_private = o;
        inode.i_ino = o.Id;
        inode.i_mode |= (uint)vmlinux.S_IRWXU;
        inode.i_flags |= vmlinux.S_PRIVATE | vmlinux.S_ANON_INODE;
        inode.i_flags &= ~vmlinux.S_IMMUTABLE;
        inode.i_op = this.iops;
        inode.i_fop = this.fops;
        return 0;
    }

    private void EvictInode(inode inode)
    {
        var o = inode.i_private as TestObj;
        this.k.clear_inode(inode);

        /* the root inode has no object */
        if (o != null)
        {
            this.Evictions++;
            this.Put(o);
        }
    }

    private int Release(inode inode, @file f)
    {
        ((TestObj)inode.i_private!).Releases++;
        return 0;
    }

    private dentry? FhToDentry(super_block sb, fid fid, int fh_len, int fh_type)
    {
        if (fh_len < 2 || fh_type != vmlinux.FILEID_KERNFS)
        {
            return null;
        }

        var id = fid.raw[0] | ((ulong)fid.raw[1] << 32);
        TestObj? o;
        lock (this.objects)
        {
            if (!this.objects.TryGetValue(id, out o))
            {
                return null;
            }

            this.Get(o);
        }

        var ret = this.k.path_from_stashed(o.Slot, this.Mnt, o, out var p);
        if (ret < 0)
        {
            return vmlinux.ERR_PTR<dentry>(ret);
        }

        this.k.mntput(p.mnt);
        return p.dentry;
    }

    private @file ExportOpen(path p, int oflags) => this.k.dentry_open(p, oflags | vmlinux.O_RDWR, this.k.current_cred());

    private int XattrGet(xattr_handler h, dentry d, inode inode, string suffix, byte[]? value, int size) =>
        this.k.simple_xattr_get(((TestObj)inode.i_private!).Xattrs, vmlinux.XATTR_TRUSTED_PREFIX + suffix, value, size);

    private int XattrSet(xattr_handler h, mnt_idmap idmap, dentry d, inode inode, string suffix, byte[]? value, int size, int flags)
    {
        var old = this.k.simple_xattr_set(((TestObj)inode.i_private!).Xattrs, vmlinux.XATTR_TRUSTED_PREFIX + suffix, value, size, flags);
        if (vmlinux.IS_ERR(old))
        {
            return (int)vmlinux.PTR_ERR(old);
        }

        this.k.simple_xattr_free(old);
        return 0;
    }

    private long ListXattr(dentry d, byte[]? list, int size) =>
        this.k.simple_xattr_list(d.d_inode!, ((TestObj)d.d_inode!.i_private!).Xattrs, list, size);
}
