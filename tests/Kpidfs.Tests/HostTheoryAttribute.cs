// SPDX-License-Identifier: GPL-2.0-only

using Kpidfs.Host;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>A theory that needs the host kernel's pidfs; it is skipped (not failed) on a kernel without it.</summary>
public sealed class HostTheoryAttribute : TheoryAttribute
{
    /// <summary>Initializes a new instance of the <see cref="HostTheoryAttribute"/> class.</summary>
    public HostTheoryAttribute()
    {
        if (HostBackend.Unsupported is { } why)
        {
            this.Skip = why;
        }
    }
}
