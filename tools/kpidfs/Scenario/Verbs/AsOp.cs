// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>`as P: LINE`: LINE runs as the process P (its system calls, its fds, its pid namespace).</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Who">The process.</param>
/// <param name="Inner">The line it runs.</param>
public sealed record AsOp(int Line, string Text, TaskRef Who, Op Inner) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.RunAs(this.Who, this.Inner);
}
