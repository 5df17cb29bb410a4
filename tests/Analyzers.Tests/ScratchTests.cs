// SPDX-License-Identifier: GPL-2.0-only
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>Scratch.</summary>
public class ScratchTests
{
    /// <summary>Scratch.</summary>
    [Fact]
    public void Scratch()
    {
        Harness.Verify(System.IO.File.ReadAllText("/tmp/scratch.cs"));
    }
}
