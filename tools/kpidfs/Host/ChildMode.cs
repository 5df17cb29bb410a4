// SPDX-License-Identifier: GPL-2.0-only

using System.Globalization;
using System.Text;
using System.Threading;

namespace Kpidfs.Host;

/// <summary>
/// `kpidfs __child`: the process the host backend starts for `spawn`. It reads commands from stdin and
/// answers on stdout: `thread` starts a thread that blocks and answers `tid N`; `exit N` calls
/// exit_group(N). It first puts every signal the runtime handles back to its default action, so a signal
/// sent by a scenario acts as on any plain process, and answers `ready`.
/// </summary>
internal static class ChildMode
{
    /// <summary>The hidden command name.</summary>
    public const string Command = "__child";

    /// <summary>Serves the command pipe until `exit N` or end of input.</summary>
    /// <returns>Never returns normally (exit_group).</returns>
    public static int Serve()
    {
        /* 32 and 33 belong to glibc (as in any program); SIGRTMIN (34) is the runtime's activation
           signal, harmless to reset here: this helper never runs managed code while a GC could want it */
        for (var sig = 1; sig <= 64; sig++)
        {
            if (sig is not (9 or 19 or 32 or 33))
            {
                Native.Signal(sig, 0);
            }
        }

        Reply("ready");
        while (ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == "thread")
            {
                Reply("tid " + StartThread().ToString(CultureInfo.InvariantCulture));
            }
            else if (parts[0] == "exit" && parts.Length == 2 && int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
            {
                Native.Syscall(Native.NrExitGroup, code, 0, 0, 0);
            }
            else
            {
                Reply("error unknown command");
            }
        }

        Native.Syscall(Native.NrExitGroup, 0, 0, 0, 0);
        return 0;
    }

    private static int StartThread()
    {
        var tid = 0;
        using var started = new ManualResetEventSlim();
        var t = new Thread(() =>
        {
            tid = (int)Native.Syscall(Native.NrGettid, 0, 0, 0, 0);
            started.Set();
            Thread.Sleep(Timeout.Infinite);
        })
        {
            IsBackground = true,
        };
        t.Start();
        started.Wait();
        return tid;
    }

    private static void Reply(string text)
    {
        var b = Encoding.ASCII.GetBytes(text + "\n");
        Native.Write(1, b, (nuint)b.Length);
    }

    private static string? ReadLine()
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            var n = Native.Read(0, one, 1);
            if (n <= 0)
            {
                return null;
            }

            if (one[0] == '\n')
            {
                return sb.ToString();
            }

            sb.Append((char)one[0]);
        }
    }
}
