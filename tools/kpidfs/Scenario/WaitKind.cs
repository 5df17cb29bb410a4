// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>How a wait status reads: exited(7), signaled(SIGKILL), dumped(SIGSEGV), stopped(SIGSTOP), continued.</summary>
public enum WaitKind
{
    /// <summary>exit(N).</summary>
    Exited,

    /// <summary>Killed by a signal.</summary>
    Signaled,

    /// <summary>Killed by a signal, with a core dump.</summary>
    Dumped,

    /// <summary>Stopped (or trapped) by a signal.</summary>
    Stopped,

    /// <summary>Continued.</summary>
    Continued,
}
