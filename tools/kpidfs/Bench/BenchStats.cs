// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Bench;

/// <summary>Order statistics of a benchmark's rounds: the median and the quartiles around it.</summary>
public static class BenchStats
{
    /// <summary>The median (0 for no values).</summary>
    /// <param name="xs">The values.</param>
    /// <returns>The median.</returns>
    public static double Median(IReadOnlyCollection<double> xs) => Quantile(xs, 0.5);

    /// <summary>The q-quantile, interpolated between the two nearest values (0 for no values).</summary>
    /// <param name="xs">The values.</param>
    /// <param name="q">Between 0 and 1: 0.25 for the first quartile.</param>
    /// <returns>The quantile.</returns>
    public static double Quantile(IReadOnlyCollection<double> xs, double q)
    {
        var s = xs.Order().ToArray();
        if (s.Length == 0)
        {
            return 0;
        }

        var at = q * (s.Length - 1);
        var below = (int)at;
        return below + 1 < s.Length ? s[below] + ((at - below) * (s[below + 1] - s[below])) : s[below];
    }

    /// <summary>The interquartile range relative to the median, in percent: how far apart the middle half of the rounds lie.</summary>
    /// <param name="xs">The values.</param>
    /// <returns>Percent of the median (0 for no values or a zero median).</returns>
    public static double IqrPercent(IReadOnlyCollection<double> xs)
    {
        var m = Median(xs);
        return m == 0 ? 0 : (Quantile(xs, 0.75) - Quantile(xs, 0.25)) / m * 100;
    }
}
