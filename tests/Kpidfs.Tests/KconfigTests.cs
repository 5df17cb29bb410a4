// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Linux;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>Kbuild.props, the build files and the configuration the kernel reports agree.</summary>
public class KconfigTests
{
    private static readonly string[] Options = ReadOptions();

    /// <summary>The kernel names every option of Kbuild.props, set as this build's compile symbols say.</summary>
    [Fact]
    public void KernelNamesEveryOption()
    {
        Assert.Equal(Options, vmlinux.kernel_config.Select(o => o.TrimStart('#', ' ').Split('=', ' ')[0]));
#if CONFIG_64BIT
        Assert.Contains("CONFIG_64BIT=y", vmlinux.kernel_config);
#else
        Assert.Contains("# CONFIG_64BIT is not set", vmlinux.kernel_config);
#endif
#if CONFIG_LOCKDEP
        Assert.Contains("CONFIG_LOCKDEP=y", vmlinux.kernel_config);
#else
        Assert.Contains("# CONFIG_LOCKDEP is not set", vmlinux.kernel_config);
#endif
        foreach (var o in Options)
        {
            Assert.Contains($" {o}=", " " + vmlinux.build_config, StringComparison.Ordinal);
        }
    }

    /// <summary>Every option becomes a compile symbol and names its variant's output folders, so variants never share obj/ or bin/.</summary>
    [Fact]
    public void EveryOptionHasItsDefineAndVariant()
    {
        var props = File.ReadAllText(Path.Combine(RepoRoot(), "Directory.Build.props"));
        var targets = File.ReadAllText(Path.Combine(RepoRoot(), "Directory.Build.targets"));
        foreach (var o in Options)
        {
            Assert.Contains($"'$({o})' == 'y'\">$(KbuildDefines);{o}</KbuildDefines>", targets, StringComparison.Ordinal);
            Assert.Contains($"'$({o})' != 'y'", props, StringComparison.Ordinal);
        }
    }

    private static string[] ReadOptions()
    {
        var props = XDocument.Load(Path.Combine(RepoRoot(), "Kbuild.props"));
        return props.Descendants("KbuildOptions").Single().Value.Split(';');
    }

    private static string RepoRoot([CallerFilePath] string file = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));
}
