// SPDX-License-Identifier: GPL-2.0-only

//
// include/uapi/asm-generic/signal.h and signal-defs.h.
using System.Collections.Generic;

namespace Linux;

/// <summary>Signal numbers.</summary>
public sealed partial class vmlinux
{
    public const int _NSIG = 64;
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGILL = 4;
    public const int SIGTRAP = 5;
    public const int SIGABRT = 6;
    public const int SIGBUS = 7;
    public const int SIGFPE = 8;
    public const int SIGKILL = 9;
    public const int SIGUSR1 = 10;
    public const int SIGSEGV = 11;
    public const int SIGUSR2 = 12;
    public const int SIGPIPE = 13;
    public const int SIGALRM = 14;
    public const int SIGTERM = 15;
    public const int SIGSTKFLT = 16;
    public const int SIGCHLD = 17;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;
    public const int SIGTSTP = 20;
    public const int SIGTTIN = 21;
    public const int SIGTTOU = 22;
    public const int SIGURG = 23;
    public const int SIGXCPU = 24;
    public const int SIGXFSZ = 25;
    public const int SIGVTALRM = 26;
    public const int SIGPROF = 27;
    public const int SIGWINCH = 28;
    public const int SIGIO = 29;
    public const int SIGPWR = 30;
    public const int SIGSYS = 31;

    /* sa_handler values */
    public const int SIG_DFL = 0;
    public const int SIG_IGN = 1;
    public const int SIG_HANDLER = 2;

    private static readonly Dictionary<int, string> signal_names = new()
    {
        [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP",
        [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1",
        [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2", [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
        [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP",
        [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
        [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR",
        [SIGSYS] = "SIGSYS",
    };

    /// <summary>sigmask(sig).</summary>
    /// <param name="sig">The signal.</param>
    /// <returns>Its bit.</returns>
    public static ulong sigmask(int sig) => 1UL << (sig - 1);

    /// <summary>The name of a signal ("SIGKILL"), or its number.</summary>
    /// <param name="sig">The signal.</param>
    /// <returns>The name.</returns>
    public static string signame(int sig) => signal_names.TryGetValue(sig, out var n) ? n : sig.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The number of a signal name ("SIGKILL"), or -1.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The number.</returns>
    public static int signum(string name)
    {
        foreach (var (k, v) in signal_names)
        {
            if (v == name)
                return k;
        }

        return -1;
    }
}
