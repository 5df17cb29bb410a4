// SPDX-License-Identifier: GPL-2.0-only

// The object behind a file of the test filesystem (TestFs.cs).
using System;
using System.Collections.Generic;
using System.Threading;
using Linux;

namespace Kernel.Tests;

/// <summary>An object a testfs file stands for (as a struct pid stands behind a pidfd).</summary>
public sealed class TestObj
{
    private long count;

    /// <summary>Initializes a new instance of the <see cref="TestObj"/> class.</summary>
    public TestObj()
    {
        this.Slot = new stashed_dentry_slot();
    }

    /// <summary>Gets or sets the object's identity (the inode number).</summary>
    public ulong Id { get; set; }

    /// <summary>Gets or sets the reference count.</summary>
    public long Count { get => Interlocked.Read(ref this.count); set => this.count = value; }

    /// <summary>Gets the stashed dentry slot.</summary>
    public stashed_slot Slot { get; }

    /// <summary>Gets the dentry in the slot (no reference).</summary>
    public dentry? Stashed => Volatile.Read(ref this.Slot.stashed);

    /// <summary>Gets the object's extended attributes.</summary>
    public simple_xattrs Xattrs { get; } = new();

    /// <summary>Gets or sets the events the object's files report to poll.</summary>
    public uint Events { get; set; }

    /// <summary>Gets or sets how many of its files were released.</summary>
    public int Releases { get; set; }

    internal ref long CountRef => ref this.count;
}
