// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Globalization;

namespace Kpidfs.Scenario;

/// <summary>
/// Makes transcripts of different kernels comparable: inode numbers become I1, I2, … in order of first
/// appearance, and pids become the names of the tasks they belong to (other numbers stay numbers).
/// </summary>
public sealed class Normaliser
{
    private readonly Dictionary<ulong, int> inodes = [];
    private readonly Dictionary<int, string> tasks = [];

    /// <summary>Records that <paramref name="pid"/> is the task named <paramref name="name"/>.</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="name">The name.</param>
    public void NameTask(int pid, string name)
    {
        if (pid > 0)
        {
            this.tasks[pid] = name;
        }
    }

    /// <summary>A pid as a transcript prints it.</summary>
    /// <param name="pid">The pid.</param>
    /// <returns>The task's name, or the number.</returns>
    public string Pid(int pid) => this.tasks.TryGetValue(pid, out var n) ? n : pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>An inode number as a transcript prints it; the first one seen is I1.</summary>
    /// <param name="ino">The inode number.</param>
    /// <returns>`I1`, `I2`, ….</returns>
    public string Ino(ulong ino)
    {
        if (!this.inodes.TryGetValue(ino, out var n))
        {
            n = this.inodes.Count + 1;
            this.inodes[ino] = n;
        }

        return "I" + n.ToString(CultureInfo.InvariantCulture);
    }
}
