// SPDX-License-Identifier: GPL-2.0-only

using System.Linq;
using Linux;
using Xunit;

namespace Tests.Shared;

/// <summary>A test of a debug facility (shared by Kernel.Tests and Kpidfs.Tests as a linked file): skipped, with the reason, in a build that compiles the facility out.</summary>
public sealed class KconfigFactAttribute : FactAttribute
{
    /// <summary>Initializes a new instance of the <see cref="KconfigFactAttribute"/> class.</summary>
    /// <param name="option">The option the test needs set (CONFIG_LOCKDEP, CONFIG_PROVE_LOCKING, ...).</param>
    public KconfigFactAttribute(string option)
    {
        if (!vmlinux.kernel_config.Contains(option + "=y"))
        {
            this.Skip = $"needs {option}=y; this build (e.g. -p:Kconfig=production) compiles it out";
        }
    }
}
