// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>`creds a [MASK]`: PIDFD_GET_INFO (PID and CREDS always asked), printing the credentials and whether a cgroup id came back.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Mask">The request mask.</param>
public sealed record CredsOp(int Line, string Text, string Fd, ulong Mask) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Creds(r.Fd(this.Fd), this.Mask);
}
