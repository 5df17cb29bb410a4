// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/mutex.h: a sleeping lock; taking it may sleep.
using System.Runtime.CompilerServices;
using System.Threading;

namespace Linux;

/// <summary>struct mutex.</summary>
[__might_sleep]
public sealed class mutex : lockdep_map
{
    /// <summary>Initializes a new instance of the <see cref="mutex"/> class (DEFINE_MUTEX).</summary>
    /// <param name="name">The lock class name.</param>
    /// <param name="file">The initialisation site (the lock_class_key).</param>
    /// <param name="line">Its line.</param>
    public mutex(string name, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        : base(name, lockdep_wait_type.LD_WAIT_SLEEP, file, line)
    {
    }
}

/// <summary>mutex operations.</summary>
public sealed partial class vmlinux
{
    /// <summary>mutex_lock.</summary>
    /// <param name="lock">The mutex.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__acquire("lock")]
    [__might_sleep]
    public void mutex_lock(mutex @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.might_sleep(caller, line, file);
        this.lock_acquire(@lock, false, caller, line, file: file);
        Monitor.Enter(@lock);
    }

    /// <summary>mutex_unlock.</summary>
    /// <param name="lock">The mutex.</param>
    /// <param name="caller">The caller.</param>
    /// <param name="line">The caller's line.</param>
    /// <param name="file">The caller's file.</param>
    [__release("lock")]
    public void mutex_unlock(mutex @lock, [CallerMemberName] string caller = "", [CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
    {
        this.lock_release(@lock, caller, line, file);
        Monitor.Exit(@lock);
    }
}
