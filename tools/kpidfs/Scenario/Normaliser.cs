// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>
/// Makes transcripts of different kernels comparable: inode numbers become I1, I2, … in order of first
/// appearance, and pids become the names of the tasks they belong to (other numbers stay numbers).
/// A pid is a number in some pid namespace: it is read in the namespace of the task that ran the line
/// (<see cref="View"/>), so the same task prints as its name from every namespace that sees it. In a
/// namespace the scenario created, the numbers both kernels give alike stay numbers: 1 (the namespace's
/// first process) and numbers chosen with clone3's set_tid.
/// </summary>
public sealed class Normaliser
{
    private readonly Dictionary<ulong, int> inodes = [];
    private readonly Dictionary<(PidNs Ns, int Nr), string> tasks = [];
    private readonly HashSet<(PidNs Ns, int Nr)> literals = [];
    private readonly Dictionary<string, IReadOnlyList<PidNs>> chains = new(System.StringComparer.Ordinal);

    /// <summary>Gets the initial pid namespace.</summary>
    public PidNs Root { get; } = new(null, 0);

    /// <summary>Gets or sets the pid namespace the current line's pids are read in.</summary>
    public PidNs View { get; set; } = null!;

    /// <summary>Records that <paramref name="pid"/> is the task named <paramref name="name"/> (in the initial namespace).</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="name">The name.</param>
    public void NameTask(int pid, string name)
    {
        if (pid > 0)
        {
            this.tasks[(this.Root, pid)] = name;
            this.chains[name] = [this.Root];
        }
    }

    /// <summary>Records a task's numbers in every namespace from the initial one down to its own.</summary>
    /// <param name="chain">The namespaces, initial first.</param>
    /// <param name="numbers">Its number in each.</param>
    /// <param name="name">The task's name.</param>
    /// <param name="chosen">Levels whose number the scenario chose (set_tid), printed as numbers.</param>
    public void NameTask(IReadOnlyList<PidNs> chain, IReadOnlyList<int> numbers, string name, ISet<int>? chosen = null)
    {
        for (var i = 0; i < chain.Count && i < numbers.Count; i++)
        {
            if (numbers[i] <= 0)
            {
                continue;
            }

            this.tasks[(chain[i], numbers[i])] = name;
            if (i > 0 && (numbers[i] == 1 || (chosen?.Contains(i) ?? false)))
            {
                this.literals.Add((chain[i], numbers[i]));
            }
        }

        this.chains[name] = chain;
    }

    /// <summary>A pid of <see cref="View"/> as a transcript prints it.</summary>
    /// <param name="pid">The pid.</param>
    /// <returns>The task's name, or the number.</returns>
    public string Pid(int pid) => this.PidIn(this.View ?? this.Root, pid);

    /// <summary>A pid of a namespace as a transcript prints it.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="pid">The pid.</param>
    /// <returns>The task's name, or the number.</returns>
    public string PidIn(PidNs ns, int pid) =>
        !this.literals.Contains((ns, pid)) && this.tasks.TryGetValue((ns, pid), out var n) ? n : pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// NSpid numbers as a transcript prints them, joined with `,`: the first is in <see cref="View"/>, each
    /// next one in the next deeper namespace of the task the first names.
    /// </summary>
    /// <param name="numbers">The numbers.</param>
    /// <returns>The text.</returns>
    public string NsPids(IReadOnlyList<int> numbers)
    {
        if (numbers.Count == 0)
        {
            return "-";
        }

        var view = this.View ?? this.Root;
        var first = this.Pid(numbers[0]);
        this.tasks.TryGetValue((view, numbers[0]), out var name);
        var chain = name != null && this.chains.TryGetValue(name, out var c) ? c : null;
        return string.Join(',', numbers.Select((v, i) =>
            i == 0 ? first
            : chain != null && view.Level + i < chain.Count ? this.PidIn(chain[view.Level + i], v)
            : v.ToString(CultureInfo.InvariantCulture)));
    }

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
