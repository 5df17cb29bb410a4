// SPDX-License-Identifier: GPL-2.0-only

//
// fs/file_table.c: struct file allocation and the final put. A file's last
// reference does not tear it down on the spot: as in the kernel, the
// teardown (__fput: ->release, then the dentry and mount references) is
// deferred to a point where the dropping task holds no locks. The kernel
// uses task work run on return to user space; the port queues it on the
// system workqueue, which runs at the end of every system call.
//
// Files are counted against files_stat.max_files (fs.file-max): past it,
// only CAP_SYS_ADMIN may open more, the others get ENFILE. The model has no
// memory size, so max_files starts at NR_FILE, the floor of upstream's
// files_maxfiles_init; nr_files is one counter, not a per-CPU one.
//
// Not ported: backing files, f_owner, fsnotify, eventpoll and file locks on
// close; the fs.file-max/file-nr sysctls (set files_stat.max_files).
using System.Threading;

namespace Linux;

/// <summary>fs/file_table.c.</summary>
public sealed partial class vmlinux
{
    /// <summary>NR_FILE: the least fs.file-max upstream sets at boot.</summary>
    public const long NR_FILE = 8192;

    private kmem_cache? filp_cachep;

    /* nr_files: the files allocated and not yet freed (percpu_counter upstream) */
    private long nr_files;

    /* the file count at the last "file-max limit reached" message */
    private long old_max;

    /// <summary>Gets the file table limits (files_stat; max_files is fs.file-max).</summary>
    public files_stat_struct files_stat { get; } = new() { max_files = NR_FILE };

    /// <summary>get_nr_files: the files allocated now.</summary>
    /// <returns>The count.</returns>
    public long get_nr_files() => atomic_long_read(ref this.nr_files);

    /* fput's deferred teardowns (delayed_fput_list) and the work that runs them */
    private readonly System.Collections.Generic.Queue<@file> delayed_fput_list = new();
    private work_struct? delayed_fput_work;

    /* file_ref_get: a reference unless the count already reached zero */
    public static bool file_ref_get(@file f)
    {
        return atomic_long_inc_not_zero(ref f.f_count);
    }

    /* get_file: one more reference on a file the caller holds */
    [return: __returns_ref]
    public @file get_file([__gets_ref] @file f)
    {
        this.WARN_ON_ONCE(atomic_long_inc_return(ref f.f_count) < 2);
        return f;
    }

    private void file_free(@file f)
    {
        atomic_long_dec(ref this.nr_files);
        this.put_cred(f.f_cred);
        this.kmem_cache_free(this.filp_cachep!, f);
    }

    /* init_file: the fields every new file starts with */
    private int init_file([__unpublished] @file f, int flags, cred cred)
    {
        f.f_cred = this.get_cred(cred);
        f.f_flags = (uint)flags;
        f.f_mode = OPEN_FMODE(flags);
        f.f_count = 1;
        return 0;
    }

    /*
     * alloc_empty_file: a new file with one reference and the given
     * credentials; ENFILE past fs.file-max unless the caller is privileged.
     */
    [return: __returns_ref]
    public @file alloc_empty_file(int flags, cred cred)
    {
        @file? f;
        int error;

        /* privileged users can go above max_files */
        if (this.get_nr_files() >= this.files_stat.max_files && !this.capable(CAP_SYS_ADMIN))
        {
            /* the kernel sums its per-CPU counter here before it fails; the port's is exact */
            if (this.get_nr_files() >= this.files_stat.max_files)
                goto over;
        }

        f = this.kmem_cache_zalloc(this.filp_cachep!, GFP_KERNEL, () => new file());
        if (f == null)
            return ERR_PTR<@file>(-errno.ENOMEM);
        error = this.init_file(f, flags, cred);
        if (error != 0)
        {
            this.kmem_cache_free(this.filp_cachep!, f);
            return ERR_PTR<@file>(error);
        }

        atomic_long_inc(ref this.nr_files);
        return f;

    over:
        /* ran out of files: say so, once per new high */
        if (this.get_nr_files() > atomic_long_read(ref this.old_max))
        {
            this.printk($"VFS: file-max limit {this.files_stat.max_files} reached");
            atomic_long_set(ref this.old_max, this.get_nr_files());
        }

        return ERR_PTR<@file>(-errno.ENFILE);
    }

    /* file_init_path: ties an allocated file to a path and its operations */
    private void file_init_path(@file file, in path path, file_operations fop)
    {
        file.f_path = path;
        file.f_inode = path.dentry!.d_inode!;
        file.f_op = fop;
        if ((file.f_mode & FMODE_READ) != 0)
            file.f_mode |= FMODE_PREAD;
        if ((file.f_mode & FMODE_WRITE) != 0)
            file.f_mode |= FMODE_PWRITE;
    }

    /*
     * alloc_file: an opened file on path; on success the file takes over
     * the caller's path references (on failure the caller still owns them).
     */
    [return: __returns_ref]
    public @file alloc_file(in path path, int flags, file_operations fop)
    {
        @file file;

        file = this.alloc_empty_file(flags, this.current_cred());
        if (IS_ERR(file))
            return file;
        this.file_init_path(file, path, fop);
        file.f_mode |= FMODE_OPENED;
        return file;
    }

    /* __fput: the last reference went; release, then let go of dentry and mount */
    [__might_sleep]
    private void __fput(@file file)
    {
        var dentry = file.f_path.dentry;
        var mnt = file.f_path.mnt;
        var inode = file.f_inode;

        if ((file.f_mode & FMODE_OPENED) == 0)
            goto @out;

        this.might_sleep();

        if (file.f_op.release != null)
            file.f_op.release(inode, file);
        this.dput(dentry);
        this.mntput(mnt);
    @out:
        this.file_free(file);
    }

    private void delayed_fput(work_struct unused)
    {
        while (true)
        {
            @file? f;
            lock (this.delayed_fput_list)
            {
                if (!this.delayed_fput_list.TryDequeue(out f))
                    return;
            }

            this.__fput(f);
        }
    }

    /* fput: drops a reference; the last one schedules the teardown */
    public void fput([__releases_ref] @file? file)
    {
        if (file == null)
            return;

        var now = atomic_long_dec_return(ref file.f_count);
        if (now > 0)
            return;
        if (this.WARN_ON_ONCE(now < 0))
            return;

        bool first;
        lock (this.delayed_fput_list)
        {
            first = this.delayed_fput_list.Count == 0;
            this.delayed_fput_list.Enqueue(file);
        }

        if (first)
            this.schedule_work(this.delayed_fput_work!);
    }

    /* __fput_sync: the teardown right now, for callers known to hold nothing */
    [__might_sleep]
    public void __fput_sync([__releases_ref] @file file)
    {
        if (atomic_long_dec_and_test(ref file.f_count))
            this.__fput(file);
    }

    /* files_init: the file cache */
    public void files_init()
    {
        this.filp_cachep = this.kmem_cache_create("filp");
        this.files_cachep = this.kmem_cache_create("files_cache");
        this.delayed_fput_work = new work_struct(this);
        INIT_WORK(this.delayed_fput_work, this.delayed_fput);
        this.init_files = new files_struct();
    }
}
