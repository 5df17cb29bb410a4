// SPDX-License-Identifier: GPL-2.0-only

//
// include/uapi/linux/capability.h: the capabilities the VFS checks that
// include/linux/cred.cs does not define yet.
namespace Linux;

/// <summary>capability.h.</summary>
public sealed partial class vmlinux
{
    public const int CAP_CHOWN = 0;
    public const int CAP_DAC_OVERRIDE = 1;
    public const int CAP_FOWNER = 3;
    public const int CAP_FSETID = 4;
    public const int CAP_SYS_RESOURCE = 24;
}
