// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;

namespace Kpidfs.Scenario;

/// <summary>
/// What a backend returns for one line. <see cref="Errno"/> is 0 on success, else the positive errno
/// the call failed with; the other fields hold raw values (fd numbers, pids, inode numbers), and the
/// transcript writer prints and normalises them the same way for every backend.
/// </summary>
/// <param name="Errno">0, or the positive errno.</param>
public abstract record Result(int Errno)
{
    /// <summary>Gets a value indicating whether the call succeeded.</summary>
    public bool Ok => this.Errno == 0;

    /// <summary>
    /// The text after `: ` of a successful call, for results that print themselves (the version-2 groups'
    /// results do; the version-1 results are printed by <see cref="TranscriptWriter"/>).
    /// </summary>
    /// <param name="n">The run's normaliser.</param>
    /// <returns>The text, or null when <see cref="TranscriptWriter"/> prints this result.</returns>
    public virtual string? Text(Normaliser n) => null;

    /// <summary>Fields printed after the errno name of a failed call (with a leading space), or empty.</summary>
    /// <param name="n">The run's normaliser.</param>
    /// <returns>The text.</returns>
    public virtual string ErrorText(Normaliser n) => string.Empty;
}

/// <summary>`spawn`, `thread`: prints `ok`.</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Pid">The new task's pid (tid for a thread), as the shell sees it.</param>
public sealed record TaskResult(int Errno, int Pid) : Result(Errno);

/// <summary>`pidfd_open`, `open_by_handle`: prints `ok`; the fd (or -1) goes into the name.</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Fd">The new fd, or -1.</param>
public sealed record FdResult(int Errno, int Fd) : Result(Errno);

/// <summary>`send`, `exit`, `close`: prints `ok`.</summary>
/// <param name="Errno">0, or the positive errno.</param>
public sealed record PlainResult(int Errno) : Result(Errno);

/// <summary>`stat a`: `ok ino=I1 mode=0700 nlink=1`.</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Dev">st_dev.</param>
/// <param name="Ino">st_ino.</param>
/// <param name="Mode">st_mode (with the file-type bits).</param>
/// <param name="Nlink">st_nlink.</param>
public sealed record StatResult(int Errno, ulong Dev, ulong Ino, uint Mode, ulong Nlink) : Result(Errno);

/// <summary>`same a b`: `yes` or `no`.</summary>
/// <param name="Errno">0, or the positive errno of the first fstat that failed.</param>
/// <param name="Same">Whether st_dev and st_ino are equal.</param>
public sealed record SameResult(int Errno, bool Same) : Result(Errno)
{
    /// <summary>`same a b` from two fstat calls: equal st_dev and st_ino (the second call is made only if the first worked).</summary>
    /// <param name="stat">The backend's fstat.</param>
    /// <param name="fd1">One fd.</param>
    /// <param name="fd2">The other.</param>
    /// <returns>The result.</returns>
    public static SameResult FromStats(System.Func<int, StatResult> stat, int fd1, int fd2)
    {
        var a = stat(fd1);
        if (!a.Ok)
        {
            return new SameResult(a.Errno, false);
        }

        var b = stat(fd2);
        return b.Ok ? new SameResult(0, a.Dev == b.Dev && a.Ino == b.Ino) : new SameResult(b.Errno, false);
    }
}

/// <summary>
/// `handle h a [BYTES]`: `ok type=0xfe bytes=8 ino=I1`, `ok type=… bytes=… raw=0x…`, or `EOVERFLOW bytes=8`.
/// On every outcome the fields hold the struct file_handle as the call left it; `open_by_handle` passes
/// exactly that struct back.
/// </summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Bytes">handle_bytes.</param>
/// <param name="Type">handle_type.</param>
/// <param name="Payload">f_handle: the first min(handle_bytes, buffer) bytes of the buffer.</param>
public sealed record HandleResult(int Errno, uint Bytes, int Type, IReadOnlyList<byte> Payload) : Result(Errno)
{
    /// <summary>Gets the inode a pidfs handle names (an 8-byte FILEID_KERNFS handle: the u64 LE inode), or null.</summary>
    public ulong? PidfsIno
    {
        get
        {
            if (this.Type != Symbols.FileIdKernfs || this.Bytes != 8 || this.Payload.Count < 8)
            {
                return null;
            }

            ulong ino = 0;
            for (var i = 7; i >= 0; i--)
            {
                ino = (ino << 8) | this.Payload[i];
            }

            return ino;
        }
    }
}

/// <summary>`info a [MASK]`: `ok mask=PID|CREDS|CGROUPID pid=P tgid=P ppid=shell exit=-`.</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Mask">The reply mask.</param>
/// <param name="Pid">pid.</param>
/// <param name="Tgid">tgid.</param>
/// <param name="Ppid">ppid.</param>
/// <param name="ExitCode">exit_code (a wait-status word).</param>
public sealed record InfoResult(int Errno, ulong Mask, int Pid, int Tgid, int Ppid, int ExitCode) : Result(Errno);

/// <summary>`reap P`, `waitid a`: `ok exited(7)`, `ok -` (nothing to report), or an errno.</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Status">The status, or null when WNOHANG found nothing.</param>
public sealed record WaitResult(int Errno, WaitStatus? Status) : Result(Errno);

/// <summary>`poll a`: the returned events (`IN|RDNORM`, `0`).</summary>
/// <param name="Errno">0, or the positive errno of poll itself.</param>
/// <param name="Revents">revents.</param>
public sealed record PollResult(int Errno, int Revents) : Result(Errno);

/// <summary>`fdinfo a`: `Pid=P NSpid=P`, or `ENOENT` when the fd is not open.</summary>
/// <param name="Errno">0, or the positive errno.</param>
/// <param name="Pid">The `Pid:` value, or null when the line is missing.</param>
/// <param name="NsPid">The `NSpid:` levels (empty when the line is missing).</param>
public sealed record FdinfoResult(int Errno, int? Pid, IReadOnlyList<int> NsPid) : Result(Errno)
{
    /// <summary>Reads the `Pid:` and `NSpid:` lines of an fdinfo text (both backends produce the same text).</summary>
    /// <param name="text">The fdinfo file's text.</param>
    /// <returns>The result.</returns>
    public static FdinfoResult Parse(string text)
    {
        int? pid = null;
        var nspid = new List<int>();
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', System.StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var values = line[(colon + 1)..].Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries);
            if (line[..colon] == "Pid")
            {
                pid = int.Parse(values[0], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line[..colon] == "NSpid")
            {
                foreach (var v in values)
                {
                    nspid.Add(int.Parse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return new FdinfoResult(0, pid, nspid);
    }
}
