// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/configs.c (CONFIG_IKCONFIG): the kernel carries the configuration it
// was built with, so a report can name what it measured. Every option of
// Kbuild.props appears here, set or not, in .config's notation.
namespace Linux;

/// <summary>The build's configuration.</summary>
public sealed partial class vmlinux
{
    /// <summary>Gets the options this kernel was built with, one per entry, as .config writes them.</summary>
    public static string[] kernel_config { get; } =
    [
#if CONFIG_64BIT
        "CONFIG_64BIT=y",
#else
        "# CONFIG_64BIT is not set",
#endif
#if CONFIG_PID_NS
        "CONFIG_PID_NS=y",
#else
        "# CONFIG_PID_NS is not set",
#endif
#if CONFIG_PROC_FS
        "CONFIG_PROC_FS=y",
#else
        "# CONFIG_PROC_FS is not set",
#endif
#if CONFIG_PROVE_LOCKING
        "CONFIG_PROVE_LOCKING=y",
#else
        "# CONFIG_PROVE_LOCKING is not set",
#endif
#if CONFIG_CGROUPS
        "CONFIG_CGROUPS=y",
#else
        "# CONFIG_CGROUPS is not set",
#endif
#if CONFIG_COREDUMP
        "CONFIG_COREDUMP=y",
#else
        "# CONFIG_COREDUMP is not set",
#endif
    ];

    /// <summary>Gets the build (Debug or Release) and the options, on one line.</summary>
    public static string build_config { get; } =
#if DEBUG
        "Debug build, " +
#else
        "Release build, " +
#endif
        string.Join(' ', System.Array.ConvertAll(kernel_config, o => o.StartsWith('#') ? o[2..].Replace(" is not set", "=n", System.StringComparison.Ordinal) : o));
}
