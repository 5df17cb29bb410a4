// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/configs.c (CONFIG_IKCONFIG): the kernel carries the configuration it
// was built with, so a report can name what it measured. The build stamps the
// option list of Kbuild.props and the options set into the assembly.
using System;
using System.Linq;
using System.Reflection;

namespace Linux;

/// <summary>The build's configuration.</summary>
public sealed partial class vmlinux
{
    /// <summary>Gets every option of Kbuild.props as .config writes it ("CONFIG_X=y" or "# CONFIG_X is not set").</summary>
    public static string[] kernel_config { get; } = ikconfig();

    /// <summary>Gets the build (Debug or Release) and every option as CONFIG_X=y or =n, on one line.</summary>
    public static string build_config { get; } =
#if DEBUG
        "Debug build, " +
#else
        "Release build, " +
#endif
        string.Join(' ', kernel_config.Select(o => o.StartsWith('#') ? o[2..].Replace(" is not set", "=n", StringComparison.Ordinal) : o));

    private static string[] ikconfig()
    {
        var meta = typeof(vmlinux).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value ?? string.Empty, StringComparer.Ordinal);
        var set = meta["KbuildDefines"].Split(';', StringSplitOptions.RemoveEmptyEntries);
        return meta["KbuildOptions"].Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(o => set.Contains(o, StringComparer.Ordinal) ? o + "=y" : $"# {o} is not set").ToArray();
    }
}
