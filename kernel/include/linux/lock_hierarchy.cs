// SPDX-License-Identifier: GPL-2.0-only

//
// The lock hierarchy of the port, in one place: every lock class, the order
// in which classes may nest (each list outermost first; a class may be taken
// while holding any class before it in a list, never the other way round),
// and the pairs that must never be held together. The analyzers check every
// nesting in kernel/ against it, directly and through chains of calls:
// an inversion is KRN2001, a never-nest pair KRN2003, and a nesting this file
// does not declare KRN2004, so the file documents every order the code uses.
// `dotnet run --project tools/lockgraph -- --hierarchy` prints it.
//
// Classes are named as lockdep keys them: a global by its name
// (tasklist_lock), a per-object lock by its __lock_class name or
// "struct.field" (sighand_struct.siglock), the RCU read side "rcu" (it never
// blocks, so it takes no part in the order).
//
using Linux;

/*
 * Process lifetime: tasklist_lock, then a task's sighand->siglock, then the
 * signal's stats_lock seqlock; wakeups (pidfd pollers, wait4 sleepers) come
 * last, under any of them (do_notify_parent, __exit_signal).
 */
[assembly: lock_order("tasklist_lock", "sighand_struct.siglock", "signal_struct.stats_lock", "pid.wait_pidfd")]
[assembly: lock_order("tasklist_lock", "sighand_struct.siglock", "signal_struct.stats_lock", "wait_queue_head_t.lock")]

/* pid allocation: the idr and the pidfs inode tree, then its seqcount */
[assembly: lock_order("pidmap_lock", "pidmap_lock_seq")]

/* xattrs: the handler runs under the inode's i_rwsem (vfs_setxattr) and takes the xattr tree's rwlock (simple_xattr_set) */
[assembly: lock_order("inode.i_rwsem", "simple_xattrs.lock")]

/*
 * Since v6.15 alloc_pid runs before copy_process takes tasklist_lock, and
 * free_pid after release_task has dropped it: the two never nest, in either
 * order (an interrupt may read_lock tasklist_lock, and pidmap_lock is taken
 * with interrupts on).
 */
[assembly: lock_never_nest("tasklist_lock", "pidmap_lock")]

/*
 * files: task_lock pins task->files, then the table's lock; resize waiters are woken under it.
 * pidfd_getfd checks ptrace access and looks the file up under the target's exec_update_lock
 * (a sleeping rw_semaphore, outermost).
 */
[assembly: lock_order("signal_struct.exec_update_lock", "task_struct.alloc_lock", "files_struct.file_lock", "wait_queue_head_t.lock")]

/*
 * exec: begin_new_exec holds exec_update_lock (from exec_mmap) while unshare_sighand takes
 * tasklist_lock and the old sighand's siglock, until setup_new_exec drops it.
 */
[assembly: lock_order("signal_struct.exec_update_lock", "tasklist_lock")]

/* dcache: the inode's i_lock before a dentry's d_lock (d_instantiate, dentry_unlink_inode) */
[assembly: lock_order("inode.i_lock", "lockref.lock")]
