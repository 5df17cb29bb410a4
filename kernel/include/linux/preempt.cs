// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/preempt.h: which context this CPU is in. The model has no
// interrupts of its own; RCU callbacks run as softirqs (cpu.in_softirq), and
// a test may run code as a hard interrupt handler (cpu.hardirq_count). The
// preemption count is derived from what disables preemption here: held
// spinning locks and disabled interrupts.
namespace Linux;

/// <summary>preempt.h.</summary>
public sealed partial class vmlinux
{
    /// <summary>in_hardirq: running a hard interrupt handler.</summary>
    /// <returns>True in hardirq context.</returns>
    public bool in_hardirq() => this.this_cpu.hardirq_count > 0;

    /// <summary>in_serving_softirq: running softirq work (RCU callbacks).</summary>
    /// <returns>True in softirq context.</returns>
    public bool in_serving_softirq() => this.this_cpu.in_softirq;

    /// <summary>in_task: neither in a hard nor a soft interrupt.</summary>
    /// <returns>True in task context.</returns>
    public bool in_task()
    {
        var cpu = this.this_cpu;
        return cpu.hardirq_count == 0 && !cpu.in_softirq;
    }

    /// <summary>preempt_count: spinning locks held (each disables preemption) plus the interrupt nesting.</summary>
    /// <returns>The count, in the kernel's layout (softirq at bit 8, hardirq at bit 16).</returns>
    public int preempt_count()
    {
        var cpu = this.this_cpu;
        var count = 0;
        foreach (var h in cpu.held_locks)
        {
            if (h.map.dep_class.wait_type_inner == lockdep_wait_type.LD_WAIT_SPIN)
                count++;
        }

        if (cpu.in_softirq)
            count += SOFTIRQ_OFFSET;
        count += cpu.hardirq_count * HARDIRQ_OFFSET;
        return count;
    }

    /// <summary>in_atomic: preemption is off.</summary>
    /// <returns>True when the preempt count is not zero.</returns>
    public bool in_atomic() => this.preempt_count() != 0;

    public const int SOFTIRQ_OFFSET = 1 << 8;
    public const int HARDIRQ_OFFSET = 1 << 16;

    /// <summary>Runs <paramref name="handler"/> as a hard interrupt on this CPU (irq_enter/irq_exit), interrupts off.</summary>
    /// <param name="handler">The handler.</param>
    public void run_hardirq(System.Action handler)
    {
        var cpu = this.this_cpu;
        var flags = this.local_irq_save();
        cpu.hardirq_count++;
        try
        {
            handler();
        }
        finally
        {
            cpu.hardirq_count--;
            this.local_irq_restore(flags);
        }
    }
}
