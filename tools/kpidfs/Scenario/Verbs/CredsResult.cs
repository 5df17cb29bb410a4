// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Globalization;

namespace Kpidfs.Scenario;

/// <summary>
/// `creds a [MASK]`: the credentials and cgroup fields of PIDFD_GET_INFO:
/// `ok uid=R,E,S,FS gid=R,E,S,FS cgroupid=yes` (uid and gid `-` when CREDS is not in the reply mask;
/// cgroupid `yes` when CGROUPID is in the reply with a non-zero id, `zero` with id 0, `-` when absent).
/// </summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Mask">The reply mask.</param>
/// <param name="Uids">ruid, euid, suid, fsuid.</param>
/// <param name="Gids">rgid, egid, sgid, fsgid.</param>
/// <param name="CgroupId">cgroupid.</param>
public sealed record CredsResult(int Errno, ulong Mask, IReadOnlyList<uint> Uids, IReadOnlyList<uint> Gids, ulong CgroupId) : Result(Errno)
{
    /// <inheritdoc/>
    public override string? Text(Normaliser n)
    {
        var creds = (this.Mask & Symbols.InfoCreds) != 0;
        var cgroup = (this.Mask & 4) == 0 ? "-" : this.CgroupId != 0 ? "yes" : "zero";
        return $"ok uid={(creds ? Join(this.Uids) : "-")} gid={(creds ? Join(this.Gids) : "-")} cgroupid={cgroup}";
    }

    private static string Join(IReadOnlyList<uint> ids) => string.Join(',', System.Linq.Enumerable.Select(ids, i => i.ToString(CultureInfo.InvariantCulture)));
}
