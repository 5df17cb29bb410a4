// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Buffers.Binary;
using System.Globalization;
using Linux;

namespace Kpidfs.Bench;

/// <summary>
/// The model side of the benchmark: a booted kernel with a shell task, a target task forked from it, and a
/// pidfd of the target that the per-fd operations use. Every operation runs as shell's system calls
/// through <see cref="vmlinux.syscall"/>, the model's user/kernel boundary.
/// </summary>
internal sealed class ModelSide : IDisposable
{
    private readonly vmlinux k;
    private readonly task_struct shell;
    private readonly task_struct target;
    private readonly int fd;
    private readonly file_handle fh = new(128);
    private readonly ulong[] mntId = new ulong[1];
    private readonly stat st = new();
    private readonly byte[] info = new byte[vmlinux.PIDFD_INFO_SIZE_VER2];
    private readonly pollfd[] fds = new pollfd[1];
    private readonly Func<long> open;
    private readonly Func<long> fstatFd;
    private readonly Func<long> closeNew;
    private readonly Func<long> toHandle;
    private readonly Func<long> byHandle;
    private readonly Func<long> getInfo;
    private readonly Func<long> fstatFixed;
    private readonly Func<long> signal0;
    private readonly Func<long> poll;
    private readonly Func<long> allocFree;
    private readonly Func<long> exitGroup;
    private readonly Func<long> reap;
    private readonly Func<long> byHandleOfTask;
    private readonly Func<long> openTaskNr;
    private readonly task_struct[] spread;
    private readonly int[] spreadFds;
    private readonly file_handle[] spreadHandles;
    private readonly ulong[] wideKeys;
    private readonly rb_root dense = vmlinux.RB_ROOT();
    private int newFd;
    private int batch;
    private int child;
    private int stride = 1;
    private int next;
    private int nextWide;
    private int nextWalk;
    private file_handle? taskHandle;
    private int taskNr;

    /// <summary>Initializes a new instance of the <see cref="ModelSide"/> class: boots and forks shell and target.</summary>
    /// <param name="livePids">How many struct pids to keep alive in all (for the lookup scaling), 0 for just the tasks'.</param>
    /// <param name="spread">How many of those are live tasks, forked at even steps through the population, each with a pidfd open, that <see cref="OpenByHandleSpread"/> and <see cref="OpenSpread"/> go round.</param>
    /// <param name="wide">How many such tasks <see cref="OpenByHandleWide"/> goes round (a working set bigger than the caches).</param>
    public ModelSide(int livePids = 0, int spread = 0, int wide = 0)
    {
        this.k = vmlinux.boot();
        var k = this.k;
        k.syscall(k.init_process, () => k.sysctl_write("kernel/pid_max", vmlinux.PID_MAX_LIMIT.ToString(CultureInfo.InvariantCulture)));
        this.shell = Check(k.fork(k.init_process, "shell"));
        this.target = Check(k.fork(this.shell, "target"));
        wide = Math.Max(0, Math.Min(Math.Max(spread, wide), livePids / 2));
        this.stride = spread > 0 && wide > 0 ? Math.Max(1, wide / spread) : 1;
        this.Spread = wide == 0 ? 0 : ((wide - 1) / this.stride) + 1;
        this.spread = new task_struct[wide];
        this.spreadFds = new int[wide];
        this.spreadHandles = new file_handle[wide];
        this.wideKeys = new ulong[wide];
        var fillers = new System.Collections.Generic.List<pid>();
        var first = this.LivePids;
        for (var i = 0; i < wide; i++)
        {
            /* pid numbers and inode numbers are handed out in order: task i goes at step i + 1 of wide + 1 equal steps */
            fillers.AddRange(this.Fill(first + (int)((i + 1L) * (livePids - first) / (wide + 1)) - 1));
            this.spread[i] = Check(k.fork(this.shell, "spread"));
        }

        fillers.AddRange(livePids > 0 ? this.Fill(livePids) : []);
        this.Fillers = [.. fillers];
        this.fd = (int)this.Sys(() => k.sys_pidfd_open(this.target.pid, 0));
        if (this.fd < 0)
        {
            throw new InvalidOperationException("model: pidfd_open of the target failed: " + this.fd);
        }

        this.fds[0] = new pollfd { fd = this.fd, events = (short)(vmlinux.EPOLLIN | vmlinux.EPOLLRDNORM) };
        this.open = () => this.newFd = (int)k.sys_pidfd_open(this.target.pid, 0);
        this.fstatFd = () => k.sys_fstat(this.newFd, this.st);
        this.closeNew = () => k.sys_close((uint)this.newFd);
        this.toHandle = () =>
        {
            this.fh.handle_bytes = 128;
            return k.sys_name_to_handle_at(this.fd, string.Empty, this.fh, this.mntId, vmlinux.AT_EMPTY_PATH);
        };
        this.byHandle = () => this.newFd = (int)k.sys_open_by_handle_at(this.fd, this.fh, 0);
        this.byHandleOfTask = () => this.newFd = (int)k.sys_open_by_handle_at(this.fd, this.taskHandle!, 0);
        this.openTaskNr = () => this.newFd = (int)k.sys_pidfd_open(this.taskNr, 0);
        this.getInfo = () =>
        {
            BinaryPrimitives.WriteUInt64LittleEndian(this.info, vmlinux.PIDFD_INFO_PID | vmlinux.PIDFD_INFO_CREDS | vmlinux.PIDFD_INFO_CGROUPID);
            return k.sys_ioctl((uint)this.fd, vmlinux.PIDFD_GET_INFO, this.info);
        };
        this.fstatFixed = () => k.sys_fstat(this.fd, this.st);
        this.signal0 = () => k.sys_pidfd_send_signal(this.fd, 0, null, 0);
        this.poll = () => k.sys_poll(this.fds, 1, 0);
        this.allocFree = () =>
        {
            for (var i = 0; i < this.batch; i++)
            {
                k.free_pid(k.alloc_pid(k.init_pid_ns, null, 0));
            }

            return 0;
        };
        this.exitGroup = () => k.sys_exit_group(0);
        this.reap = () => k.sys_wait4(this.child, null, 0);
        for (var i = 0; i < wide; i++)
        {
            var t = this.spread[i];
            this.wideKeys[i] = vmlinux.task_pid(t)!.ino;
            var h = this.spreadHandles[i] = new file_handle(128) { handle_bytes = 128 };
            this.spreadFds[i] = (int)this.Sys(() => k.sys_pidfd_open(t.pid, 0));
            if (this.spreadFds[i] < 0 || this.Sys(() => k.sys_name_to_handle_at(this.spreadFds[i], string.Empty, h, this.mntId, vmlinux.AT_EMPTY_PATH)) < 0)
            {
                throw new InvalidOperationException("model: pidfd or handle of a spread task failed");
            }
        }

        if (wide > 0)
        {
            this.BuildDense();
        }
    }

    /// <summary>Gets the struct pids held alive for the lookup scaling.</summary>
    public pid[] Fillers { get; }

    /// <summary>Gets how many live tasks, spread over the population, <see cref="OpenByHandleSpread"/> and <see cref="OpenSpread"/> go round.</summary>
    public int Spread { get; }

    /// <summary>Gets how many live tasks, spread over the population, <see cref="OpenByHandleWide"/> goes round.</summary>
    public int Wide => this.spread.Length;

    /// <summary>Gets how many struct pids are alive (pid 0 included).</summary>
    public int LivePids => (int)(this.k.init_pid_ns.pid_allocated & ~vmlinux.PIDNS_ADDING) + 1; /* + init_struct_pid */

    /// <summary>pidfd_open(target) and close, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void OpenClose(int n)
    {
        for (var i = 0; i < n; i++)
        {
            this.Sys(this.open);
            this.Sys(this.closeNew);
        }
    }

    /// <summary>pidfd_open(target), fstat and close, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void OpenStatClose(int n)
    {
        for (var i = 0; i < n; i++)
        {
            this.Sys(this.open);
            this.Sys(this.fstatFd);
            this.Sys(this.closeNew);
        }
    }

    /// <summary>name_to_handle_at, open_by_handle_at (the pidfd as mount fd) and close, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void HandleRoundTrip(int n)
    {
        for (var i = 0; i < n; i++)
        {
            this.Sys(this.toHandle);
            this.Sys(this.byHandle);
            this.Sys(this.closeNew);
        }
    }

    /// <summary>open_by_handle_at of the target's handle and close, n times (the handle is encoded once).</summary>
    /// <param name="n">Repetitions.</param>
    public void OpenByHandleClose(int n)
    {
        this.Sys(this.toHandle);
        for (var i = 0; i < n; i++)
        {
            this.Sys(this.byHandle);
            this.Sys(this.closeNew);
        }
    }

    /// <summary>open_by_handle_at and close, n times, each time of the next spread task's handle (round robin).</summary>
    /// <param name="n">Repetitions.</param>
    public void OpenByHandleSpread(int n)
    {
        for (var i = 0; i < n; i++)
        {
            this.OpenTaskByHandle(this.spreadHandles[this.Next()]);
        }
    }

    /// <summary>open_by_handle_at and close, n times, going round all <see cref="Wide"/> tasks' handles.</summary>
    /// <param name="n">Repetitions.</param>
    public void OpenByHandleWide(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var h = this.spreadHandles[this.nextWide];
            this.nextWide = this.nextWide + 1 == this.spread.Length ? 0 : this.nextWide + 1;
            this.OpenTaskByHandle(h);
        }
    }

    /// <summary>
    /// The lookup's tree walk alone, n times, going round the wide set's keys: rb_find_rcu over pidfs_ino_tree
    /// with pidfs's own comparator, as pidfs_ino_get_pid walks, without the rest of open_by_handle_at.
    /// </summary>
    /// <param name="n">Repetitions.</param>
    public void WalkWide(int n) => this.Walk(n, this.k.pidfs_ino_tree, vmlinux.pidfs_ino_find);

    /// <summary>
    /// The same walk over <see cref="BuildDense"/>'s tree: the same keys and tree shape, nodes that hold only
    /// the rb_node and the key, allocated back to back. What any rb-tree of this size costs on this machine.
    /// </summary>
    /// <param name="n">Repetitions.</param>
    public void WalkDense(int n) => this.Walk(n, this.dense, DenseFind);

    /// <summary>pidfd_open by number and close, n times, each time of the next spread task (round robin).</summary>
    /// <param name="n">Repetitions.</param>
    public void OpenSpread(int n)
    {
        for (var i = 0; i < n; i++)
        {
            this.taskNr = this.spread[this.Next()].pid;
            this.Sys(this.openTaskNr);
            this.Sys(this.closeNew);
        }
    }

    /// <summary>ioctl(PIDFD_GET_INFO), n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void GetInfo(int n) => this.Repeat(this.getInfo, n);

    /// <summary>fstat on the pidfd, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void Fstat(int n) => this.Repeat(this.fstatFixed, n);

    /// <summary>pidfd_send_signal(fd, 0), n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void Signal0(int n) => this.Repeat(this.signal0, n);

    /// <summary>poll on the pidfd with a zero timeout, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void Poll(int n) => this.Repeat(this.poll, n);

    /// <summary>fork (clone with SIGCHLD), the child's exit_group(0), the parent's wait4, n times.</summary>
    /// <param name="n">Repetitions.</param>
    public void ForkExitWait(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var c = Check(this.k.clone(this.shell, new kernel_clone_args { exit_signal = vmlinux.SIGCHLD }));
            this.child = c.pid;
            this.k.syscall(c, this.exitGroup);
            this.Sys(this.reap);
        }
    }

    /// <summary>
    /// Runs the RCU callbacks the batch queued (a freed pid's last put, a task's delayed put): they are the batch's
    /// cost, and left queued they would run at the next operation's first system call and be counted there.
    /// </summary>
    public void Drain() => this.k.rcu_barrier();

    /// <summary>alloc_pid+free_pid in the initial namespace, n pairs in one system call.</summary>
    /// <param name="n">Repetitions.</param>
    public void AllocFree(int n)
    {
        this.batch = n;
        this.Sys(this.allocFree);
    }

    /// <summary>Heap bytes one more live struct pid costs: GC heap delta over <paramref name="count"/> pids.</summary>
    /// <param name="count">How many pids to hold alive at once.</param>
    /// <returns>Bytes per pid.</returns>
    public double BytesPerPid(int count)
    {
        var k = this.k;
        var pids = new pid[count];
        var before = GC.GetTotalMemory(true);
        this.Sys(() =>
        {
            for (var i = 0; i < count; i++)
            {
                pids[i] = k.alloc_pid(k.init_pid_ns, null, 0);
            }

            return 0;
        });
        var after = GC.GetTotalMemory(true);
        this.Sys(() =>
        {
            foreach (var p in pids)
            {
                k.free_pid(p);
            }

            return 0;
        });
        k.rcu_barrier();
        return (after - before) / (double)count;
    }

    /// <summary>Heap bytes one more forked task costs (its struct pid included): GC heap delta over <paramref name="count"/> forks.</summary>
    /// <param name="count">How many children to hold alive at once.</param>
    /// <returns>Bytes per task.</returns>
    public double BytesPerTask(int count)
    {
        var children = new task_struct[count];
        var before = GC.GetTotalMemory(true);
        for (var i = 0; i < count; i++)
        {
            children[i] = Check(this.k.clone(this.shell, new kernel_clone_args { exit_signal = vmlinux.SIGCHLD }));
        }

        var after = GC.GetTotalMemory(true);
        foreach (var c in children)
        {
            this.child = c.pid;
            this.k.syscall(c, this.exitGroup);
            this.Sys(this.reap);
        }

        this.k.rcu_barrier();
        return (after - before) / (double)count;
    }

    /// <summary>Closes the fixture pidfds, frees the fillers, ends target and the spread tasks.</summary>
    public void Dispose()
    {
        var k = this.k;
        this.Sys(() => k.sys_close((uint)this.fd));
        foreach (var f in this.spreadFds)
        {
            this.Sys(() => k.sys_close((uint)f));
        }

        foreach (var t in this.spread)
        {
            k.syscall(t, this.exitGroup);
            this.child = t.pid;
            this.Sys(this.reap);
        }

        if (this.Fillers.Length > 0)
        {
            this.Sys(() =>
            {
                foreach (var p in this.Fillers)
                {
                    k.free_pid(p);
                }

                return 0;
            });
        }

        k.syscall(this.target, this.exitGroup);
        this.child = this.target.pid;
        this.Sys(this.reap);
        k.rcu_barrier();
    }

    private static task_struct Check(task_struct t) =>
        vmlinux.IS_ERR(t) ? throw new InvalidOperationException("model: fork failed: " + vmlinux.PTR_ERR(t)) : t;

    private static int DenseFind(ulong key, rb_node node)
    {
        var d = vmlinux.rb_entry<DenseNode>(node);

        if (key < d.Key)
        {
            return -1;
        }

        return key > d.Key ? 1 : 0;
    }

    private static bool DenseLess(rb_node a, rb_node b) => vmlinux.rb_entry<DenseNode>(a).Key < vmlinux.rb_entry<DenseNode>(b).Key;

    private pid[] Fill(int live)
    {
        var k = this.k;
        var want = Math.Max(0, live - this.LivePids);
        var pids = new pid[want];
        var got = 0;
        this.Sys(() =>
        {
            for (; got < want; got++)
            {
                var p = k.alloc_pid(k.init_pid_ns, null, 0);
                if (vmlinux.IS_ERR(p))
                {
                    break;
                }

                pids[got] = p;
            }

            return 0;
        });
        return got == want ? pids : pids[..got];
    }

    /*
     * A tree of the population's size for the reference walk: one node per
     * live pid, inserted in inode-number order as alloc_pid inserted them (so
     * the same red-black shape), each node only an rb_node and its key, the
     * nodes allocated one after another. Its walks cost what the memory of
     * this machine makes any rb-tree of that many nodes cost.
     */
    private void BuildDense()
    {
        for (var node = vmlinux.rb_first(this.k.pidfs_ino_tree); node != null; node = vmlinux.rb_next(node))
        {
            vmlinux.rb_add(new DenseNode(vmlinux.rb_entry<pid>(node).ino), this.dense, DenseLess);
        }
    }

    private void Walk(int n, rb_root tree, Func<ulong, rb_node, int> cmp)
    {
        for (var i = 0; i < n; i++)
        {
            var key = this.wideKeys[this.nextWalk];
            this.nextWalk = this.nextWalk + 1 == this.wideKeys.Length ? 0 : this.nextWalk + 1;
            if (vmlinux.rb_find_rcu(key, tree, cmp) == null)
            {
                throw new InvalidOperationException("model: a wide key is not in the tree");
            }
        }
    }

    /* one spread task's open_by_handle_at and close, through cached delegates as every other operation (no allocation per lookup) */
    private void OpenTaskByHandle(file_handle h)
    {
        this.taskHandle = h;
        this.Sys(this.byHandleOfTask);
        this.Sys(this.closeNew);
    }

    private int Next()
    {
        var i = this.next;
        this.next = i + this.stride >= this.spread.Length ? 0 : i + this.stride;
        return i;
    }

    private void Repeat(Func<long> call, int n)
    {
        for (var i = 0; i < n; i++)
        {
            this.Sys(call);
        }
    }

    private long Sys(Func<long> call) => this.k.syscall(this.shell, call);
}
