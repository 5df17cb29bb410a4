// SPDX-License-Identifier: GPL-2.0-only

//
// lib/dump_stack.c: the CPU/PID/Comm header and the call trace. The frames
// are the port's own functions (the kernel's methods on the call stack,
// innermost first), printed as a symbolized dmesg prints them,
// "function+0xOFF/0xLEN file:line" (kernel/kallsyms.cs).
using System.Collections.Generic;
using System.Globalization;

namespace Linux;

/// <summary>dump_stack and the kernel identification line.</summary>
public sealed partial class vmlinux
{
    /// <summary>The release string of the port (utsname()->release).</summary>
    public const string UTS_RELEASE = "6.19.0-pidfs.cs";

    /// <summary>print_kernel_ident's text: release, version, taint.</summary>
    /// <returns>"6.19.0-pidfs.cs #1 Not tainted" (or "Tainted: G        W" after a WARN).</returns>
    public string kernel_ident() => $"{UTS_RELEASE} #1 {(this.warns.Count > 0 ? "Tainted: G        W" : "Not tainted")}";

    /// <summary>dump_stack: prints the header and the call trace of this CPU.</summary>
    public void dump_stack()
    {
        foreach (var l in this.dump_stack_lines(1))
            this.printk(l);
    }

    /// <summary>The lines dump_stack would print.</summary>
    /// <param name="skip">Frames of the caller to leave out.</param>
    /// <returns>The lines.</returns>
    internal List<string> dump_stack_lines(int skip)
    {
        var t = this.current;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"CPU: {this.this_cpu.id} UID: 0 PID: {t.pid} Comm: {t.comm} {this.kernel_ident().Substring(UTS_RELEASE.Length + 1)}"),
            "Call Trace:",
            " <TASK>",
        };
        lines.AddRange(stack_trace_lines(skip + 1, 32));
        lines.Add(" </TASK>");
        return lines;
    }

    /// <summary>stack_trace_save + stack_trace_print: the port's functions on this thread's stack, innermost first, symbolized.</summary>
    /// <param name="skip">Frames to leave out.</param>
    /// <param name="max">At most this many frames.</param>
    /// <returns>One " function+0xOFF/0xLEN file:line" line per frame.</returns>
    internal static List<string> stack_trace_lines(int skip, int max) => stack_trace_print(stack_trace_save(skip + 1, max));

    /// <summary>stack_trace_print: one line per saved frame.</summary>
    /// <param name="entries">The frames.</param>
    /// <returns>The lines.</returns>
    internal static List<string> stack_trace_print(stack_entry[]? entries)
    {
        var lines = new List<string>();
        foreach (var e in entries ?? [])
            lines.Add(" " + sprint_backtrace(e));
        return lines;
    }
}
