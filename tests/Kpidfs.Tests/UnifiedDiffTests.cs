// SPDX-License-Identifier: GPL-2.0-only

using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>The unified diff `kpidfs diff` prints.</summary>
public class UnifiedDiffTests
{
    /// <summary>Equal texts give nothing; a change gives one hunk with context.</summary>
    [Fact]
    public void Hunks()
    {
        Assert.Equal(string.Empty, UnifiedDiff.Diff("a\nb\n", "a\nb\n", "x", "y"));
        Assert.Equal(
            "--- x\n+++ y\n@@ -1,6 +1,6 @@\n a\n b\n-c\n+C\n d\n e\n f\n",
            UnifiedDiff.Diff("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nC\nd\ne\nf\ng\n", "x", "y"));
        Assert.Equal("--- x\n+++ y\n@@ -0,0 +1,1 @@\n+a\n", UnifiedDiff.Diff(string.Empty, "a\n", "x", "y"));
        Assert.Equal(
            "--- x\n+++ y\n@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n@@ -7,4 +7,4 @@\n g\n h\n i\n-j\n+J\n",
            UnifiedDiff.Diff("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n", "A\nb\nc\nd\ne\nf\ng\nh\ni\nJ\n", "x", "y"));
    }
}
