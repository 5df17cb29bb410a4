// SPDX-License-Identifier: GPL-2.0-only

// fs/file.cs under concurrency: several CPUs share one descriptor table
// (as threads of one process do) while it grows, and lockless lookups race
// with close.
using System.Collections.Generic;
using System.Threading;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Descriptor tables on several CPUs at once.</summary>
public sealed class FdTableConcurrencyTests : VfsTest
{
    /// <summary>Parallel installs while the table grows hand out distinct descriptors and lose no file.</summary>
    [Fact]
    public void ParallelInstallsWhileGrowing()
    {
        const int threads = 4;
        const int each = 200;
        var o = this.Fs.NewObj(70);
        var got = new List<int>[threads];
        var workers = new List<Thread>();
        var start = new Barrier(threads);

        /* threads of the shell: the table is shared (CLONE_FILES) */
        var tasks = this.SpawnThreads(this.Shell, threads);
        for (var i = 0; i < threads; i++)
        {
            var n = i;
            got[n] = new List<int>();
            var t = new Thread(() =>
            {
                using (this.K.run_as(tasks[n]))
                {
                    start.SignalAndWait();
                    for (var j = 0; j < each; j++)
                    {
                        got[n].Add(this.Fs.InstallFd(o, vmlinux.O_RDWR));
                    }
                }
            });
            workers.Add(t);
            t.Start();
        }

        foreach (var t in workers)
        {
            Assert.True(t.Join(20000));
        }

        this.ExitThreads(tasks);
        var all = new HashSet<int>();
        foreach (var l in got)
        {
            foreach (var fd in l)
            {
                Assert.True(fd >= 0);
                Assert.True(all.Add(fd));
            }
        }

        Assert.Equal(threads * each, all.Count);
        this.As(this.Shell, () =>
        {
            foreach (var fd in all)
            {
                var f = this.K.fget((uint)fd);
                Assert.NotNull(f);
                Assert.Equal(70UL, f!.f_inode.i_ino);
                this.K.fput(f);
                Assert.Equal(0, this.K.sys_close((uint)fd));
            }

            return 0;
        });

        Assert.Equal(threads * each, o.Releases);
        this.Fs.Put(o);
    }

    /// <summary>fget racing with close and reinstall only ever returns a live file.</summary>
    [Fact]
    public void FgetRacesWithClose()
    {
        var o = this.Fs.NewObj(71);
        var stop = 0;
        var thread = this.SpawnThreads(this.Shell, 1);
        var reader = new Thread(() =>
        {
            using (this.K.run_as(thread[0]))
            {
                while (Volatile.Read(ref stop) == 0)
                {
                    var f = this.K.fget(0);
                    if (f != null)
                    {
                        Assert.True(Interlocked.Read(ref f.f_count) > 0);
                        Assert.Equal(vmlinux.FMODE_OPENED, f.f_mode & vmlinux.FMODE_OPENED);
                        Assert.Equal(71UL, f.f_inode.i_ino);
                        this.K.fput(f);
                    }
                }
            }
        });
        reader.Start();

        this.As(this.Shell, () =>
        {
            for (var i = 0; i < 2000; i++)
            {
                Assert.Equal(0, this.Fs.InstallFd(o, vmlinux.O_RDWR));
                Assert.Equal(0, this.K.sys_close(0));
            }

            return 0;
        });

        Volatile.Write(ref stop, 1);
        Assert.True(reader.Join(10000));
        this.ExitThreads(thread);
        this.K.syscall(this.Shell, () => 0);
        Assert.Equal(2000, o.Releases);
        Assert.Null(o.Stashed);
        this.Fs.Put(o);
    }
}
