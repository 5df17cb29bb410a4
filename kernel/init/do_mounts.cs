// SPDX-License-Identifier: GPL-2.0-only

//
// init/do_mounts.c: the root filesystem the kernel mounts before anything
// else. Upstream it is ramfs or tmpfs; the model only needs a directory
// that is not pidfs (so AT_FDCWD resolves somewhere real), so rootfs here
// is a pseudo filesystem with a single empty root directory and no export
// operations.
//
// Not ported: initramfs, the real root device, tmpfs as rootfs.
namespace Linux;

/// <summary>init/do_mounts.c.</summary>
public sealed partial class vmlinux
{
    public const ulong RAMFS_MAGIC = 0x858458f6;

    public file_system_type? rootfs_fs_type;

    private int rootfs_init_fs_context(fs_context fc)
    {
        var ctx = this.init_pseudo(fc, RAMFS_MAGIC);
        if (ctx == null)
            return -errno.ENOMEM;
        return 0;
    }

    /* init_rootfs: registers the root filesystem type */
    public void init_rootfs()
    {
        this.rootfs_fs_type = new file_system_type
        {
            name = "rootfs",
            init_fs_context = this.rootfs_init_fs_context,
            kill_sb = this.kill_anon_super,
        };
    }
}
