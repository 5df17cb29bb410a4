// SPDX-License-Identifier: GPL-2.0-only

// fs/libfs.cs: stashed dentries and the pseudo filesystem mount, through
// the test filesystem.
using System.Collections.Generic;
using System.Threading;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Stashed dentries and pseudo filesystems.</summary>
public sealed class LibfsTests : VfsTest
{
    /// <summary>Two paths for one object share one dentry and inode; the second call's data reference is dropped.</summary>
    [Fact]
    public void OneDentryPerStashedSlot()
    {
        var o = this.Fs.NewObj(100);
        using (this.K.run_as(this.Shell))
        {
            Assert.Equal(0, this.Fs.PathOf(o, out var p1));
            Assert.Equal(2, o.Count); /* ours + the inode's */
            Assert.Equal(0, this.Fs.PathOf(o, out var p2));
            Assert.Equal(2, o.Count); /* the second reference was put */
            Assert.Same(p1.dentry, p2.dentry);
            Assert.Same(this.Fs.Mnt, p1.mnt);
            Assert.Same(o.Stashed, p1.dentry);
            Assert.Same(o.Slot, p1.dentry!.d_fsdata);
            var inode = p1.dentry.d_inode!;
            Assert.Equal(100UL, inode.i_ino);
            Assert.Equal((uint)(vmlinux.S_IFREG | vmlinux.S_IRWXU), inode.i_mode);
            Assert.Equal(0u, inode.i_flags & vmlinux.S_IMMUTABLE);
            Assert.Equal(vmlinux.DCACHE_DONTCACHE, p1.dentry.d_flags & vmlinux.DCACHE_DONTCACHE);
            Assert.Equal(2, p1.dentry.d_lockref.count);
            this.K.path_put(p1);
            this.K.path_put(p2);
        }

        this.K.rcu_barrier();
        Assert.Null(o.Stashed);
        Assert.Equal(1, this.Fs.Evictions);
        Assert.Equal(1, o.Count);
        this.Fs.Put(o);
    }

    /// <summary>The last dput prunes the slot, evicts the inode (which drops the data), and a new path gets a new dentry.</summary>
    [Fact]
    public void LastDputPrunesAndEvicts()
    {
        var o = this.Fs.NewObj(7);
        dentry first;
        using (this.K.run_as(this.Shell))
        {
            Assert.Equal(0, this.Fs.PathOf(o, out var p));
            first = p.dentry!;
            this.K.path_put(p);
            Assert.Null(o.Stashed);
            Assert.True(vmlinux.__lockref_is_dead(first.d_lockref));
            Assert.Equal(1, this.Fs.Evictions);
            Assert.Equal(1, o.Count);

            /* a dead dentry is never handed out again */
            Assert.Null(this.K.stashed_dentry_get(o.Slot));

            Assert.Equal(0, this.Fs.PathOf(o, out p));
            Assert.NotSame(first, p.dentry);
            Assert.Equal(7UL, p.dentry!.d_inode!.i_ino);
            this.K.path_put(p);
        }

        Assert.Equal(2, this.Fs.Evictions);
        this.Fs.Put(o);
    }

    /// <summary>Concurrent path_from_stashed on real threads agree on one dentry; everything is freed afterwards.</summary>
    [Fact]
    public void ConcurrentPathFromStashedAgrees()
    {
        const int threads = 8;
        var tasks = this.SpawnThreads(this.Shell, threads);
        for (var round = 0; round < 20; round++)
        {
            var o = this.Fs.NewObj(1000 + (ulong)round);
            var results = new path[threads];
            var errors = new int[threads];
            var start = new Barrier(threads);
            var workers = new List<Thread>();
            for (var i = 0; i < threads; i++)
            {
                var n = i;
                var t = new Thread(() =>
                {
                    using (this.K.run_as(tasks[n]))
                    {
                        start.SignalAndWait();
                        errors[n] = this.Fs.PathOf(o, out results[n]);
                    }
                });
                workers.Add(t);
                t.Start();
            }

            foreach (var t in workers)
            {
                Assert.True(t.Join(10000));
            }

            for (var i = 0; i < threads; i++)
            {
                Assert.Equal(0, errors[i]);
                Assert.Same(results[0].dentry, results[i].dentry);
            }

            Assert.Equal(threads, results[0].dentry!.d_lockref.count);
            using (this.K.run_as(this.Shell))
            {
                foreach (var p in results)
                {
                    this.K.path_put(p);
                }
            }

            Assert.Null(o.Stashed);
            Assert.Equal(1, o.Count);
            this.Fs.Put(o);
        }

        this.ExitThreads(tasks);
        Assert.Empty(this.K.warns);
    }

    /// <summary>The pseudo filesystem's superblock: magic, root inode 1, SB_NOUSER, statfs.</summary>
    [Fact]
    public void PseudoFsSuperblock()
    {
        var sb = this.Fs.Mnt.mnt_sb;
        Assert.Equal(TestFs.Magic, sb.s_magic);
        Assert.Equal(vmlinux.SB_NOUSER, sb.s_flags & vmlinux.SB_NOUSER);
        Assert.Equal(vmlinux.SB_ACTIVE, sb.s_flags & vmlinux.SB_ACTIVE);
        Assert.Equal(1UL, sb.s_root!.d_inode!.i_ino);
        Assert.Equal((uint)(vmlinux.S_IFDIR | vmlinux.S_IRUSR | vmlinux.S_IWUSR), sb.s_root.d_inode.i_mode);
        Assert.Equal(0u, vmlinux.MAJOR(sb.s_dev));
        Assert.NotEqual(0u, vmlinux.MINOR(sb.s_dev));
        Assert.NotEqual(this.K.init_root.mnt!.mnt_sb.s_dev, sb.s_dev);
        Assert.True(vmlinux.real_mount(this.Fs.Mnt).mnt_id_unique > vmlinux.MNT_UNIQUE_ID_OFFSET);

        var st = new kstatfs();
        Assert.Equal(0, vmlinux.vfs_statfs(new path(this.Fs.Mnt, this.Fs.Mnt.mnt_root), st));
        Assert.Equal((long)TestFs.Magic, st.f_type);
        Assert.Equal(4096, st.f_bsize);
        Assert.Equal(4096, st.f_frsize);
        Assert.Equal(255, st.f_namelen);
        Assert.Equal(vmlinux.ST_VALID, st.f_flags);
        Assert.Equal((int)vmlinux.MINOR(sb.s_dev), st.f_fsid[0]);
    }

    /// <summary>A second filesystem mounted and unmounted inside a test leaves nothing behind.</summary>
    [Fact]
    public void MountAndUnmountFreeEverything()
    {
        var before = this.K.slabinfo;
        var other = new TestFs(this.K, this.Shell);
        var o = other.NewObj(5);
        using (this.K.run_as(this.Shell))
        {
            Assert.Equal(0, other.PathOf(o, out var p));
            this.K.path_put(p);
        }

        other.Put(o);
        other.Unmount(this.Shell);
        this.K.rcu_barrier();
        Assert.Empty(this.K.warns);
    }
}
