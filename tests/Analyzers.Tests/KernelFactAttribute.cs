// SPDX-License-Identifier: GPL-2.0-only
using System.IO;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>A fact that is skipped, with a clear message, while the kernel file it needs does not exist yet.</summary>
public sealed class KernelFactAttribute : FactAttribute
{
    /// <summary>Initializes a new instance of the <see cref="KernelFactAttribute"/> class.</summary>
    /// <param name="relativePath">The kernel file, relative to the repository root.</param>
    public KernelFactAttribute(string relativePath)
    {
        this.RelativePath = relativePath;
        if (!File.Exists(Path.Combine(Repo.Root, relativePath)))
        {
            this.Skip = relativePath + " does not exist yet: this end-to-end test runs once the kernel port lands it";
        }
    }

    /// <summary>Gets the kernel file the test plants a violation in.</summary>
    public string RelativePath { get; }
}
