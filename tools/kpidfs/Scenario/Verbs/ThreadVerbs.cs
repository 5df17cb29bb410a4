// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>The thread verbs (version 2): one thread exits alone, a thread execs.</summary>
public sealed partial class Parser
{
    static partial void RegisterThreadVerbs(VerbTable verbs)
    {
        verbs.Add("thread_exit", "thread_exit THREAD CODE", 2, static (p, text, t) =>
        {
            p.Arity("thread_exit", t, 3, 3);
            var target = p.SpawnedTask("thread_exit", t[1]);
            if (!Symbols.TryParseNumber(t[2], out var code) || code < int.MinValue || code > int.MaxValue)
            {
                throw new LineException($"bad exit code '{t[2]}' (expected a number)");
            }

            return new ThreadExitOp(p.line, text, target, (int)code);
        });
        verbs.Add("exec", "exec THREAD", 2, static (p, text, t) =>
        {
            p.Arity("exec", t, 2, 2);
            return new ExecOp(p.line, text, p.SpawnedTask("exec", t[1]));
        });
    }

    /*
     * The target of thread_exit or exec: a task of a process made by a plain `spawn`. On the
     * host such a process is the C thread helper, the one child that can make a single
     * thread exit or exec; a child made by clone3, by `spawn ... by` or under `as P:` runs
     * other code. Both backends refuse the line here, so they agree.
     */
    private TaskRef SpawnedTask(string verb, string name)
    {
        var target = this.Task(name);
        if (target.Name != null && this.notSpawned.TryGetValue(target.Name, out var how))
        {
            throw new LineException($"{verb} needs a task of a process made by 'spawn' (the host runs thread exits and exec in its thread helper); '{target.Name}' is {how}");
        }

        return target;
    }
}
