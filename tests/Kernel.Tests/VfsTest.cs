// SPDX-License-Identifier: GPL-2.0-only

// The base of the VFS tests: the test filesystem is mounted and the shell
// has a descriptor table; both are taken down before the leak check.
using System;
using System.Collections.Generic;
using System.Threading;
using Linux;

namespace Kernel.Tests;

/// <summary>A kernel test with the test filesystem mounted and a descriptor table for the shell.</summary>
public abstract class VfsTest : KernelTest, IDisposable
{
    private readonly List<task_struct> gaveFiles = new();

    /// <summary>Initializes a new instance of the <see cref="VfsTest"/> class.</summary>
    protected VfsTest()
    {
        this.GiveFiles(this.Shell);
        this.Fs = new TestFs(this.K, this.Shell);
    }

    /// <summary>Gets the test filesystem.</summary>
    protected TestFs Fs { get; }

    /// <summary>Closes every table this test made, unmounts, then runs the kernel's teardown checks.</summary>
    public new void Dispose()
    {
        foreach (var t in this.gaveFiles)
        {
            this.K.syscall(t, () =>
            {
                this.K.exit_files(t);
                return 0;
            });
        }

        this.Fs.Unmount(this.Shell);
        base.Dispose();
    }

    /// <summary>Gives a task a descriptor table (a copy of the boot table) unless fork already did.</summary>
    /// <param name="t">The task.</param>
    protected void GiveFiles(task_struct t)
    {
        if (t.files == null)
        {
            using (this.K.run_as(t))
            {
                t.files = this.K.dup_fd(this.K.init_files!);
            }
        }

        this.gaveFiles.Add(t);
    }

    /// <summary>Runs <paramref name="body"/> as <paramref name="t"/> in a system call and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="t">The task.</param>
    /// <param name="body">The code.</param>
    /// <returns>What it returned.</returns>
    protected T As<T>(task_struct t, Func<T> body)
    {
        T result = default!;
        this.K.syscall(t, () =>
        {
            result = body();
            return 0;
        });
        return result;
    }
}
