// SPDX-License-Identifier: GPL-2.0-only

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Linux;

namespace Kpidfs;

/// <summary>Speed of the model (measured here, never asserted in tests).</summary>
internal static class Bench
{
    /// <summary>alloc_pid+free_pid pairs in the initial namespace with pid_max raised to PID_MAX_LIMIT.</summary>
    /// <param name="count">How many pairs.</param>
    /// <returns>The report.</returns>
    public static string PidAllocFree(int count)
    {
        var sb = new StringBuilder();
        var k = vmlinux.boot();
        k.syscall(k.init_process, () => k.sysctl_write("kernel/pid_max", vmlinux.PID_MAX_LIMIT.ToString(CultureInfo.InvariantCulture)));

        var sw = Stopwatch.StartNew();
        k.syscall(k.init_process, () =>
        {
            for (var i = 0; i < count; i++)
            {
                k.free_pid(k.alloc_pid(k.init_pid_ns, null, 0));
            }

            return 0;
        });
        k.rcu_barrier();
        sw.Stop();
        sb.AppendLine(CultureInfo.InvariantCulture, $"alloc_pid+free_pid pairs: {count} in {sw.Elapsed.TotalSeconds:F2} s ({count / sw.Elapsed.TotalSeconds:F0}/s), pid_max {vmlinux.PID_MAX_LIMIT}");

        var pids = new System.Collections.Generic.List<pid>();
        sw.Restart();
        k.syscall(k.init_process, () =>
        {
            while (true)
            {
                var p = k.alloc_pid(k.init_pid_ns, null, 0);
                if (vmlinux.IS_ERR(p))
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"namespace full after {pids.Count} more pids: alloc_pid gives {errno.errname(vmlinux.PTR_ERR(p))}");
                    break;
                }

                pids.Add(p);
            }

            foreach (var p in pids)
            {
                k.free_pid(p);
            }

            return 0;
        });
        k.rcu_barrier();
        sw.Stop();
        sb.AppendLine(CultureInfo.InvariantCulture, $"fill to pid_max and free: {pids.Count} pids in {sw.Elapsed.TotalSeconds:F2} s");
        sb.AppendLine("1 benchmark run, 0 failed");
        return sb.ToString();
    }
}
