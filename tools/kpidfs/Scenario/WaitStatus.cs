// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>A wait status, from either a wait-status word or a waitid siginfo.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Value">The exit code or the signal (0 for Continued).</param>
public sealed record WaitStatus(WaitKind Kind, int Value)
{
    /// <summary>Decodes a wait-status word (as wait4 or PIDFD_INFO_EXIT's exit_code gives it).</summary>
    /// <param name="status">The word.</param>
    /// <returns>The status.</returns>
    public static WaitStatus FromWord(int status)
    {
        if (status == 0xffff)
        {
            return new WaitStatus(WaitKind.Continued, 0);
        }

        if ((status & 0xff) == 0x7f)
        {
            return new WaitStatus(WaitKind.Stopped, (status >> 8) & 0xff);
        }

        if ((status & 0x7f) == 0)
        {
            return new WaitStatus(WaitKind.Exited, (status >> 8) & 0xff);
        }

        return new WaitStatus((status & 0x80) != 0 ? WaitKind.Dumped : WaitKind.Signaled, status & 0x7f);
    }

    /// <summary>Decodes waitid's si_code and si_status.</summary>
    /// <param name="code">CLD_EXITED (1) … CLD_CONTINUED (6).</param>
    /// <param name="status">si_status.</param>
    /// <returns>The status.</returns>
    public static WaitStatus FromSiginfo(int code, int status) => code switch
    {
        1 => new WaitStatus(WaitKind.Exited, status),
        2 => new WaitStatus(WaitKind.Signaled, status),
        3 => new WaitStatus(WaitKind.Dumped, status),
        4 or 5 => new WaitStatus(WaitKind.Stopped, status),
        _ => new WaitStatus(WaitKind.Continued, 0),
    };

    /// <inheritdoc/>
    public override string ToString() => this.Kind switch
    {
        WaitKind.Exited => $"exited({this.Value})",
        WaitKind.Signaled => $"signaled({Symbols.SignalName(this.Value)})",
        WaitKind.Dumped => $"dumped({Symbols.SignalName(this.Value)})",
        WaitKind.Stopped => $"stopped({Symbols.SignalName(this.Value)})",
        _ => "continued",
    };
}
