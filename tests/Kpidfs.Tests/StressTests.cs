// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.IO;
using Kpidfs.Stress;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>`kpidfs stress`.</summary>
public class StressTests
{
    /// <summary>Two CPUs, 3,000 operations: the closing line has the counts, all zero but the operations.</summary>
    [Fact]
    public void ShortRunIsClean()
    {
        var output = new StringWriter();
        var code = StressCommand.Run(2, 3000, 1, output);
        var lines = output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        Assert.Equal("3000 ops, 0 splats, 0 leaks, 0 reused inodes, 0 reaped pidfds without exit info, 0 hangs", lines[^1]);
        Assert.Matches(@"^3000 ops in [0-9.]+ s on 2 CPUs: [0-9]+ ops/s$", lines[^2]);
        Assert.Equal(0, code);
    }
}
