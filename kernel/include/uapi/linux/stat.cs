// SPDX-License-Identifier: GPL-2.0-only

//
// include/uapi/linux/stat.h: file mode bits.
namespace Linux;

/// <summary>Mode bits.</summary>
public sealed partial class vmlinux
{
    public const int S_IFMT = 0xF000;
    public const int S_IFLNK = 0xA000;
    public const int S_IFCHR = 0x2000;
    public const int S_IFIFO = 0x1000;
    public const int S_ISUID = 0x800;
    public const int S_ISGID = 0x400;
    public const int S_IFDIR = 0x4000;
    public const int S_IFREG = 0x8000;
    public const int S_IRWXU = 0x1C0;
    public const int S_IRUSR = 0x100;
    public const int S_IWUSR = 0x080;
    public const int S_IXUSR = 0x040;
    public const int S_IRWXG = 0x038;
    public const int S_IRWXO = 0x007;
    public const int S_IROTH = 0x004;
}
