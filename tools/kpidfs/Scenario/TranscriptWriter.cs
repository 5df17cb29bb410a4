// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Globalization;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>Prints one transcript line: the operation as written, `: `, then the normalised result.</summary>
public static class TranscriptWriter
{
    /// <summary>Formats one line.</summary>
    /// <param name="op">The operation.</param>
    /// <param name="result">What the backend returned.</param>
    /// <param name="n">The run's normaliser.</param>
    /// <returns>The line, without a newline.</returns>
    public static string Line(Op op, Result result, Normaliser n) => op.Text + ": " + Format(result, n);

    /// <summary>Formats a result.</summary>
    /// <param name="result">The result.</param>
    /// <param name="n">The run's normaliser.</param>
    /// <returns>The text after `: `.</returns>
    public static string Format(Result result, Normaliser n)
    {
        if (!result.Ok)
        {
            var name = Symbols.ErrnoName(result.Errno);
            return result is HandleResult h && result.Errno == 75 ? $"{name} bytes={h.Bytes}" : name + result.ErrorText(n);
        }

        return result switch
        {
            TaskResult or FdResult or PlainResult => "ok",
            StatResult s => $"ok ino={n.Ino(s.Ino)} mode={Octal(s.Mode)} nlink={s.Nlink}",
            SameResult s => s.Same ? "yes" : "no",
            HandleResult h => $"ok type=0x{h.Type.ToString("x", CultureInfo.InvariantCulture)} bytes={h.Bytes} " +
                (h.PidfsIno is { } ino ? "ino=" + n.Ino(ino) : "raw=0x" + Symbols.Hex(h.Payload)),
            InfoResult i => Info(i, n),
            WaitResult w => "ok " + (w.Status?.ToString() ?? "-"),
            PollResult p => Symbols.PollText(p.Revents),
            FdinfoResult f => $"Pid={(f.Pid is { } pid ? n.Pid(pid) : "-")} NSpid=" + n.NsPids(f.NsPid),
            _ => result.Text(n) ?? throw new ArgumentException("unknown result " + result.GetType().Name, nameof(result)),
        };
    }

    /// <summary>C's `%#o`: octal with a leading 0 (just `0` for zero).</summary>
    /// <param name="mode">The value.</param>
    /// <returns>The text.</returns>
    public static string Octal(uint mode) => mode == 0 ? "0" : "0" + Convert.ToString(mode, 8);

    private static string Info(InfoResult i, Normaliser n)
    {
        var hasPid = (i.Mask & Symbols.InfoPid) != 0;
        var hasExit = (i.Mask & Symbols.InfoExit) != 0;
        return $"ok mask={Symbols.InfoMaskText(i.Mask)}" +
            $" pid={(hasPid ? n.Pid(i.Pid) : "-")} tgid={(hasPid ? n.Pid(i.Tgid) : "-")} ppid={(hasPid ? n.Pid(i.Ppid) : "-")}" +
            $" exit={(hasExit ? WaitStatus.FromWord(i.ExitCode).ToString() : "-")}";
    }
}
