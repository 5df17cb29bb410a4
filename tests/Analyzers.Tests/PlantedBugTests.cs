// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// The planted-bug suite: realistic bugs, each a small kernel-patch-style edit of a real kernel/ file,
/// analysed in memory against the shared kernel (only the edited file is analysed again). A bug is
/// caught when a diagnostic with one of its ids is reported at its line. The suite must catch at least
/// 95% and prints every miss.
/// </summary>
/* dozens of kernel variants: the longest class, so it starts first */
[StartOrder(1)]
public class PlantedBugTests
{
    private const string Pid = "kernel/kernel/pid.cs";
    private const string Fork = "kernel/kernel/fork.cs";
    private const string Exit = "kernel/kernel/exit.cs";
    private const string PidNs = "kernel/kernel/pid_namespace.cs";
    private const string Nsproxy = "kernel/kernel/nsproxy.cs";
    private const string Pidfs = "kernel/fs/pidfs.cs";
    private const string Fhandle = "kernel/fs/fhandle.cs";
    private const string Signal = "kernel/kernel/signal.cs";
    private const string Dcache = "kernel/fs/dcache.cs";
    private const string Libfs = "kernel/fs/libfs.cs";

    private readonly ITestOutputHelper output;

    /// <summary>Initializes a new instance of the <see cref="PlantedBugTests"/> class.</summary>
    /// <param name="output">Where the misses are printed.</param>
    public PlantedBugTests(ITestOutputHelper output) => this.output = output;

    /// <summary>Gets the bugs the analyzers do not catch yet (each is a gap to close, listed in the report).</summary>
    public static IReadOnlyList<string> KnownMisses { get; } = Array.Empty<string>();

    /// <summary>Gets the bugs: name, file, the function's signature, find, replace, accepted ids ("a|b"), the text of the expected line (null: the edited line).</summary>
    public static IReadOnlyList<Bug> Bugs { get; } = new[]
    {
        // lock balance and double acquire
        new Bug("free_pid loses its unlock", Pid, " free_pid(", "        this.spin_unlock(this.pidmap_lock);\n", string.Empty, "KRN1001", "this.spin_lock(this.pidmap_lock);"),
        new Bug("free_pid takes pidmap_lock twice", Pid, " free_pid(", "this.spin_lock(this.pidmap_lock);", "this.spin_lock(this.pidmap_lock); this.spin_lock(this.pidmap_lock);", "KRN1002"),
        new Bug("alloc_pid's out_unlock label loses its unlock", Pid, " alloc_pid(", "    out_unlock:\n        this.spin_unlock(this.pidmap_lock);\n", "    out_unlock:\n", "KRN1011|KRN1002", "this.spin_lock(this.pidmap_lock);\n        while (++i"),
        new Bug("alloc_pid returns with pidmap_lock on success", Pid, " alloc_pid(", "        this.spin_unlock(this.pidmap_lock);\n        idr_preload_end();\n        ns_ref_active_get(ns.ns);", "        idr_preload_end();\n        ns_ref_active_get(ns.ns);", "KRN1001", "this.spin_lock(this.pidmap_lock);\n        if ((ns.pid_allocated"),
        new Bug("disable_pid_allocation unlocks twice", Pid, " disable_pid_allocation(", "        this.spin_unlock(this.pidmap_lock);\n", "        this.spin_unlock(this.pidmap_lock);\n        this.spin_unlock(this.pidmap_lock);\n", "KRN1003", "this.spin_unlock(this.pidmap_lock);\n    }"),
        new Bug("get_task_pid leaves the RCU read side held", Pid, " get_task_pid(", "        this.rcu_read_unlock();\n", string.Empty, "KRN1001", "this.rcu_read_lock();"),
        new Bug("copy_sighand forgets siglock", Fork, " copy_sighand(", "        this.spin_unlock_irq(this.current.sighand.siglock);\n", string.Empty, "KRN1001", "this.spin_lock_irq(this.current.sighand!.siglock);"),
        new Bug("copy_signal task_lock without unlock", Fork, " copy_signal(", "        this.task_unlock(this.current.group_leader);\n", string.Empty, "KRN1001", "this.task_lock(this.current.group_leader);"),
        new Bug("copy_process bad_fork_core_free keeps siglock", Fork, " copy_process(", "    bad_fork_core_free:\n        this.spin_unlock(this.current.sighand.siglock);\n", "    bad_fork_core_free:\n", "KRN1001|KRN1011", "this.spin_lock(this.current.sighand!.siglock);"),
        new Bug("__exit_signal keeps stats_lock", Exit, " __exit_signal(", "        this.spin_unlock(sig.stats_lock);\n", string.Empty, "KRN1001", "this.spin_lock(sig.stats_lock);"),
        new Bug("exit_mm's task_lock taken twice", Exit, " exit_mm(", "        this.task_lock(this.current);\n", "        this.task_lock(this.current);\n        this.task_lock(this.current);\n", "KRN1002", "this.task_lock(this.current);\n        this.local_irq_disable();"),
        new Bug("exchange_namespaces unlocks twice", Nsproxy, "        this.task_lock(p);\n        ns = p.nsproxy;", "        this.task_unlock(p);\n", "        this.task_unlock(p);\n        this.task_unlock(p);\n", "KRN1003", "this.task_unlock(p);\n\n"),
        new Bug("zap_pid_ns_processes keeps tasklist_lock", PidNs, " zap_pid_ns_processes(", "        this.read_unlock(this.tasklist_lock);\n        this.rcu_read_unlock();", "        this.rcu_read_unlock();", "KRN1001", "this.read_lock(this.tasklist_lock);"),
        new Bug("create_pid_cachep keeps the mutex on the race path", PidNs, " create_pid_cachep(", "        this.mutex_unlock(this.pid_caches_mutex);\n", string.Empty, "KRN1001", "this.mutex_lock(this.pid_caches_mutex);"),

        // reader/writer forms
        new Bug("copy_process drops tasklist_lock with read_unlock", Fork, " copy_process(", "    bad_fork_core_free:\n        this.spin_unlock(this.current.sighand.siglock);\n        this.write_unlock_irq(this.tasklist_lock);", "    bad_fork_core_free:\n        this.spin_unlock(this.current.sighand.siglock);\n        this.read_unlock(this.tasklist_lock);", "KRN1007", "this.read_unlock(this.tasklist_lock);"),
        new Bug("zap_pid_ns_processes drops the read lock with write_unlock", PidNs, " zap_pid_ns_processes(", "        this.read_unlock(this.tasklist_lock);\n        this.rcu_read_unlock();", "        this.write_unlock(this.tasklist_lock);\n        this.rcu_read_unlock();", "KRN1007"),

        // contracts at calls, guarded fields
        new Bug("disable_pid_allocation writes pid_allocated unlocked", Pid, " disable_pid_allocation(", "this.spin_lock(this.pidmap_lock);\n        ns.pid_allocated &= ~PIDNS_ADDING;\n        this.spin_unlock(this.pidmap_lock);", "ns.pid_allocated &= ~PIDNS_ADDING;", "KRN1006"),
        new Bug("find_get_pid looks up outside RCU", Pid, " find_get_pid(", "this.rcu_read_lock();\n        pid = this.get_pid(this.find_vpid(nr));", "pid = this.get_pid(this.find_vpid(nr));\n        this.rcu_read_lock();", "KRN1004"),
        new Bug("alloc_pid adds to the pidfs tree after the unlock", Pid, " alloc_pid(", "        this.pidfs_add_pid(pid);\n", string.Empty, "KRN1004", null, "        this.spin_unlock(this.pidmap_lock);\n        idr_preload_end();\n        ns_ref_active_get(ns.ns);", "        this.spin_unlock(this.pidmap_lock);\n        this.pidfs_add_pid(pid);\n        idr_preload_end();\n        ns_ref_active_get(ns.ns);", "this.pidfs_add_pid(pid);"),
        new Bug("free_pid called with tasklist_lock held in __exit_signal", Exit, " __exit_signal(", "        this.spin_lock(sig.stats_lock);\n", "        this.spin_lock(sig.stats_lock);\n        this.free_pid(this.alloc_pid(this.init_pid_ns, null, 0));\n", "KRN1005|KRN2003", "this.free_pid(this.alloc_pid("),
        new Bug("a new helper that frees a pid, called from __unhash_process under tasklist_lock", Exit, " __unhash_process(", "    {\n", "    {\n        this.drop_stale_pid(this.init_struct_pid);\n", "KRN1005|KRN2003", "this.drop_stale_pid(", "    private void exit_mm()", "    private void drop_stale_pid(pid p) => this.free_pid(p);\n\n    private void exit_mm()", null),

        // lock hierarchy: tasklist_lock and pidmap_lock never nest, declared order
        new Bug("alloc_pid under read_lock(tasklist_lock) in copy_process", Fork, " copy_process(", "pid = this.alloc_pid(", "this.read_lock(this.tasklist_lock); pid = this.alloc_pid(", "KRN2003", null, "args.set_tid_size);", "args.set_tid_size); this.read_unlock(this.tasklist_lock);", null),
        new Bug("read_lock(tasklist_lock) inside free_pid's pidmap_lock section", Pid, " free_pid(", "this.spin_lock(this.pidmap_lock);", "this.spin_lock(this.pidmap_lock); this.read_lock(this.tasklist_lock); this.read_unlock(this.tasklist_lock);", "KRN2003"),
        new Bug("tasklist_lock through a local alias, then free_pid", Exit, " __exit_signal(", "        this.spin_lock(sig.stats_lock);\n", "        this.spin_lock(sig.stats_lock);\n        var tl = this.tasklist_lock;\n        this.read_lock(tl);\n        this.free_pid(this.alloc_pid(this.init_pid_ns, null, 0));\n        this.read_unlock(tl);\n", "KRN1005|KRN2003", "this.free_pid(this.alloc_pid("),
        new Bug("disable_pid_allocation takes tasklist_lock under pidmap_lock", Pid, " disable_pid_allocation(", "        ns.pid_allocated &= ~PIDNS_ADDING;\n", "        ns.pid_allocated &= ~PIDNS_ADDING;\n        this.read_lock(this.tasklist_lock);\n        this.read_unlock(this.tasklist_lock);\n", "KRN2003", "this.read_lock(this.tasklist_lock);"),
        new Bug("siglock taken before tasklist_lock", Exit, " __exit_signal(", "        this.spin_lock(sig.stats_lock);\n", "        this.spin_lock(sig.stats_lock);\n        this.read_lock(this.tasklist_lock);\n        this.read_unlock(this.tasklist_lock);\n", "KRN2001|KRN1002", "this.read_lock(this.tasklist_lock);"),
        new Bug("put_pid under pidmap_lock in disable_pid_allocation", Pid, " disable_pid_allocation(", "        ns.pid_allocated &= ~PIDNS_ADDING;\n", "        ns.pid_allocated &= ~PIDNS_ADDING;\n        this.put_pid(this.find_get_pid(1));\n", "KRN4001|KRN2003|KRN2004", "this.put_pid(this.find_get_pid(1));"),
        new Bug("task_lock nested under pidmap_lock (undeclared)", Pid, " disable_pid_allocation(", "        ns.pid_allocated &= ~PIDNS_ADDING;\n", "        ns.pid_allocated &= ~PIDNS_ADDING;\n        this.task_lock(this.current);\n        this.task_unlock(this.current);\n", "KRN2004", "this.task_lock(this.current);"),

        // sleeping in atomic context
        new Bug("idr_alloc_cyclic with GFP_KERNEL under pidmap_lock", Pid, " alloc_pid(", "pid_max, GFP_ATOMIC)", "pid_max, GFP_KERNEL)", "KRN1008"),
        new Bug("mutex_lock under pidmap_lock", Pid, " disable_pid_allocation(", "        ns.pid_allocated &= ~PIDNS_ADDING;\n", "        ns.pid_allocated &= ~PIDNS_ADDING;\n        this.mutex_lock(this.pid_caches_mutex);\n        this.mutex_unlock(this.pid_caches_mutex);\n", "KRN1008", "this.mutex_lock(this.pid_caches_mutex);"),
        new Bug("synchronize_rcu under tasklist_lock", PidNs, " zap_pid_ns_processes(", "        this.read_unlock(this.tasklist_lock);\n        this.rcu_read_unlock();", "        this.synchronize_rcu();\n        this.read_unlock(this.tasklist_lock);\n        this.rcu_read_unlock();", "KRN1008", "this.synchronize_rcu();"),
        new Bug("create_pid_cachep under the RCU read side", PidNs, " zap_pid_ns_processes(", "        this.read_unlock(this.tasklist_lock);\n        this.rcu_read_unlock();", "        this.read_unlock(this.tasklist_lock);\n        this.create_pid_cachep(2);\n        this.rcu_read_unlock();", "KRN1008", "this.create_pid_cachep(2);"),
        new Bug("a GFP_KERNEL allocation under siglock", Exit, " __exit_signal(", "        this.spin_lock(sig.stats_lock);\n", "        this.spin_lock(sig.stats_lock);\n        idr_alloc(this.init_pid_ns.idr, null, 1, 2, GFP_KERNEL);\n", "KRN1008", "idr_alloc(this.init_pid_ns.idr, null, 1, 2, GFP_KERNEL);"),

        new Bug("mnt_alloc_id takes its caller's gfp mask into the mnt_id_lock section, and the caller passes GFP_KERNEL", "kernel/fs/namespace.cs", " mnt_alloc_id(", "idr_alloc(this.mnt_id_xa, mnt, 1, int.MaxValue, GFP_NOWAIT)", "idr_alloc(this.mnt_id_xa, mnt, 1, int.MaxValue, gfp)", "KRN1008", null, "    private int mnt_alloc_id(mount mnt)\n", "    private int mnt_alloc_id(mount mnt) => this.__mnt_alloc_id(mnt, GFP_KERNEL);\n\n    private int __mnt_alloc_id(mount mnt, gfp_t gfp)\n", "this.__mnt_alloc_id(mnt, GFP_KERNEL)"),

        // references
        new Bug("pidfd_get_task puts its pid twice", Pid, " pidfd_get_task(", "this.put_pid(pid);", "this.put_pid(pid); this.put_pid(pid);", "KRN3002"),
        new Bug("pidfd_get_task leaks its pid", Pid, " pidfd_get_task(", "        this.put_pid(pid);\n", string.Empty, "KRN3001", "pid = this.get_task_pid(this.current, type);"),
        new Bug("pidfd_open leaks the pid", Pid, "        p = this.find_get_pid(pid);", "        this.put_pid(p);\n        return fd;", "        return fd;", "KRN3001", "p = this.find_get_pid(pid);"),
        new Bug("pidfd_open uses the pid after the put", Pid, "        p = this.find_get_pid(pid);", "        fd = this.pidfd_create(p, flags);\n\n        this.put_pid(p);", "        this.put_pid(p);\n        fd = this.pidfd_create(p, flags);", "KRN3003", "fd = this.pidfd_create(p, flags);"),
        new Bug("pidfd_open puts through a copy and again", Pid, "        p = this.find_get_pid(pid);", "        this.put_pid(p);\n        return fd;", "        var q = p;\n        this.put_pid(q);\n        this.put_pid(p);\n        return fd;", "KRN3002", "        this.put_pid(p);\n        return fd;"),
        new Bug("pidfd_getfd puts the task twice", Pid, " pidfd_getfd(", "this.put_task_struct(task);", "this.put_task_struct(task); this.put_task_struct(task);", "KRN3002"),
        new Bug("pidfd_getfd leaks the task on the error path", Pid, " pidfd_getfd(", "        this.put_task_struct(task);\n        if (IS_ERR(file))\n            return (int)PTR_ERR(file);", "        if (IS_ERR(file))\n            return (int)PTR_ERR(file);\n        this.put_task_struct(task);", "KRN3001", "task = this.get_pid_task(pid, pid_type.PIDTYPE_PID);"),
        new Bug("pidfd_getfd puts the file twice", Pid, " pidfd_getfd(", "        this.fput(file);\n", "        this.fput(file);\n        this.fput(file);\n", "KRN3002", "this.fput(file);\n\n        return ret;"),
        new Bug("kernel_clone leaks the pid", Fork, " kernel_clone(", "        this.put_pid(pid);\n        return nr;", "        return nr;", "KRN3001", "this.get_task_pid(p,"),
        new Bug("kernel_clone puts the pid twice", Fork, " kernel_clone(", "        this.put_pid(pid);\n        return nr;", "        this.put_pid(pid);\n        this.put_pid(pid);\n        return nr;", "KRN3002", "        this.put_pid(pid);\n        return nr;"),
        new Bug("kernel_clone reads the pid after its put", Fork, " kernel_clone(", "        this.put_pid(pid);\n        return nr;", "        this.put_pid(pid);\n        return this.pid_vnr(pid);", "KRN3003", "return this.pid_vnr(pid);"),
        new Bug("a discarded find_get_pid", Exit, " __exit_signal(", "        this.spin_lock(sig.stats_lock);\n", "        this.find_get_pid(1);\n        this.spin_lock(sig.stats_lock);\n", "KRN3001", "this.find_get_pid(1);"),

        // conditional lock contracts: the wait_task_* family, do_signal_stop, the killable rwsem form
        new Bug("wait_task_continued returns the pid with tasklist_lock still held", Exit, " wait_task_continued(", "        this.get_task_struct(p);\n        this.read_unlock(this.tasklist_lock);\n", "        this.get_task_struct(p);\n", "KRN1012", "return pid;"),
        new Bug("wait_task_stopped drops tasklist_lock when there is nothing to report", Exit, " wait_task_stopped(", "        if (exit_code == 0)\n            return 0;\n", "        if (exit_code == 0)\n        {\n            this.read_unlock(this.tasklist_lock);\n            return 0;\n        }\n", "KRN1012", "return 0;\n        }"),
        new Bug("wait_task_zombie keeps tasklist_lock on the WNOWAIT path", Exit, " wait_task_zombie(", "            this.read_unlock(this.tasklist_lock);\n            this.put_task_struct(p);\n            goto out_info;", "            this.put_task_struct(p);\n            goto out_info;", "KRN1012", "return pid;"),
        new Bug("wait_consider_task ignores wait_task_stopped's result", Exit, " wait_consider_task(", "        var ret = this.wait_task_stopped(wo, ptrace, p);\n        if (ret != 0)\n            return ret;\n", "        this.wait_task_stopped(wo, ptrace, p);\n", "KRN1004|KRN1012", "return this.wait_task_continued(wo, p);"),
        new Bug("__do_wait unlocks after do_wait_pid without testing its result", Exit, " __do_wait(", "            retval = this.do_wait_pid(wo);\n            if (retval != 0)\n                return retval;\n", "            retval = this.do_wait_pid(wo);\n", "KRN1003", "this.read_unlock(this.tasklist_lock);"),
        new Bug("do_signal_stop returns true with the siglock still held", Signal, " do_signal_stop(", "        this.set_special_state(TASK_STOPPED);\n        this.spin_unlock_irq(current.sighand!.siglock);\n", "        this.set_special_state(TASK_STOPPED);\n", "KRN1012", "return true;\n    }"),
        new Bug("get_signal goes on dequeuing after do_signal_stop dropped the siglock", Signal, " get_signal(", "                if (this.do_signal_stop(signr))\n                {\n                    /* it released the siglock */\n                    goto relock;\n                }\n", "                this.do_signal_stop(signr);\n", "KRN1004|KRN1003|KRN1011", "if ((current.jobctl & JOBCTL_STOP_PENDING) != 0 && this.do_signal_stop(0))"),
        new Bug("__pidfd_fget ignores down_read_killable's result", Pid, " __pidfd_fget(", "        if (ret != 0)\n            return ERR_PTR<@file>(ret);\n", string.Empty, "KRN1003", "this.up_read(task.signal.exec_update_lock);"),
        new Bug("__pidfd_fget returns -EINTR's error pointer after up_read", Pid, " __pidfd_fget(", "        if (ret != 0)\n            return ERR_PTR<@file>(ret);\n", "        if (ret != 0)\n        {\n            this.up_read(task.signal.exec_update_lock);\n            return ERR_PTR<@file>(ret);\n        }\n", "KRN1003", "this.up_read(task.signal.exec_update_lock);\n            return ERR_PTR"),

        // references handed out through out and ref arguments ([__returns_ref] out path)
        new Bug("do_handle_open returns FD_ADD's error before its path_put", Fhandle, " do_handle_open(", "        this.path_put(path);\n        return retval;", "        if (retval < 0)\n            return retval;\n        this.path_put(path);\n        return retval;", "KRN3001", "retval = this.handle_to_path(mountdirfd, ufh, ref path, (uint)open_flag);"),
        new Bug("handle_to_path returns past out_path", Fhandle, " handle_to_path(", "        if (retval != 0)\n            goto out_path;\n\n        handle.ptr = ", "        if (retval != 0)\n            return retval;\n\n        handle.ptr = ", "KRN3001", "retval = this.get_path_anchor(mountdirfd, out ctx.root);"),
        new Bug("pidfd_create forgets fd_install", Pid, " pidfd_create(", "        this.fd_install((uint)pidfd, pidfd_file!);\n", string.Empty, "KRN3001", "pidfd = this.pidfd_prepare(pid, flags, out var pidfd_file);"),
        new Bug("handle_to_path puts the anchor twice", Fhandle, " handle_to_path(", "    out_path:\n        this.path_put(ctx.root);\n", "    out_path:\n        this.path_put(ctx.root);\n        this.path_put(ctx.root);\n", "KRN3002", "this.path_put(ctx.root);\n        return retval;"),

        new Bug("__do_wait keeps tasklist_lock when no child matched", Exit, " __do_wait(", "            while (tsk != this.current);\n        }\n\n        this.read_unlock(this.tasklist_lock);\n", "            while (tsk != this.current);\n        }\n\n", "KRN1001", "this.read_lock(this.tasklist_lock);"),
        new Bug("pidfd_create puts the file it installed", Pid, " pidfd_create(", "        this.fd_install((uint)pidfd, pidfd_file!);\n", "        this.fd_install((uint)pidfd, pidfd_file!);\n        this.fput(pidfd_file!);\n", "KRN3003", "this.fput(pidfd_file!);"),
        new Bug("do_handle_open puts the path twice", Fhandle, " do_handle_open(", "        this.path_put(path);\n", "        this.path_put(path);\n        this.path_put(path);\n", "KRN3002", "this.path_put(path);\n        return retval;"),
        new Bug("__pidfd_fget keeps exec_update_lock", Pid, " __pidfd_fget(", "        this.up_read(task.signal.exec_update_lock);\n", string.Empty, "KRN1001", "ret = this.down_read_killable(task.signal.exec_update_lock);"),
        new Bug("wait_task_zombie unlocks tasklist_lock twice", Exit, " wait_task_zombie(", "        /* we own the task now; nobody else can reap it */\n        this.read_unlock(this.tasklist_lock);\n", "        /* we own the task now; nobody else can reap it */\n        this.read_unlock(this.tasklist_lock);\n        this.read_unlock(this.tasklist_lock);\n", "KRN1003", "this.read_unlock(this.tasklist_lock);\n\n        status"),

        new Bug("a borrowed pidfd_pid is put", Pid, "        p = this.find_get_pid(pid);", "        this.put_pid(p);\n        return fd;", "        this.put_pid(p);\n        var bp = this.pidfd_pid(null!);\n        this.put_pid(bp);\n        return fd;", "KRN3004", "this.put_pid(bp);"),

        // code in lambdas, anonymous methods, local functions, catch and finally blocks, using declarations, switch expressions
        new Bug("alloc_pid's constructor callback takes pidmap_lock and keeps it", Pid, " alloc_pid(", "() => new pid((int)ns.level + 1)", "() => { this.spin_lock(this.pidmap_lock); return new pid((int)ns.level + 1); }", "KRN1001"),
        new Bug("pidfs_alloc_attr's anonymous constructor keeps tasklist_lock", Pidfs, "new_attr.ptr = ", "() => new pidfs_attr()", "delegate { this.read_lock(this.tasklist_lock); return new pidfs_attr(); }", "KRN1001"),
        new Bug("free_pid's unlock moved into a local helper that unlocks twice", Pid, " free_pid(", "        this.lockdep_assert_not_held(this.tasklist_lock);\n", "        this.lockdep_assert_not_held(this.tasklist_lock);\n        void unlock_twice() { this.spin_unlock(this.pidmap_lock); this.spin_unlock(this.pidmap_lock); }\n", "KRN1003", "this.spin_unlock(this.pidmap_lock); }"),
        new Bug("pidfs_alloc_file's catch handler returns with the pid's wait lock held", Pidfs, " pidfs_alloc_file(", "        finally\n        {\n            this.path_put(path);", "        catch (System.InvalidOperationException)\n        {\n            this.spin_lock(pid.wait_pidfd.@lock);\n            return ERR_PTR<@file>(-errno.EINVAL);\n        }\n        finally\n        {\n            this.path_put(path);", "KRN1001", "this.spin_lock(pid.wait_pidfd.@lock);"),
        new Bug("pidfs_alloc_file's finally puts the path twice", Pidfs, " pidfs_alloc_file(", "            this.path_put(path); /* __free(path_put) */\n", "            this.path_put(path); /* __free(path_put) */\n            this.path_put(path);\n", "KRN3002", "this.path_put(path);\n        }"),
        new Bug("stashed_dentry_get sleeps inside its guard(rcu) scope", Libfs, " stashed_dentry_get(", "        dentry = READ_ONCE(ref stashed.stashed);\n", "        this.synchronize_rcu();\n        dentry = READ_ONCE(ref stashed.stashed);\n", "KRN1008", "this.synchronize_rcu();"),
        new Bug("a switch expression's lookup is never put", Exit, " __exit_signal(", "        this.spin_lock(sig.stats_lock);\n", "        var stale = tsk.exit_signal switch { 0 => this.find_get_pid(1), _ => this.find_get_pid(2) };\n        this.spin_lock(sig.stats_lock);\n", "KRN3001", "var stale = tsk.exit_signal switch"),

        // pointer facts, trylock, marked racy reads, objects not yet published
        new Bug("lock_for_kill drops i_lock before it knows the inode is the dentry's", Dcache, " lock_for_kill(", "            if (inode == dentry.d_inode)\n                break;\n            this.spin_unlock(inode.i_lock);\n", "            this.spin_unlock(inode.i_lock);\n            if (inode == dentry.d_inode)\n                break;\n", "KRN1012", "return true;\n        if (inode != null)"),
        new Bug("lock_for_kill waits for i_lock under d_lock instead of trying", Dcache, " lock_for_kill(", "        if (inode == null || this.spin_trylock(inode.i_lock))\n            return true;\n", "        if (inode == null)\n            return true;\n        this.spin_lock(inode.i_lock);\n        return true;\n", "KRN2001|KRN2002", "this.spin_lock(inode.i_lock);\n        return true;"),
        new Bug("__dentry_kill kills a dentry with its inode unlocked", Dcache, " __dentry_kill(", "        if (dentry.d_inode != null)\n            this.dentry_unlink_inode(dentry);", "        if (dentry.d_inode != null)\n        {\n            this.spin_unlock(dentry.d_inode.i_lock);\n            this.dentry_unlink_inode(dentry);\n        }", "KRN1003", "this.dentry_unlink_inode(dentry);\n        }"),
        new Bug("the connectable check reads d_flags unmarked", Fhandle, " do_sys_name_to_handle(", "data_race((path.dentry.d_flags & DCACHE_DISCONNECTED) != 0)", "(path.dentry.d_flags & DCACHE_DISCONNECTED) != 0", "KRN1006"),
        new Bug("create_pid_namespace publishes the namespace before it is set up", PidNs, " create_pid_namespace(", "        ns.pid_allocated = PIDNS_ADDING;\n", "        this.init_pid_ns.parent = ns;\n        ns.pid_allocated = PIDNS_ADDING;\n", "KRN1006", "ns.pid_allocated = PIDNS_ADDING;"),
        new Bug("pidfs_alloc_file re-opens a file that is already installed", Pidfs, " pidfs_alloc_file(", "            pidfd_file = this.dentry_open(path, (int)flags, this.current_cred());\n", "            pidfd_file = this.dentry_open(path, (int)flags, this.current_cred());\n            this.vfs_open(path, this.fget(0)!);\n", "KRN1013", "this.vfs_open(path, this.fget(0)!);"),

        // references handed on as owned
        new Bug("pidfs_alloc_file hands the caller's pid to path_from_stashed", Pidfs, " pidfs_alloc_file(", "this.get_pid(pid)!, out var path)", "pid, out var path)", "KRN3004"),
        new Bug("pidfs_fh_to_dentry hands a borrowed pid to path_from_stashed, which keeps it in the path", Pidfs, " pidfs_fh_to_dentry(", "pid = this.pidfs_ino_get_pid(pid_ino);", "pid = this.find_vpid((int)pid_ino);", "KRN3004", "this.path_from_stashed(pid.stashed_slot, this.pidfs_mnt!, pid, out var path);"),
        new Bug("pidfd_get_pid returns pidfd_pid's borrowed pid", Pid, " pidfd_get_pid(", "            this.get_pid(pid);\n", string.Empty, "KRN3004", "return pid;"),
        new Bug("pidfd_get_pid puts pidfd_pid's result inline", Pid, " pidfd_get_pid(", "            this.get_pid(pid);\n", "            this.get_pid(pid);\n            this.put_pid(this.pidfd_pid(fd_file(f)!));\n", "KRN3004", "this.put_pid(this.pidfd_pid("),
    };

    /// <summary>Every bug is caught at its line with one of its ids; the count and every miss are printed.</summary>
    [KernelFact(Pid)]
    public void EveryBugCaughtAtTheRightLine()
    {
        var misses = new List<string>();
        foreach (var bug in Bugs)
        {
            string text;
            int line;
            try
            {
                (text, line) = bug.Apply(KernelCorpus.Text(bug.File));
            }
            catch (Xunit.Sdk.XunitException e)
            {
                misses.Add(bug.Name + ": the edit no longer applies: " + e.Message);
                continue;
            }

            var found = KernelCorpus.Variant(bug.File, text).Found;
            var ids = bug.Ids.Split('|');
            if (!found.Any(d => ids.Contains(d.Id) && d.Location.GetLineSpan().StartLinePosition.Line + 1 == line && d.Location.SourceTree!.FilePath.Replace('\\', '/').EndsWith(bug.File, StringComparison.Ordinal)))
            {
                misses.Add(bug.Name + " (" + bug.Ids + " at " + bug.File + ":" + line + "): " + (found.Count == 0 ? "nothing" : string.Join("; ", found.Select(d => d.Id + " at " + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + ": " + d.GetMessage()))));
            }
        }

        var caught = Bugs.Count - misses.Count;
        var report = caught + "/" + Bugs.Count + " planted bugs caught at the right line with the right id" + string.Concat(misses.Select(m => "\n  missed: " + m));
        this.output.WriteLine(report);
        Assert.True(caught * 100 >= Bugs.Count * 95, report);

        // a known miss that is caught now, or a new miss, changes the printed figure: update KnownMisses with it
        Assert.True(misses.Select(m => m.Substring(0, m.IndexOf(" (", StringComparison.Ordinal) is var i and > 0 ? i : m.Length)).OrderBy(m => m, StringComparer.Ordinal).SequenceEqual(KnownMisses.OrderBy(m => m, StringComparer.Ordinal)), report);
    }

    /// <summary>One planted bug.</summary>
    public sealed class Bug
    {
        /// <summary>Initializes a new instance of the <see cref="Bug"/> class.</summary>
        /// <param name="name">What the bug is.</param>
        /// <param name="file">The kernel file.</param>
        /// <param name="section">Where the edit starts looking (a signature).</param>
        /// <param name="find">The text replaced.</param>
        /// <param name="replace">Its replacement.</param>
        /// <param name="ids">The ids that count as caught ("a|b").</param>
        /// <param name="at">The text of the expected line, searched from the section; null for the edited line.</param>
        /// <param name="find2">A second edit's text (searched from the section), or null.</param>
        /// <param name="replace2">The second edit's replacement.</param>
        /// <param name="at2">Overrides <paramref name="at"/> after both edits, when set.</param>
        public Bug(string name, string file, string section, string find, string replace, string ids, string? at = null, string? find2 = null, string? replace2 = null, string? at2 = null)
        {
            this.Name = name;
            this.File = file;
            this.Section = section;
            this.Find = find;
            this.Replace = replace;
            this.Ids = ids;
            this.At = at2 ?? at;
            this.Find2 = find2;
            this.Replace2 = replace2;
        }

        /// <summary>Gets what the bug is.</summary>
        public string Name { get; }

        /// <summary>Gets the kernel file.</summary>
        public string File { get; }

        /// <summary>Gets the signature the edit starts at.</summary>
        public string Section { get; }

        /// <summary>Gets the replaced text.</summary>
        public string Find { get; }

        /// <summary>Gets the replacement.</summary>
        public string Replace { get; }

        /// <summary>Gets the accepted ids.</summary>
        public string Ids { get; }

        /// <summary>Gets the text of the expected line.</summary>
        public string? At { get; }

        /// <summary>Gets the second edit's text.</summary>
        public string? Find2 { get; }

        /// <summary>Gets the second edit's replacement.</summary>
        public string? Replace2 { get; }

        /// <summary>Applies the edit.</summary>
        /// <param name="text">The file's text.</param>
        /// <returns>The edited text and the expected line.</returns>
        public (string Text, int Line) Apply(string text)
        {
            var section = text.IndexOf(this.Section, StringComparison.Ordinal);
            Assert.True(section >= 0, this.Name + ": no '" + this.Section + "' in " + this.File);
            var at = text.IndexOf(this.Find, section, StringComparison.Ordinal);
            Assert.True(at >= 0, this.Name + ": no '" + this.Find + "' after '" + this.Section + "'");
            text = text.Substring(0, at) + this.Replace + text.Substring(at + this.Find.Length);
            var planted = at;
            if (this.Find2 != null)
            {
                var from = this.Find2.StartsWith("    private", StringComparison.Ordinal) ? 0 : section;
                var at2 = text.IndexOf(this.Find2, from, StringComparison.Ordinal);
                Assert.True(at2 >= 0, this.Name + ": no '" + this.Find2 + "'");
                text = text.Substring(0, at2) + this.Replace2 + text.Substring(at2 + this.Find2.Length);
                if (at2 < planted)
                {
                    planted += this.Replace2!.Length - this.Find2.Length;
                }
            }

            if (this.At != null)
            {
                var expected = text.IndexOf(this.At, section, StringComparison.Ordinal);
                Assert.True(expected >= 0, this.Name + ": no '" + this.At + "' after the edit");
                planted = expected;
            }

            return (text, text.Take(planted).Count(c => c == '\n') + 1);
        }

        /// <inheritdoc/>
        public override string ToString() => this.Name;
    }
}
