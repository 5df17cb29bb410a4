// SPDX-License-Identifier: GPL-2.0-only

// include/uapi/asm-generic/ioctl.h: how an ioctl number packs direction,
// type, number and argument size (the generic layout x86 uses).
namespace Linux;

/// <summary>ioctl number encoding.</summary>
public sealed partial class vmlinux
{
    public const int _IOC_NRSHIFT = 0;
    public const int _IOC_TYPESHIFT = 8;
    public const int _IOC_SIZESHIFT = 16;
    public const int _IOC_DIRSHIFT = 30;
    public const uint _IOC_WRITE_READ = 3U << _IOC_DIRSHIFT;

    /// <summary>_IOC(dir, type, nr, size).</summary>
    /// <param name="dir">Direction bits.</param>
    /// <param name="type">The type byte.</param>
    /// <param name="nr">The number.</param>
    /// <param name="size">The argument size.</param>
    /// <returns>The command.</returns>
    public static uint _IOC(uint dir, uint type, uint nr, uint size) =>
        (dir << _IOC_DIRSHIFT) | (type << _IOC_TYPESHIFT) | (nr << _IOC_NRSHIFT) | (size << _IOC_SIZESHIFT);

    /// <summary>_IOC_DIR.</summary>
    /// <param name="cmd">The command.</param>
    /// <returns>The direction bits.</returns>
    public static uint _IOC_DIR(uint cmd) => cmd >> _IOC_DIRSHIFT;

    /// <summary>_IOC_TYPE.</summary>
    /// <param name="cmd">The command.</param>
    /// <returns>The type byte.</returns>
    public static uint _IOC_TYPE(uint cmd) => (cmd >> _IOC_TYPESHIFT) & 0xff;

    /// <summary>_IOC_NR.</summary>
    /// <param name="cmd">The command.</param>
    /// <returns>The number.</returns>
    public static uint _IOC_NR(uint cmd) => (cmd >> _IOC_NRSHIFT) & 0xff;

    /// <summary>_IOC_SIZE.</summary>
    /// <param name="cmd">The command.</param>
    /// <returns>The argument size.</returns>
    public static uint _IOC_SIZE(uint cmd) => (cmd >> _IOC_SIZESHIFT) & 0x3fff;

    /// <summary>extensible_ioctl_valid: same direction, type and number, and at least <paramref name="min_size"/> bytes.</summary>
    /// <param name="cmd_a">The command given.</param>
    /// <param name="cmd_b">The reference command.</param>
    /// <param name="min_size">The smallest accepted size.</param>
    /// <returns>True if it names the same extensible ioctl.</returns>
    public static bool extensible_ioctl_valid(uint cmd_a, uint cmd_b, uint min_size)
    {
        if (_IOC_DIR(cmd_a) != _IOC_DIR(cmd_b))
            return false;
        if (_IOC_TYPE(cmd_a) != _IOC_TYPE(cmd_b))
            return false;
        if (_IOC_NR(cmd_a) != _IOC_NR(cmd_b))
            return false;
        if (_IOC_SIZE(cmd_a) < min_size)
            return false;
        return true;
    }
}
