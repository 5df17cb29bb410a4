// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>`unshare FLAGS`: unshare(FLAGS) by the line's task.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Flags">CLONE_* flags.</param>
public sealed record UnshareOp(int Line, string Text, ulong Flags) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r)
    {
        var res = r.Backend.Unshare(this.Flags);
        if (res.Ok && (this.Flags & CloneFlags.NewPid) != 0)
        {
            r.NewPidNsForChildren();
        }

        return res;
    }
}
