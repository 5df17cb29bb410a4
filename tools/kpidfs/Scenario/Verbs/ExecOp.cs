// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>`exec T`: T calls execve; the other threads die and T takes the leader's pid.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Target">The thread (or the group leader) that execs; its name then stands for the exec'd process.</param>
public sealed record ExecOp(int Line, string Text, TaskRef Target) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r)
    {
        var result = r.Backend.Exec(r.Pid(this.Target));

        /* the name now stands for the exec'd process: the thread took the leader's pid (printed as the leader's name) */
        if (result.Ok && this.Target.Name != null)
        {
            r.MoveTask(this.Target.Name, result.Pid);
        }

        return result;
    }
}
