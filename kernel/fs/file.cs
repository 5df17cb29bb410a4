// SPDX-License-Identifier: GPL-2.0-only

//
// fs/file.c: descriptor tables. A descriptor is reserved first
// (get_unused_fd_flags: the lowest free number, marked open in the bitmap
// while its slot is still empty), then filled (fd_install) once the file
// is ready; nothing can see a reserved but empty slot as a file. Lookups
// (fget) run under RCU without the table lock and only succeed on a file
// whose count is not already zero. Tables are copied on fork (dup_fd) and
// closed on exit (put_files_struct).
//
// copy_files (kernel/fork.c) and exit_files (kernel/exit.c) sit at the end
// of this file until the fork and exit ports take them.
//
// Not ported: close_range, dup2/dup3/fcntl duplication, close-on-exec at
// execve, the full_fds_bits second-level bitmap (find_next_fd scans the
// open bitmap directly), the sysctl fs.nr_open (fixed at its default). RLIMIT_NOFILE is the task's
// own limit (prlimit64, kernel/sys.cs).
using System.Threading;

namespace Linux;

/// <summary>fs/file.c.</summary>
public sealed partial class vmlinux
{
    public const uint sysctl_nr_open = 1024 * 1024;

    /* created in files_init until proc_caches_init (kernel/fork.c) takes it */
    private kmem_cache? files_cachep;

    /* the files of the boot task, shared by kernel threads */
    public files_struct? init_files;

    private static void copy_fd_bitmaps(fdtable nfdt, fdtable ofdt, uint count)
    {
        var words = fd_bitmap_words(count);
        ofdt.open_fds[..words].CopyTo(nfdt.open_fds);
        ofdt.close_on_exec[..words].CopyTo(nfdt.close_on_exec);
        ofdt.full_fds_bits[..System.Math.Min(ofdt.full_fds_bits.Length, nfdt.full_fds_bits.Length)].CopyTo(nfdt.full_fds_bits);
    }

    /* copy_fdtable: the new table gets every slot and bit of the old one */
    private static void copy_fdtable(fdtable nfdt, fdtable ofdt)
    {
        var count = ofdt.max_fds;
        ofdt.fd.Span[..(int)count].CopyTo(nfdt.fd.Span);
        copy_fd_bitmaps(nfdt, ofdt, count);
    }

    /* __free_fdtable: the pointer array, the bitmaps (one allocation), the table */
    private void __free_fdtable(fdtable fdt)
    {
        this.kvfree(fdt.fd_base);
        this.kvfree(fdt.bitmap_base);
        this.kfree(fdt);
    }

    private void free_fdtable_rcu(rcu_head rcu)
    {
        var fdt = container_of<fdtable>(rcu);
        this.__free_fdtable(fdt);
    }

    /* alloc_fdtable: room for at least nr descriptors, rounded up as the kernel does */
    private fdtable alloc_fdtable(uint slots_wanted)
    {
        ulong nr;

        /* a whole 1K of pointers at a time, then a power of two */
        nr = slots_wanted / (uint)(1024 / BYTES_PER_POINTER);
        nr = System.Numerics.BitOperations.RoundUpToPowerOf2(nr + 1);
        nr *= (uint)(1024 / BYTES_PER_POINTER);
        nr = (nr + BITS_PER_LONG - 1) & ~(ulong)(BITS_PER_LONG - 1);

        /* never more than fs.nr_open */
        if (nr > sysctl_nr_open)
            nr = ((sysctl_nr_open - 1) | (BITS_PER_LONG - 1)) + 1;

        if (nr > int.MaxValue / BYTES_PER_POINTER)
            return ERR_PTR<fdtable>(-errno.EMFILE);

        var fdt = this.kmalloc<fdtable>(GFP_KERNEL_ACCOUNT);
        if (fdt == null)
            goto @out;
        fdt.max_fds = (uint)nr;
        var fd = this.kvmalloc_array(GFP_KERNEL_ACCOUNT, () => new @file?[nr]);
        if (fd == null)
            goto out_fdt;
        fdt.fd_base = fd;

        /* one allocation for the three bitmaps: open_fds, close_on_exec, full_fds_bits (fdtable.cs) */
        var data = this.kvmalloc_array(GFP_KERNEL_ACCOUNT, () => new ulong[fd_bitmaps_size((uint)nr)]);
        if (data == null)
            goto out_arr;
        fdt.bitmap_base = data;
        return fdt;

    out_arr:
        this.kvfree(fdt.fd_base);
    out_fdt:
        this.kfree(fdt);
    @out:
        return ERR_PTR<fdtable>(-errno.ENOMEM);
    }

    /*
     * expand_fdtable: replaces the table with a larger one. The lock is
     * dropped around the allocation; readers still using the old table are
     * waited for when the table is shared, and the old table (unless it is
     * the embedded one) is freed after a grace period.
     */
    [__must_hold("files.file_lock")]
    private int expand_fdtable(files_struct files, uint nr)
    {
        fdtable new_fdt, cur_fdt;

        this.spin_unlock(files.file_lock);
        new_fdt = this.alloc_fdtable(nr + 1);

        /* make sure every fd_install on the old table is done before we copy it */
        if (READ_ONCE(ref files.count) > 1)
            this.synchronize_rcu();

        this.spin_lock(files.file_lock);
        if (IS_ERR(new_fdt))
            return (int)PTR_ERR(new_fdt);
        cur_fdt = files_fdtable(files);
        this.BUG_ON(nr < cur_fdt.max_fds);
        copy_fdtable(new_fdt, cur_fdt);
        rcu_assign_pointer(ref files.fdt, new_fdt);
        if (cur_fdt != files.fdtab)
            this.call_rcu(cur_fdt.rcu, this.free_fdtable_rcu);
        /* coupled with smp_rmb() in fd_install() */
        smp_wmb();
        return 1;
    }

    /* expand_files: makes descriptor nr fit; 0 if it already did, 1 if the table grew */
    [__must_hold("files.file_lock")]
    private int expand_files(files_struct files, uint nr)
    {
        fdtable fdt;
        int error;

    repeat:
        fdt = files_fdtable(files);

        /* big enough already */
        if (nr < fdt.max_fds)
            return 0;

        if (files.resize_in_progress)
        {
            /* the kernel sleeps on resize_wait; the port spins until the resizer is done */
            this.spin_unlock(files.file_lock);
            var spin = default(SpinWait);
            while (READ_ONCE(ref files.resize_in_progress))
                spin.SpinOnce();
            this.spin_lock(files.file_lock);
            goto repeat;
        }

        /* not past the hard limit */
        if (nr >= sysctl_nr_open)
            return -errno.EMFILE;

        files.resize_in_progress = true;
        error = this.expand_fdtable(files, nr);
        WRITE_ONCE(ref files.resize_in_progress, false);

        this.wake_up_all(files.resize_wait);
        return error;
    }

    private static void __set_close_on_exec(uint fd, fdtable fdt, bool set)
    {
        if (set)
        {
            __set_bit(fd, fdt.close_on_exec);
        }
        else
        {
            if (test_bit(fd, fdt.close_on_exec))
                __clear_bit(fd, fdt.close_on_exec);
        }
    }

    private static void __set_open_fd(uint fd, fdtable fdt, bool set)
    {
        __set_bit(fd, fdt.open_fds);
        __set_close_on_exec(fd, fdt, set);
    }

    private static void __clear_open_fd(uint fd, fdtable fdt)
    {
        __clear_bit(fd, fdt.open_fds);
        __clear_bit(fd / BITS_PER_LONG, fdt.full_fds_bits);
    }

    private static uint count_open_files(fdtable fdt)
    {
        var last = find_last_bit(fdt.open_fds, fdt.max_fds);
        return last == fdt.max_fds ? 0 : last + 1;
    }

    /*
     * dup_fd: a copy of oldf for a forked task. Every open file gets one
     * more reference; reserved but not yet installed descriptors are not
     * copied as open.
     */
    [return: __returns_ref]
    public files_struct dup_fd(files_struct oldf)
    {
        files_struct? newf;
        fdtable old_fdt, new_fdt;
        uint open_files, i;

        newf = this.kmem_cache_alloc(this.files_cachep!, GFP_KERNEL, () => new files_struct());
        if (newf == null)
            return ERR_PTR<files_struct>(-errno.ENOMEM);
        new_fdt = newf.fdtab;

        this.spin_lock(oldf.file_lock);
        old_fdt = files_fdtable(oldf);
        open_files = count_open_files(old_fdt);

        /* grow the new table until the old one's open descriptors fit */
        while (open_files > new_fdt.max_fds)
        {
            this.spin_unlock(oldf.file_lock);
            if (new_fdt != newf.fdtab)
                this.__free_fdtable(new_fdt);
            new_fdt = this.alloc_fdtable(open_files - 1);
            if (IS_ERR(new_fdt))
            {
                this.kmem_cache_free(this.files_cachep!, newf);
                return ERR_CAST<files_struct>(new_fdt);
            }

            this.spin_lock(oldf.file_lock);
            old_fdt = files_fdtable(oldf);
            open_files = count_open_files(old_fdt);
        }

        copy_fd_bitmaps(new_fdt, old_fdt, open_files);

        for (i = 0; i < open_files; i++)
        {
            var f = old_fdt.fd[i];
            if (f != null)
            {
                f = this.get_file(f);
            }
            else
            {
                /* reserved by get_unused_fd_flags and not installed: not open in the copy */
                __clear_open_fd(i, new_fdt);
            }

            new_fdt.fd[i] = f;
        }

        this.spin_unlock(oldf.file_lock);

        newf.fdt = new_fdt;
        return newf;
    }

    /* close_files: drops every file of a table nobody else can see any more */
    private void close_files(files_struct files)
    {
        /* the last reference is gone, so no lock is needed */
        var fdt = files.fdt;
        uint i;

        for (i = 0; i < fdt.max_fds; i++)
        {
            var file = fdt.fd[i];
            if (file != null)
            {
                fdt.fd[i] = null;
                this.filp_close(file, files);
            }
        }
    }

    /* put_files_struct: the last reference closes every file and frees the table */
    public void put_files_struct([__releases_ref] files_struct files)
    {
        if (atomic_dec_and_test(ref files.count))
        {
            this.close_files(files);
            var fdt = files.fdt;
            if (fdt != files.fdtab)
                this.__free_fdtable(fdt);
            this.kmem_cache_free(this.files_cachep!, files);
        }
    }

    /* find_next_fd: the lowest descriptor at or above start that is not open */
    private static uint find_next_fd(fdtable fdt, uint start) => find_next_zero_bit(fdt.open_fds, fdt.max_fds, start);

    /* alloc_fd: reserves the lowest free descriptor in [start, end) */
    private int alloc_fd(uint start, uint end, int flags)
    {
        var files = this.current.files!;
        uint fd;
        int error;
        fdtable fdt;

        this.spin_lock(files.file_lock);
    repeat:
        fdt = files_fdtable(files);
        fd = start;
        if (fd < files.next_fd)
            fd = files.next_fd;

        if (fd < fdt.max_fds)
            fd = find_next_fd(fdt, fd);

        /* tasks sharing the table share this limit */
        error = -errno.EMFILE;
        if (fd >= end)
            goto @out;

        if (fd >= fdt.max_fds)
        {
            error = this.expand_files(files, fd);
            if (error < 0)
                goto @out;
            goto repeat;
        }

        if (start <= files.next_fd)
            files.next_fd = fd + 1;

        __set_open_fd(fd, fdt, (flags & O_CLOEXEC) != 0);
        error = (int)fd;

    @out:
        this.spin_unlock(files.file_lock);
        return error;
    }

    public int __get_unused_fd_flags(int flags, uint nofile) => this.alloc_fd(0, nofile, flags);

    /* get_unused_fd_flags: reserves the lowest free descriptor of current */
    public int get_unused_fd_flags(int flags) => this.__get_unused_fd_flags(flags, (uint)this.rlimit(RLIMIT_NOFILE));

    [__must_hold("files.file_lock")]
    private static void __put_unused_fd(files_struct files, uint fd)
    {
        var fdt = files_fdtable(files);
        __clear_open_fd(fd, fdt);
        if (fd < files.next_fd)
            files.next_fd = fd;
    }

    /* put_unused_fd: gives back a reserved descriptor that was never installed */
    public void put_unused_fd(uint fd)
    {
        var files = this.current.files!;
        this.spin_lock(files.file_lock);
        __put_unused_fd(files, fd);
        this.spin_unlock(files.file_lock);
    }

    /*
     * fd_install: puts the file into a reserved slot, consuming the caller's
     * reference. The slot must be empty; while a resize is in progress the
     * lock is taken so the store cannot land in a table being copied.
     */
    public void fd_install(uint fd, [__consumes] @file file)
    {
        var files = this.current.files!;
        fdtable fdt;

        this.rcu_read_lock();
        if (READ_ONCE(ref files.resize_in_progress))
        {
            this.rcu_read_unlock();
            this.spin_lock(files.file_lock);
            fdt = files_fdtable(files);
            this.BUG_ON(fdt.fd[fd] != null);
            rcu_assign_pointer(ref fdt.fd[fd], file);
            this.spin_unlock(files.file_lock);
            return;
        }

        /* pairs with the barrier at the end of expand_fdtable */
        smp_rmb();
        fdt = files_fdtable(files);
        this.BUG_ON(fdt.fd[fd] != null);
        rcu_assign_pointer(ref fdt.fd[fd], file);
        this.rcu_read_unlock();
    }

    /* file_close_fd_locked: takes the file out of its slot; the caller holds file_lock */
    [__must_hold("files.file_lock")]
    private @file? file_close_fd_locked(files_struct files, uint fd)
    {
        var fdt = files_fdtable(files);
        @file? file;

        this.lockdep_assert_held(files.file_lock);

        if (fd >= fdt.max_fds)
            return null;

        file = fdt.fd[fd];
        if (file != null)
        {
            WRITE_ONCE(ref fdt.fd[fd], null);
            __put_unused_fd(files, fd);
        }

        return file;
    }

    /* close_fd: closes a descriptor of current */
    public int close_fd(uint fd)
    {
        var files = this.current.files!;
        @file? file;

        this.spin_lock(files.file_lock);
        file = this.file_close_fd_locked(files, fd);
        this.spin_unlock(files.file_lock);
        if (file == null)
            return -errno.EBADF;

        return this.filp_close(file, files);
    }

    /* file_close_fd: takes a file out of current's table without closing it */
    [return: __returns_ref]
    public @file? file_close_fd(uint fd)
    {
        var files = this.current.files!;
        @file? file;

        this.spin_lock(files.file_lock);
        file = this.file_close_fd_locked(files, fd);
        this.spin_unlock(files.file_lock);

        return file;
    }

    /*
     * __fget_files_rcu: the file in slot fd with a new reference. The slot
     * is read without the lock; a file whose count already dropped to zero
     * is on its way out and is treated as absent, and a slot that changed
     * under us is looked up again.
     */
    private @file? __fget_files_rcu(files_struct files, uint fd, uint mask)
    {
        while (true)
        {
            var fdt = files_fdtable(files);
            @file? file;

            if (fd >= fdt.max_fds)
                return null;

            file = READ_ONCE(ref fdt.fd[fd]);
            if (file == null)
                return null;

            /* a file being torn down cannot be revived */
            if (!file_ref_get(file))
                continue;

            /* the table or the slot changed meanwhile: try again */
            if (file != READ_ONCE(ref files_fdtable(files).fd[fd]) || fdt != files_fdtable(files))
            {
                this.fput(file);
                continue;
            }

            /* the caller does not want files of this mode (O_PATH files for most) */
            if ((file.f_mode & mask) != 0)
            {
                this.fput(file);
                return null;
            }

            return file;
        }
    }

    private @file? __fget_files(files_struct files, uint fd, uint mask)
    {
        @file? file;

        this.rcu_read_lock();
        file = this.__fget_files_rcu(files, fd, mask);
        this.rcu_read_unlock();

        return file;
    }

    private @file? __fget(uint fd, uint mask) => this.current.files == null ? null : this.__fget_files(this.current.files, fd, mask);

    /* fget: current's file for fd with a reference; O_PATH files are refused */
    [return: __returns_ref]
    public @file? fget(uint fd) => this.__fget(fd, FMODE_PATH);

    /* fget_raw: as fget, O_PATH files included */
    [return: __returns_ref]
    public @file? fget_raw(uint fd) => this.__fget(fd, 0);

    /* fget_task: another task's file for fd, with a reference */
    [return: __returns_ref]
    public @file? fget_task(task_struct task, uint fd)
    {
        @file? file = null;

        this.task_lock(task);
        if (task.files != null)
            file = this.__fget_files(task.files, fd, 0);
        this.task_unlock(task);

        return file;
    }

    /*
     * __fget_light: a single-threaded table cannot lose the file under us,
     * so the table's reference is borrowed; a shared one gets a real reference.
     */
    private fd __fget_light(uint fd, uint mask)
    {
        var files = this.current.files;
        @file? file;

        if (files == null)
            return default;

        if (READ_ONCE(ref files.count) == 1)
        {
            var fdt = files_fdtable(files);
            file = fd < fdt.max_fds ? READ_ONCE(ref fdt.fd[fd]) : null;
            if (file == null || (file.f_mode & mask) != 0)
                return default;
            return new fd { kernel = this, file = file, needs_put = false };
        }
        else
        {
            file = this.__fget_files(files, fd, mask);
            if (file == null)
                return default;
            return new fd { kernel = this, file = file, needs_put = true };
        }
    }

    /* fdget: CLASS(fd, f)(fd) */
    public fd fdget(int fd) => fd < 0 ? default : this.__fget_light((uint)fd, FMODE_PATH);

    /* fdget_raw: CLASS(fd_raw, f)(fd) */
    public fd fdget_raw(int fd) => fd < 0 ? default : this.__fget_light((uint)fd, 0);

    /* set_close_on_exec: FD_CLOEXEC on or off (fcntl F_SETFD, FIOCLEX) */
    public void set_close_on_exec(uint fd, bool flag)
    {
        var files = this.current.files!;
        this.spin_lock(files.file_lock);
        __set_close_on_exec(fd, files_fdtable(files), flag);
        this.spin_unlock(files.file_lock);
    }

    /* get_close_on_exec: fcntl F_GETFD */
    public bool get_close_on_exec(uint fd)
    {
        bool res;
        this.rcu_read_lock();
        res = close_on_exec(fd, this.current.files!);
        this.rcu_read_unlock();
        return res;
    }

    /*
     * receive_fd: installs a file passed to this task (SCM_RIGHTS,
     * pidfd_getfd) under a new descriptor; the caller keeps its reference.
     */
    public int receive_fd(@file file, int[]? ufd, uint o_flags)
    {
        int new_fd;

        new_fd = this.get_unused_fd_flags((int)o_flags);
        if (new_fd < 0)
            return new_fd;

        if (ufd != null)
        {
            if (ufd.Length < 1)
            {
                this.put_unused_fd((uint)new_fd);
                return -errno.EFAULT;
            }

            ufd[0] = new_fd;
        }

        this.fd_install((uint)new_fd, this.get_file(file));
        return new_fd;
    }

    /*
     * f_dupfd: fcntl F_DUPFD / F_DUPFD_CLOEXEC - the lowest free descriptor
     * at or above from, sharing the file.
     */
    public int f_dupfd(uint from, @file file, uint flags)
    {
        var nofile = this.rlimit(RLIMIT_NOFILE);
        int err;

        if (from >= nofile)
            return -errno.EINVAL;
        err = this.alloc_fd(from, (uint)System.Math.Min(nofile, uint.MaxValue), (int)flags);
        if (err >= 0)
            this.fd_install((uint)err, this.get_file(file));
        return err;
    }

    /* kernel/fork.c: copy_files - the child shares (CLONE_FILES) or copies current's table */
    public int copy_files(ulong clone_flags, task_struct tsk, bool no_files)
    {
        files_struct? oldf, newf;

        /* a background process may not have any files ... */
        oldf = this.current.files;
        if (oldf == null)
            return 0;

        if (no_files)
        {
            tsk.files = null;
            return 0;
        }

        if ((clone_flags & CLONE_FILES) != 0)
        {
            /* the kernel's child got the pointer with the copied task_struct */
            atomic_inc(ref oldf.count);
            tsk.files = oldf;
            return 0;
        }

        newf = this.dup_fd(oldf);
        if (IS_ERR(newf))
            return (int)PTR_ERR(newf);

        tsk.files = newf;
        return 0;
    }

    /* kernel/exit.c: exit_files - the task lets go of its table */
    public void exit_files(task_struct tsk)
    {
        var files = tsk.files;

        if (files != null)
        {
            this.task_lock(tsk);
            tsk.files = null;
            this.task_unlock(tsk);
            this.put_files_struct(files);
        }
    }

    /// <summary>do_close_on_exec: exec closes every close-on-exec descriptor of the (unshared) table.</summary>
    /// <param name="files">The table.</param>
    public void do_close_on_exec(files_struct files)
    {
        uint i;
        fdtable fdt;

        /* exec unshares first */
        this.spin_lock(files.file_lock);
        for (i = 0; ; i++)
        {
            ulong set;
            var fd = i * 64;
            fdt = files_fdtable(files);
            if (fd >= fdt.max_fds)
                break;
            set = fdt.close_on_exec[(int)i];
            if (set == 0)
                continue;
            fdt.close_on_exec[(int)i] = 0;
            for (; set != 0; fd++, set >>= 1)
            {
                @file? file;
                if ((set & 1) == 0)
                    continue;
                file = fdt.fd[fd];
                if (file == null)
                    continue;
                WRITE_ONCE(ref fdt.fd[fd], null);
                __put_unused_fd(files, fd);
                this.spin_unlock(files.file_lock);
                this.filp_close(file, files);
                this.spin_lock(files.file_lock);
            }
        }

        this.spin_unlock(files.file_lock);
    }
}
