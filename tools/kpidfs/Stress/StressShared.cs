// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Linux;

namespace Kpidfs.Stress;

/// <summary>What the CPUs of one stress run share: the pool of shared children and the run's checks.</summary>
internal sealed class StressShared
{
    private readonly ConcurrentDictionary<ulong, pid> inodes = new();

    /* the shared children's struct pids, for as long as anything (a tracked pidfd) refers to them */
    private readonly ConditionalWeakTable<pid, object> sharedPids = new();
    private int reused;
    private int noExitInfo;

    /// <summary>
    /// Gets the pid numbers of the live shared children: any CPU may open them, only their
    /// parent's CPU reaps them. A number read here may name another task by the time it is
    /// opened (the child was reaped and the number reused), so what may be signalled is decided
    /// by the struct pid the pidfd got (<see cref="IsShared"/>), not by the number.
    /// </summary>
    public ConcurrentDictionary<int, byte> Pool { get; } = new();

    /// <summary>Gets the exceptions that ended a CPU.</summary>
    public ConcurrentQueue<string> Crashes { get; } = new();

    /// <summary>Gets or sets a value indicating whether the CPUs should stop.</summary>
    public bool Abort { get; set; }

    /// <summary>Gets how often an inode number came back for another struct pid.</summary>
    public int ReusedInodes => Volatile.Read(ref this.reused);

    /// <summary>Gets how often a pidfd of a reaped child had no exit information.</summary>
    public int NoExitInfo => Volatile.Read(ref this.noExitInfo);

    /// <summary>Adds a new shared child.</summary>
    /// <param name="nr">Its pid number.</param>
    /// <param name="p">Its struct pid.</param>
    public void AddShared(int nr, pid p)
    {
        this.sharedPids.AddOrUpdate(p, this);
        this.Pool[nr] = 0;
    }

    /// <summary>
    /// Whether <paramref name="p"/> is (or was) a shared child's pid: only those are signalled, as
    /// a private child must only ever run, and stop, on its own CPU.
    /// </summary>
    /// <param name="p">A pidfd's struct pid.</param>
    /// <returns>True for a shared child's pid.</returns>
    public bool IsShared(pid p) => this.sharedPids.TryGetValue(p, out _);

    /// <summary>Notes that <paramref name="ino"/> names <paramref name="p"/>; counts a reuse if it named another pid before.</summary>
    /// <param name="ino">The pidfd's inode number.</param>
    /// <param name="p">Its struct pid.</param>
    public void SawInode(ulong ino, pid p)
    {
        var first = this.inodes.GetOrAdd(ino, p);
        if (!ReferenceEquals(first, p))
        {
            Interlocked.Increment(ref this.reused);
        }
    }

    /// <summary>Counts a reaped child whose pidfd had no exit information.</summary>
    public void LostExitInfo() => Interlocked.Increment(ref this.noExitInfo);
}
