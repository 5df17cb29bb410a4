// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/cpu.c, CPU hotplug, as far as the model's CPUs need it. A host
// thread that enters a booted kernel becomes one of its CPUs and is online
// from then on (arch/cs/kernel/cpu.cs). Subsystems that keep per-CPU state
// register a hotplug state with a teardown callback; when the kernel shuts
// down (teardown), smp_shutdown_nonboot_cpus takes every CPU but the boot
// CPU offline, running each state's teardown for it from the highest state
// down, as _cpu_down does. So what a CPU holds for itself (radix tree
// preload nodes) goes back before the leak check, whichever test used the
// CPU.
//
// Not ported: bringing a CPU up through the states (a model CPU comes online
// on its first entry, and every per-CPU pool starts empty, so there is
// nothing to set up), the per-CPU hotplug thread, multi-instance and dynamic
// states, and the rollback of a teardown that fails (the model's teardowns
// cannot fail; a failure is reported and stops the shutdown, as upstream).
using System;

namespace Linux;

/// <summary>The hotplug states the port uses, in upstream's order (include/linux/cpuhotplug.h).</summary>
public enum cpuhp_state
{
    /// <summary>No state.</summary>
    CPUHP_INVALID = -1,

    /// <summary>The CPU is offline.</summary>
    CPUHP_OFFLINE = 0,

    /// <summary>The radix tree's per-CPU preload pool (lib/radix-tree.cs).</summary>
    CPUHP_RADIX_DEAD,

    /// <summary>The CPU is online.</summary>
    CPUHP_ONLINE,
}

/// <summary>struct cpuhp_step: a state's name and callbacks.</summary>
public sealed class cpuhp_step
{
    /// <summary>Gets or sets the state's name (null: the state is free).</summary>
    public string? name { get; set; }

    /// <summary>Gets or sets the bring-up callback (given the CPU number).</summary>
    public Func<int, int>? startup { get; set; }

    /// <summary>Gets or sets the teardown callback (given the CPU number).</summary>
    public Func<int, int>? teardown { get; set; }
}

/// <summary>CPU hotplug.</summary>
public sealed partial class vmlinux
{
    /* cpuhp_hp_states: one step per state */
    private readonly cpuhp_step[] cpuhp_hp_states = CreateSteps();

    /* cpu_add_remove_lock: serialises hotplug operations (cpu_maps_update_begin/done) */
    private readonly object cpu_add_remove_lock = new();

    /// <summary>
    /// cpuhp_setup_state_nocalls: registers <paramref name="state"/>'s callbacks without calling
    /// them for the CPUs already online.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="name">Its name.</param>
    /// <param name="startup">The bring-up callback, or null.</param>
    /// <param name="teardown">The teardown callback, or null.</param>
    /// <returns>0, -EINVAL for a state out of range, -EBUSY if it is taken.</returns>
    public int cpuhp_setup_state_nocalls(cpuhp_state state, string name, Func<int, int>? startup, Func<int, int>? teardown)
    {
        if (state <= cpuhp_state.CPUHP_OFFLINE || state >= cpuhp_state.CPUHP_ONLINE)
            return -errno.EINVAL;

        lock (this.cpu_add_remove_lock)
            return this.cpuhp_store_callbacks(state, name, startup, teardown);
    }

    /// <summary>
    /// smp_shutdown_nonboot_cpus: at shutdown, every online CPU but <paramref name="primary_cpu"/>
    /// goes offline, running the teardown callbacks of every state for it.
    /// </summary>
    /// <param name="primary_cpu">The CPU that stays online (the boot CPU; the first online one if it is offline).</param>
    public void smp_shutdown_nonboot_cpus(int primary_cpu)
    {
        lock (this.cpu_add_remove_lock)
        {
            var online = this.online_cpus();
            if (Array.FindIndex(online, c => c.id == primary_cpu) < 0 && online.Length > 0)
                primary_cpu = online[0].id;

            foreach (var cpu in online)
            {
                if (cpu.id == primary_cpu)
                    continue;

                var error = this.cpu_down_maps_locked(cpu, cpuhp_state.CPUHP_OFFLINE);
                if (error != 0)
                {
                    this.printk($"Failed to offline CPU{cpu.id} - error={error}");
                    break;
                }
            }

            this.BUG_ON(this.online_cpus().Length > 1);
        }
    }

    private static cpuhp_step[] CreateSteps()
    {
        var steps = new cpuhp_step[(int)cpuhp_state.CPUHP_ONLINE + 1];
        for (var i = 0; i < steps.Length; i++)
            steps[i] = new cpuhp_step();
        steps[(int)cpuhp_state.CPUHP_OFFLINE].name = "offline";
        steps[(int)cpuhp_state.CPUHP_ONLINE].name = "online";
        return steps;
    }

    private int cpuhp_store_callbacks(cpuhp_state state, string name, Func<int, int>? startup, Func<int, int>? teardown)
    {
        var sp = this.cpuhp_hp_states[(int)state];
        if (sp.name != null)
            return -errno.EBUSY;

        sp.startup = startup;
        sp.teardown = teardown;
        sp.name = name;
        return 0;
    }

    /* cpuhp_invoke_callback: the state's callback for one direction, if it has one */
    private int cpuhp_invoke_callback(int cpu, cpuhp_state state, bool bringup)
    {
        var step = this.cpuhp_hp_states[(int)state];
        var cb = bringup ? step.startup : step.teardown;
        return cb == null ? 0 : cb(cpu);
    }

    /* cpuhp_down_callbacks: from the CPU's state down to target, each state's teardown */
    private int cpuhp_down_callbacks(cpu_context cpu, cpuhp_state target)
    {
        for (; cpu.cpuhp_state > target; cpu.cpuhp_state--)
        {
            var ret = this.cpuhp_invoke_callback(cpu.id, cpu.cpuhp_state, false);
            if (ret != 0)
                return ret;
        }

        return 0;
    }

    /* cpu_down_maps_locked: _cpu_down with cpu_add_remove_lock held; an offline CPU is left alone */
    private int cpu_down_maps_locked(cpu_context cpu, cpuhp_state target)
    {
        if (cpu.cpuhp_state <= target)
            return 0;

        return this.cpuhp_down_callbacks(cpu, target);
    }
}
