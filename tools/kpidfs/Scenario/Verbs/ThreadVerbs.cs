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
            var target = p.Task(t[1]);
            if (!Symbols.TryParseNumber(t[2], out var code) || code < int.MinValue || code > int.MaxValue)
            {
                throw new LineException($"bad exit code '{t[2]}' (expected a number)");
            }

            return new ThreadExitOp(p.line, text, target, (int)code);
        });
        verbs.Add("exec", "exec THREAD", 2, static (p, text, t) =>
        {
            p.Arity("exec", t, 2, 2);
            return new ExecOp(p.line, text, p.Task(t[1]));
        });
    }
}
