// SPDX-License-Identifier: GPL-2.0-only

//
// fs/nsfs.c, as far as the file handle code reaches it.
//
// Not ported: nsfs itself. FD_NSFS_ROOT resolves to the model's rootfs
// root, a filesystem that decodes no handle, so opening a pidfs handle
// relative to it is ESTALE, which is what the host answers.
namespace Linux;

/// <summary>fs/nsfs.c.</summary>
public sealed partial class vmlinux
{
    /* nsfs_get_root: the nsfs root, with references (see the file comment) */
    public void nsfs_get_root([__returns_ref] out path path)
    {
        path = this.init_root;
        this.path_get(path);
    }
}
