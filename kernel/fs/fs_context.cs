// SPDX-License-Identifier: GPL-2.0-only

//
// fs/fs_context.c: creating and releasing the context a mount is built
// from. The filesystem's init_fs_context fills in its operations.
//
// Not ported: parameter parsing, the legacy mount(2) data path,
// reconfiguration and submount contexts.
namespace Linux;

/// <summary>fs/fs_context.c.</summary>
public sealed partial class vmlinux
{
    private fs_context alloc_fs_context(file_system_type fs_type, dentry? reference, ulong sb_flags, ulong sb_flags_mask, fs_context_purpose purpose)
    {
        fs_context? fc;
        int ret;

        fc = this.kzalloc<fs_context>(GFP_KERNEL_ACCOUNT);
        if (fc == null)
            return ERR_PTR<fs_context>(-errno.ENOMEM);
        fc.purpose = purpose;
        fc.sb_flags = sb_flags;
        fc.sb_flags_mask = sb_flags_mask;
        fc.fs_type = fs_type;
        fc.cred = this.get_cred(this.current_cred());
        fc.user_ns = this.get_user_ns(fc.cred.user_ns);

        ret = fs_type.init_fs_context!(fc);
        if (ret < 0)
        {
            this.put_fs_context(fc);
            return ERR_PTR<fs_context>(ret);
        }

        return fc;
    }

    /* fs_context_for_mount: a context to mount fs_type */
    [return: __returns_ref]
    public fs_context fs_context_for_mount(file_system_type fs_type, ulong sb_flags) =>
        this.alloc_fs_context(fs_type, null, sb_flags, 0, fs_context_purpose.FS_CONTEXT_FOR_MOUNT);

    /* put_fs_context: releases the context and whatever references it still holds */
    public void put_fs_context([__releases_ref] fs_context fc)
    {
        super_block sb;

        if (fc.root != null)
        {
            sb = fc.root.d_sb;
            this.dput(fc.root);
            fc.root = null;
            this.deactivate_super(sb);
        }

        if (fc.ops?.free != null)
            fc.ops.free(fc);

        this.put_user_ns(fc.user_ns);
        this.put_cred(fc.cred);
        this.kfree(fc);
    }
}
