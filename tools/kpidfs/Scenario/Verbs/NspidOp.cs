// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>`nspid P`: P's pid numbers, from the reader's pid namespace down.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Target">The task.</param>
public sealed record NspidOp(int Line, string Text, TaskRef Target) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r)
    {
        var all = r.Root.NsPids(r.RootPid(this.Target));
        if (!all.Ok)
        {
            return all;
        }

        /* /proc/PID/status as the reader sees it: its own level first (0 when it cannot see the task) */
        var level = r.Actor.Active.Level;
        return new NsPidResult(0, r.Sees(this.Target) && level < all.Numbers.Count ? all.Numbers.Skip(level).ToList() : [0]);
    }
}
