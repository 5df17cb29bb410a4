// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/fs_struct.h: a task's root and working directory. The
// port has no fs_struct: every task's root and working directory is the
// root of the model's rootfs (init_root, fs/namespace.cs).
namespace Linux;

/// <summary>fs_struct.h.</summary>
public sealed partial class vmlinux
{
    /* get_fs_pwd: current's working directory, with references */
    public void get_fs_pwd(task_struct task, [__returns_ref] out path pwd)
    {
        pwd = this.init_root;
        this.path_get(pwd);
    }

    /* get_fs_root: current's root directory, with references */
    public void get_fs_root(task_struct task, [__returns_ref] out path root)
    {
        root = this.init_root;
        this.path_get(root);
    }
}
