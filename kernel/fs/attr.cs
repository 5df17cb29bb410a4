// SPDX-License-Identifier: GPL-2.0-only

//
// fs/attr.c: changing an inode's attributes (chmod, chown, utimes,
// truncate). notify_change() is the single entry: it checks what no
// filesystem may allow (immutable and append-only inodes, symlink modes,
// ids that do not map into the filesystem), stamps the change time - on
// the inode itself, before the filesystem is asked, so even a refused
// change moves ctime, as upstream - turns ATTR_KILL_S*ID into mode changes,
// and then hands the change to the inode's ->setattr. pidfs and anonymous
// inodes refuse every change there (EOPNOTSUPP).
//
// Not ported: simple_setattr and setattr_prepare/setattr_copy (every inode
// a descriptor of the port can reach has its own ->setattr, so the generic
// fallback is never taken; reaching it is a WARN and EOPNOTSUPP, not a
// silent success), timestamp_truncate (the port's times are whole
// nanoseconds), delegations, fsnotify and the LSM hooks (no LSM).
namespace Linux;

/// <summary>fs/attr.c.</summary>
public sealed partial class vmlinux
{
    public const uint ATTR_MODE = 1 << 0;
    public const uint ATTR_UID = 1 << 1;
    public const uint ATTR_GID = 1 << 2;
    public const uint ATTR_SIZE = 1 << 3;
    public const uint ATTR_ATIME = 1 << 4;
    public const uint ATTR_MTIME = 1 << 5;
    public const uint ATTR_CTIME = 1 << 6;
    public const uint ATTR_ATIME_SET = 1 << 7;
    public const uint ATTR_MTIME_SET = 1 << 8;
    public const uint ATTR_FORCE = 1 << 9;
    public const uint ATTR_KILL_SUID = 1 << 11;
    public const uint ATTR_KILL_SGID = 1 << 12;
    public const uint ATTR_FILE = 1 << 13;
    public const uint ATTR_KILL_PRIV = 1 << 14;
    public const uint ATTR_OPEN = 1 << 15;
    public const uint ATTR_TIMES_SET = 1 << 16;
    public const uint ATTR_TOUCH = 1 << 17;
    public const uint ATTR_DELEG = 1 << 18;

    /* (uid_t)-1 / (gid_t)-1: "no such id", what make_kuid gives for an unmapped id */
    public const uint INVALID_UID = uint.MaxValue;
    public const uint INVALID_GID = uint.MaxValue;

    public static bool uid_valid(uint uid) => uid != INVALID_UID;

    public static bool gid_valid(uint gid) => gid != INVALID_GID;

    /* in_group_or_capable: may the caller keep the setgid bit of a file of group gid? */
    private bool in_group_or_capable(mnt_idmap idmap, inode inode, uint vfsgid)
    {
        if (this.in_group_p(vfsgid))
            return true;
        if (this.capable_wrt_inode_uidgid(idmap, inode, CAP_FSETID))
            return true;
        return false;
    }

    /* setattr_should_drop_sgid: ATTR_KILL_SGID when a change must drop the setgid bit */
    public int setattr_should_drop_sgid(mnt_idmap idmap, inode inode)
    {
        var mode = inode.i_mode;

        if ((mode & S_ISGID) == 0)
            return 0;
        if ((mode & S_IXGRP) != 0)
            return (int)ATTR_KILL_SGID;
        if (!this.in_group_or_capable(idmap, inode, i_gid_into_vfsgid(idmap, inode)))
            return (int)ATTR_KILL_SGID;
        return 0;
    }

    /* may_setattr: what no change may do to an immutable or append-only inode */
    public int may_setattr(mnt_idmap idmap, inode inode, uint ia_valid)
    {
        int error;

        if ((ia_valid & (ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_TIMES_SET)) != 0)
        {
            if (IS_IMMUTABLE(inode) || IS_APPEND(inode))
                return -errno.EPERM;
        }

        /* utimes with "now" needs write permission (or ownership) */
        if ((ia_valid & ATTR_TOUCH) != 0)
        {
            if (IS_IMMUTABLE(inode))
                return -errno.EPERM;

            if (!this.inode_owner_or_capable(idmap, inode))
            {
                error = this.inode_permission(idmap, inode, MAY_WRITE);
                if (error != 0)
                    return error;
            }
        }

        return 0;
    }

    /* setattr_vfsuid / setattr_vfsgid: ask for an owner change, if the id is valid */
    public static bool setattr_vfsuid(iattr attr, uint vfsuid)
    {
        if (!uid_valid(vfsuid))
            return false;
        attr.ia_valid |= ATTR_UID;
        attr.ia_uid = vfsuid;
        return true;
    }

    public static bool setattr_vfsgid(iattr attr, uint vfsgid)
    {
        if (!gid_valid(vfsgid))
            return false;
        attr.ia_valid |= ATTR_GID;
        attr.ia_gid = vfsgid;
        return true;
    }

    /*
     * notify_change: the one way an inode's attributes change; the caller
     * holds the inode lock. See the file comment for what is checked here.
     */
    [__must_hold("dentry.d_inode.i_rwsem")]
    public int notify_change(mnt_idmap idmap, dentry dentry, iattr attr)
    {
        var inode = dentry.d_inode!;
        var mode = inode.i_mode;
        int error;
        timespec64 now;
        var ia_valid = attr.ia_valid;

        this.WARN_ON_ONCE(!this.inode_is_locked(inode));

        error = this.may_setattr(idmap, inode, ia_valid);
        if (error != 0)
            return error;

        if ((ia_valid & ATTR_MODE) != 0)
        {
            /* a symlink's mode means nothing and cannot change */
            if (S_ISLNK(inode.i_mode))
                return -errno.EOPNOTSUPP;

            /* setuid/setgid bits: the inode may no longer skip the security checks */
            if ((attr.ia_mode & (S_ISUID | S_ISGID)) != 0)
                inode.i_flags &= ~S_NOSEC;
        }

        now = inode_set_ctime_current(inode);

        attr.ia_ctime = now;
        if ((ia_valid & ATTR_ATIME_SET) == 0)
            attr.ia_atime = now;
        if ((ia_valid & ATTR_MTIME_SET) == 0)
            attr.ia_mtime = now;

        if ((ia_valid & ATTR_KILL_PRIV) != 0)
        {
            error = cap_inode_need_killpriv(dentry);
            if (error < 0)
                return error;
            if (error == 0)
                ia_valid = attr.ia_valid &= ~ATTR_KILL_PRIV;
        }

        /* a mode change and a kill of the setid bits never come together */
        if ((ia_valid & (ATTR_KILL_SUID | ATTR_KILL_SGID)) != 0 && (ia_valid & ATTR_MODE) != 0)
            this.BUG("notify_change: ATTR_MODE with ATTR_KILL_S*ID");

        if ((ia_valid & ATTR_KILL_SUID) != 0)
        {
            if ((mode & S_ISUID) != 0)
            {
                ia_valid = attr.ia_valid |= ATTR_MODE;
                attr.ia_mode = inode.i_mode & ~(uint)S_ISUID;
            }
        }

        if ((ia_valid & ATTR_KILL_SGID) != 0)
        {
            if ((mode & S_ISGID) != 0)
            {
                if ((ia_valid & ATTR_MODE) == 0)
                {
                    ia_valid = attr.ia_valid |= ATTR_MODE;
                    attr.ia_mode = inode.i_mode;
                }

                attr.ia_mode &= ~(uint)S_ISGID;
            }
        }

        if ((attr.ia_valid & ~(ATTR_KILL_SUID | ATTR_KILL_SGID)) == 0)
            return 0;

        /* the new ids must map into the filesystem (the port has one user namespace: valid ids do) */
        if ((ia_valid & ATTR_UID) != 0 && !uid_valid(attr.ia_uid))
            return -errno.EOVERFLOW;
        if ((ia_valid & ATTR_GID) != 0 && !gid_valid(attr.ia_gid))
            return -errno.EOVERFLOW;

        /* nothing may change an inode whose ids are invalid unless the change makes them valid */
        if ((ia_valid & ATTR_UID) == 0 && !uid_valid(i_uid_into_vfsuid(idmap, inode)))
            return -errno.EOVERFLOW;
        if ((ia_valid & ATTR_GID) == 0 && !gid_valid(i_gid_into_vfsgid(idmap, inode)))
            return -errno.EOVERFLOW;

        /* (security_inode_setattr, try_break_deleg: no LSM, no delegations) */
        if (inode.i_op?.setattr != null)
        {
            error = inode.i_op.setattr(idmap, dentry, attr);
        }
        else
        {
            /* simple_setattr is not ported (see the file comment) */
            this.WARN_ON_ONCE(true);
            error = -errno.EOPNOTSUPP;
        }

        /* (fsnotify_change, security_inode_post_setattr: not ported) */
        return error;
    }

    /*
     * security/commoncap.c: cap_inode_need_killpriv - does the inode carry
     * file capabilities a change must remove? 1 if so, 0 if not.
     */
    private static int cap_inode_need_killpriv(dentry dentry)
    {
        var inode = d_inode(dentry)!;
        int error;

        error = __vfs_getxattr(dentry, inode, XATTR_NAME_CAPS, null, 0);
        return error > 0 ? 1 : 0;
    }
}
