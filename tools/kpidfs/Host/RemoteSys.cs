// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Kpidfs.Scenario;

namespace Kpidfs.Host;

/// <summary>
/// System calls made by a child process of the scenario (`as P:` lines): the call travels over the child's
/// command pipe as `call NR ARG…` (a number `i:N`, a buffer `b:HEX`), the child makes it with
/// <see cref="HostSys.Invoke"/> and answers `r RET HEX…` with every buffer as the kernel left it.
/// </summary>
/// <param name="child">The process that makes the calls.</param>
internal sealed class RemoteSys(HostChild child) : HostSys
{
    /// <summary>The command line of a call.</summary>
    /// <param name="nr">The syscall number.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>`call NR ARG…`.</returns>
    public static string Encode(long nr, SysArg[] args) =>
        "call " + nr.ToString(CultureInfo.InvariantCulture) + string.Concat(args.Select(a => a.Buffer is { } b
            ? " b:" + Convert.ToHexString(b)
            : " i:" + a.Value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Serves one `call` line in the child: makes the call and writes the answer.</summary>
    /// <param name="parts">The line's words.</param>
    /// <returns>`r RET HEX…`.</returns>
    public static string Serve(string[] parts)
    {
        var nr = long.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var args = parts.Skip(2).Select(p => p.StartsWith("b:", StringComparison.Ordinal)
            ? new SysArg(0, Convert.FromHexString(p.AsSpan(2)))
            : new SysArg(long.Parse(p.AsSpan(2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), null)).ToArray();
        var r = Invoke(nr, args);
        var sb = new StringBuilder("r ").Append(r.ToString(CultureInfo.InvariantCulture));
        foreach (var a in args.Where(a => a.Buffer != null))
        {
            sb.Append(' ').Append(a.Buffer!.Length == 0 ? "-" : Convert.ToHexString(a.Buffer));
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public override long Call(long nr, params SysArg[] args)
    {
        child.Send(Encode(nr, args));
        var answer = child.ReadLine();
        var parts = answer?.Split(' ');
        if (parts == null || parts[0] != "r" || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var r))
        {
            throw answer == null && child.WaitExited()
                ? new ChildDiedException($"child {child.Pid} died in system call {nr}")
                : new BackendException($"child {child.Pid} did not make system call {nr} ({answer ?? "no answer"})");
        }

        var i = 2;
        foreach (var a in args.Where(a => a.Buffer != null))
        {
            if (parts[i] != "-")
            {
                Convert.FromHexString(parts[i]).CopyTo(a.Buffer!, 0);
            }

            i++;
        }

        return r;
    }
}
