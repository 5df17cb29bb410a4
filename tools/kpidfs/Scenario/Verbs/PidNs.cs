// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;

namespace Kpidfs.Scenario;

/// <summary>
/// A pid namespace as the runner knows it: the initial one, or one a line of the scenario created
/// (`unshare CLONE_NEWPID`, `clone3 … CLONE_NEWPID`). The runner uses it to give each printed pid the
/// name of its task in the namespace of the task that reads it.
/// </summary>
/// <param name="Parent">The parent namespace, or null for the initial one.</param>
/// <param name="Id">0 for the initial namespace, then 1, 2, … in order of creation.</param>
public sealed record PidNs(PidNs? Parent, int Id)
{
    /// <summary>Gets the nesting level (0 for the initial namespace).</summary>
    public int Level => this.Parent == null ? 0 : this.Parent.Level + 1;

    /// <summary>Gets the namespaces from the initial one down to this one.</summary>
    public IReadOnlyList<PidNs> Chain
    {
        get
        {
            var chain = new List<PidNs>();
            for (var ns = this; ns != null; ns = ns.Parent)
            {
                chain.Insert(0, ns);
            }

            return chain;
        }
    }

    /// <summary>Whether a task of <paramref name="other"/> is visible from this namespace (this one is an ancestor or the same).</summary>
    /// <param name="other">The task's namespace.</param>
    /// <returns>True when visible.</returns>
    public bool Sees(PidNs other)
    {
        for (var ns = other; ns != null; ns = ns.Parent)
        {
            if (ns == this)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => this.Id == 0 ? "init_pid_ns" : "ns" + this.Id;
}
