// SPDX-License-Identifier: GPL-2.0-only

using System.Globalization;
using System.IO;
using System.Linq;
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

        /* the pid as the initial namespace sees it: /proc is the initial namespace's procfs */
        Reply("ready " + (new DirectoryInfo("/proc/self").LinkTarget ?? "0"));
        while (ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == "thread")
            {
                Reply("tid " + StartThread().ToString(CultureInfo.InvariantCulture));
            }
            else if (parts[0] == "call" && parts.Length >= 2)
            {
                Reply(RemoteSys.Serve(parts));
            }
            else if (parts[0] == "spawn" && parts.Length == 3)
            {
                var err = HostChild.PosixSpawn(-1, -1, parts[1], parts[2], out var pid);
                Reply("r " + (err != 0 ? -err : pid).ToString(CultureInfo.InvariantCulture));
            }
            else if (parts[0] == "clone3" && parts.Length == 7)
            {
                Reply(Clone3(parts));
            }
            else if (parts[0] == "forkreap")
            {
                Reply("r " + HostClone.ForkReap().ToString(CultureInfo.InvariantCulture));
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

    /* clone3 CMDPATH REPLYPATH FLAGS EXIT_SIGNAL TIDS|NULL|- SIZE: the new process gets shell's pipe ends as stdin/stdout */
    private static string Clone3(string[] p)
    {
        var cmd = Native.Open(p[1], 0 /* O_RDONLY */ | Native.OCloexec);
        var reply = Native.Open(p[2], 1 /* O_WRONLY */ | Native.OCloexec);
        try
        {
            if (cmd < 0 || reply < 0)
            {
                return "r " + (-Native.Errno()).ToString(CultureInfo.InvariantCulture) + " -1";
            }

            var tids = p[5] == "NULL" ? null : p[5] == "-" ? [] : p[5].Split(',').Select(t => int.Parse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToList();
            var r = HostClone.Clone3(
                ulong.Parse(p[3], CultureInfo.InvariantCulture),
                unchecked((ulong)long.Parse(p[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                tids,
                unchecked((ulong)long.Parse(p[6], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                cmd,
                reply,
                out var pidfd);
            return string.Create(CultureInfo.InvariantCulture, $"r {r} {pidfd}");
        }
        finally
        {
            Native.Close(cmd);
            Native.Close(reply);
        }
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
