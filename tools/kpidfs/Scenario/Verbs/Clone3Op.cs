// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>`clone3 Q [FLAGS] [exit_signal SIG] [set_tid N,…|NULL] [set_tid_size K] [pidfd a]`.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Name">The new process's name.</param>
/// <param name="Flags">clone_args.flags.</param>
/// <param name="ExitSignal">clone_args.exit_signal.</param>
/// <param name="SetTid">The set_tid entries (numbers or task names), or null for NULL.</param>
/// <param name="SetTidSize">clone_args.set_tid_size, or null for the entries' count.</param>
/// <param name="Pidfd">The fd name the CLONE_PIDFD fd goes into, or null.</param>
public sealed record Clone3Op(int Line, string Text, string Name, ulong Flags, long ExitSignal, IReadOnlyList<TaskRef>? SetTid, long? SetTidSize, string? Pidfd) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r)
    {
        if (r.Actor.Name == "shell" && this.ExitSignal is > 0 and <= 64 && Symbols.IsFatalByDefault((int)this.ExitSignal))
        {
            throw new BackendException($"exit_signal {Symbols.SignalName((int)this.ExitSignal)} would kill shell when the child exits (shell runs the scenario)");
        }

        var newNs = (this.Flags & CloneFlags.NewPid) != 0;
        var setTid = this.SetTid?.Select((t, i) => r.SetTidNumber(t, i, newNs)).ToList();
        var args = new Clone3Args(this.Flags, this.ExitSignal, setTid, this.SetTidSize ?? setTid?.Count ?? 0);
        var res = r.Backend.Clone3(this.Name, args);
        if (this.Pidfd != null)
        {
            r.SetFd(this.Pidfd, new FdResult(res.Errno, res.Ok ? res.Pidfd : -1));
        }

        r.DefineChild(this.Name, new TaskResult(res.Errno, res.Ok ? res.Pid : -1), newNs, setTid);
        return res;
    }
}
