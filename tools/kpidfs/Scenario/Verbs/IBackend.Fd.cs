// SPDX-License-Identifier: GPL-2.0-only

using System;

namespace Kpidfs.Scenario;

/// <summary>
/// The fd and file verbs of a backend (docs/scenarios.md, version 2); all run as shell. The default bodies
/// throw <see cref="NotSupportedException"/> (a backend without the group stops the run at the line).
/// </summary>
public partial interface IBackend
{
    /// <summary>`setxattr`: fsetxattr(fd, name, value, flags).</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="flags">The flags.</param>
    /// <returns>The result.</returns>
    PlainResult Setxattr(int fd, string name, byte[] value, int flags) => throw new NotSupportedException("Setxattr");

    /// <summary>`getxattr`: fgetxattr(fd, name, buf, size).</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="name">The name.</param>
    /// <param name="size">The buffer size (0: a size query).</param>
    /// <returns>The length and the bytes.</returns>
    XattrResult Getxattr(int fd, string name, int size) => throw new NotSupportedException("Getxattr");

    /// <summary>`listxattr`: flistxattr(fd, buf, size).</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="size">The buffer size (0: a size query).</param>
    /// <returns>The length and the names.</returns>
    XattrListResult Listxattr(int fd, int size) => throw new NotSupportedException("Listxattr");

    /// <summary>`removexattr`: fremovexattr(fd, name).</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="name">The name.</param>
    /// <returns>The result.</returns>
    PlainResult Removexattr(int fd, string name) => throw new NotSupportedException("Removexattr");

    /// <summary>`getfd`: pidfd_getfd(pidfd, targetfd, flags).</summary>
    /// <param name="pidfd">The pidfd.</param>
    /// <param name="targetFd">The fd number in the target.</param>
    /// <param name="flags">The flags.</param>
    /// <returns>The new fd.</returns>
    FdResult Getfd(int pidfd, int targetFd, uint flags) => throw new NotSupportedException("Getfd");

    /// <summary>`getfl`: fcntl(fd, F_GETFL) and fcntl(fd, F_GETFD).</summary>
    /// <param name="fd">The fd.</param>
    /// <returns>Both values.</returns>
    FlagsResult Getfl(int fd) => throw new NotSupportedException("Getfl");

    /// <summary>`setfl`: fcntl(fd, F_SETFL, flags).</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="flags">The flags.</param>
    /// <returns>The result.</returns>
    PlainResult Setfl(int fd, int flags) => throw new NotSupportedException("Setfl");

    /// <summary>`handle_at`: name_to_handle_at(dirfd, path, fh, &amp;mnt, flags) with handle_bytes = bytes.</summary>
    /// <param name="dirfd">The directory fd or AT_FDCWD.</param>
    /// <param name="path">The path.</param>
    /// <param name="flags">AT_* flags.</param>
    /// <param name="bytes">The buffer size.</param>
    /// <returns>The handle as the call left it.</returns>
    HandleResult NameToHandleAt(int dirfd, string path, int flags, uint bytes) => throw new NotSupportedException("NameToHandleAt");

    /// <summary>`chmod`: fchmod(fd, mode).</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="mode">The mode.</param>
    /// <returns>The result.</returns>
    PlainResult Fchmod(int fd, uint mode) => throw new NotSupportedException("Fchmod");

    /// <summary>`chown`: fchown(fd, uid, gid).</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="uid">The owner or (uid_t)-1.</param>
    /// <param name="gid">The group or (gid_t)-1.</param>
    /// <returns>The result.</returns>
    PlainResult Fchown(int fd, uint uid, uint gid) => throw new NotSupportedException("Fchown");

    /// <summary>`open`: open(path, flags) of a file that is not a pidfd.</summary>
    /// <param name="path">The path (one of <see cref="Parser.OpenPaths"/>).</param>
    /// <param name="flags">The flags.</param>
    /// <returns>The new fd.</returns>
    FdResult Open(string path, int flags) => throw new NotSupportedException("Open");
}
