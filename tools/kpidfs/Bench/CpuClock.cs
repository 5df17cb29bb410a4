// SPDX-License-Identifier: GPL-2.0-only

using System.Runtime.InteropServices;

namespace Kpidfs.Bench;

/// <summary>
/// The calling thread's CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID)): user and system time this
/// thread was given, whatever else the machine runs, so a loaded machine stretches wall time but not this.
/// </summary>
internal static class CpuClock
{
    private const int ClockThreadCputimeId = 3;

    /// <summary>Gets the calling thread's CPU time so far, in nanoseconds.</summary>
    /// <returns>Nanoseconds.</returns>
    public static long ThreadNs()
    {
        ClockGettime(ClockThreadCputimeId, out var ts);
        return (ts.Sec * 1_000_000_000) + ts.Nsec;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGettime(int clock, out Timespec ts);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Sec;
        public long Nsec;
    }
}
