// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/fault-inject.h: a fault_attr describes when a fault
// injection point (failslab here) fails: never while probability is 0,
// except for the per-task fail-nth countdown, which takes precedence over
// every other knob. The knobs are the debugfs files of
// /sys/kernel/debug/failslab/ as fields; the counters that the kernel keeps
// in atomic_t are updated with Interlocked.
//
// Not ported: the stack-trace filter (require-*/reject-*/stacktrace-depth:
// the port has no return addresses to compare; fail_stacktrace() always
// says yes, as with CONFIG_FAULT_INJECTION_STACKTRACE_FILTER=n) and the
// verbose rate limit (every report is printed).
namespace Linux;

/// <summary>struct fault_attr.</summary>
public sealed class fault_attr
{
    /// <summary>Initializes a new instance of the <see cref="fault_attr"/> class with FAULT_ATTR_INITIALIZER's values.</summary>
    /// <param name="dname">The debugfs directory name ("failslab").</param>
    public fault_attr(string dname) => this.dname = dname;

    /// <summary>Gets or sets the failure probability in percent (0: only fail-nth injects).</summary>
    public ulong probability { get; set; }

    /// <summary>Gets or sets the interval: with more than 1, only every interval-th eligible call may fail.</summary>
    public ulong interval { get; set; } = 1;

    /// <summary>The number of failures left (-1: no limit); atomic_t.</summary>
    public int times = 1;

    /// <summary>Bytes still allowed to succeed before failures start; atomic_t.</summary>
    public int space;

    /// <summary>Gets or sets the verbosity: 0 silent, 1 one line, 2 the line and a stack dump.</summary>
    public ulong verbose { get; set; } = 2;

    /// <summary>Gets or sets a value indicating whether only tasks with make_it_fail set may fail.</summary>
    public bool task_filter { get; set; }

    /// <summary>Gets or sets the stack depth the (unported) stack filter looks at.</summary>
    public ulong stacktrace_depth { get; set; } = 32;

    /// <summary>Gets the debugfs name printed by fail_dump.</summary>
    public string dname { get; }

    /// <summary>The eligible-call counter for interval.</summary>
    internal ulong count;

    /// <summary>The pseudo-random state (per attribute here, per CPU in the kernel); seeded at boot, so runs repeat.</summary>
    internal System.Random rnd_state = new(0x5eed);
}

/// <summary>The two task_struct fields of CONFIG_FAULT_INJECTION (include/linux/sched.h).</summary>
public sealed partial class task_struct
{
    /// <summary>/proc/PID/make-it-fail: this task may fail when task-filter is on.</summary>
    public bool make_it_fail;

    /// <summary>/proc/PID/fail-nth: the countdown to the injected failure (0: disarmed).</summary>
    public uint fail_nth;
}

/// <summary>fault-inject.h constants.</summary>
public sealed partial class vmlinux
{
    /// <summary>should_fail_ex flag: inject but print nothing (__GFP_NOWARN).</summary>
    public const int FAULT_NOWARN = 1 << 0;
}
