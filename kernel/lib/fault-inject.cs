// SPDX-License-Identifier: GPL-2.0-only

//
// lib/fault-inject.c: should_fail_ex decides, in the kernel's order, whether
// one call of an injection point fails. First the per-task fail-nth
// countdown (it counts every eligible call the task makes, and fails the
// one that brings it to zero); then, with a non-zero probability, the task
// filter, the times budget, space, interval and the dice. A failure prints
// "FAULT_INJECTION: forcing a failure." unless the caller said FAULT_NOWARN.
//
// /proc/PID/fail-nth and make-it-fail are the proc_fail_nth_* and
// proc_make_it_fail_* functions below (fs/proc/base.c's handlers).
using System.Globalization;
using System.Threading;

namespace Linux;

/// <summary>lib/fault-inject.c.</summary>
public sealed partial class vmlinux
{
    /// <summary>setup_fault_attr: parses a boot option "&lt;interval&gt;,&lt;probability&gt;,&lt;space&gt;,&lt;times&gt;".</summary>
    /// <param name="attr">The attribute.</param>
    /// <param name="str">The option text.</param>
    /// <returns>1 when parsed, 0 (with a warning in the log) when not, as __setup handlers return.</returns>
    public int setup_fault_attr(fault_attr attr, string str)
    {
        var parts = str.Split(',');
        if (parts.Length < 4 ||
            !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var interval) ||
            !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var probability) ||
            !int.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var space) ||
            !int.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var times))
        {
            this.printk("FAULT_INJECTION: failed to parse arguments");
            return 0;
        }

        attr.probability = probability;
        attr.interval = interval;
        Volatile.Write(ref attr.times, times);
        Volatile.Write(ref attr.space, space);
        return 1;
    }

    private void fail_dump(fault_attr attr)
    {
        if (attr.verbose == 0)
            return;
        this.printk("FAULT_INJECTION: forcing a failure.");
        this.printk(string.Create(
            CultureInfo.InvariantCulture,
            $"name {attr.dname}, interval {attr.interval}, probability {attr.probability}, space {Volatile.Read(ref attr.space)}, times {Volatile.Read(ref attr.times)}"));
        if (attr.verbose > 1)
            this.dump_stack();
    }

    private bool fail_task(fault_attr attr, task_struct task) => this.in_task() && task.make_it_fail;

    /* fail_stacktrace: the stack filter is not ported; every stack qualifies */
    private static bool fail_stacktrace(fault_attr attr) => true;

    /// <summary>should_fail_ex: does this call of the injection point fail?</summary>
    /// <param name="attr">The injection point's attribute.</param>
    /// <param name="size">The size asked for (space is counted in it).</param>
    /// <param name="flags">FAULT_NOWARN or 0.</param>
    /// <returns>True to inject the failure.</returns>
    public bool should_fail_ex(fault_attr attr, long size, int flags)
    {
        var stack_checked = false;

        if (this.in_task())
        {
            var task = this.current;
            var fail_nth = READ_ONCE(ref task.fail_nth);

            if (fail_nth != 0)
            {
                if (!fail_stacktrace(attr))
                    return false;

                stack_checked = true;
                fail_nth--;
                WRITE_ONCE(ref task.fail_nth, fail_nth);
                if (fail_nth == 0)
                    goto fail;

                return false;
            }
        }

        /* with probability 0 nothing else can make it fail */
        if (attr.probability == 0)
            return false;

        if (attr.task_filter && !this.fail_task(attr, this.current))
            return false;

        if (Volatile.Read(ref attr.times) == 0)
            return false;

        if (!stack_checked && !fail_stacktrace(attr))
            return false;

        if (Volatile.Read(ref attr.space) > size)
        {
            Interlocked.Add(ref attr.space, -(int)size);
            return false;
        }

        if (attr.interval > 1)
        {
            var n = Interlocked.Increment(ref attr.count);
            if (n % attr.interval != 0)
                return false;
        }

        if (attr.probability <= fault_prandom_u32_below_100(attr))
            return false;

    fail:
        if ((flags & FAULT_NOWARN) == 0)
            this.fail_dump(attr);

        if (Volatile.Read(ref attr.times) != -1)
            atomic_dec_not_zero(ref attr.times);

        return true;
    }

    /// <summary>should_fail: should_fail_ex without flags.</summary>
    /// <param name="attr">The attribute.</param>
    /// <param name="size">The size.</param>
    /// <returns>True to inject the failure.</returns>
    public bool should_fail(fault_attr attr, long size) => this.should_fail_ex(attr, size, 0);

    /// <summary>Writes /proc/PID/fail-nth (0 disarms).</summary>
    /// <param name="task">The task.</param>
    /// <param name="n">Which of its next eligible calls fails.</param>
    public static void proc_fail_nth_write(task_struct task, uint n) => WRITE_ONCE(ref task.fail_nth, n);

    /// <summary>Reads /proc/PID/fail-nth: 0 once the failure was injected (or when never armed).</summary>
    /// <param name="task">The task.</param>
    /// <returns>The countdown.</returns>
    public static uint proc_fail_nth_read(task_struct task) => READ_ONCE(ref task.fail_nth);

    /// <summary>Writes /proc/PID/make-it-fail.</summary>
    /// <param name="task">The task.</param>
    /// <param name="make_it_fail">The new value.</param>
    public static void proc_make_it_fail_write(task_struct task, bool make_it_fail) => task.make_it_fail = make_it_fail;

    private static uint fault_prandom_u32_below_100(fault_attr attr)
    {
        lock (attr.rnd_state)
            return (uint)attr.rnd_state.Next(100);
    }

    private static void atomic_dec_not_zero(ref int v)
    {
        int old;
        do
        {
            old = Volatile.Read(ref v);
            if (old == 0)
                return;
        }
        while (Interlocked.CompareExchange(ref v, old - 1, old) != old);
    }
}
