// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>`clone3 Q …`: `ok` (the pid goes into the name, the CLONE_PIDFD fd into the fd name).</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Pid">The new process's pid as shell sees it, or -1.</param>
/// <param name="Pidfd">The CLONE_PIDFD fd in the caller's table, or -1.</param>
public sealed record Clone3Result(int Errno, int Pid, int Pidfd) : Result(Errno)
{
    /// <inheritdoc/>
    public override string? Text(Normaliser n) => "ok";
}
