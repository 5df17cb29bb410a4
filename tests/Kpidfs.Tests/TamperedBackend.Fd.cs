// SPDX-License-Identifier: GPL-2.0-only

using Kpidfs.Scenario;

namespace Kpidfs.Tests;

/// <summary>The fd and file verbs, answered by the wrapped backend unchanged.</summary>
internal sealed partial class TamperedBackend
{
    /// <inheritdoc/>
    public PlainResult Setxattr(int fd, string name, byte[] value, int flags) => inner.Setxattr(fd, name, value, flags);

    /// <inheritdoc/>
    public XattrResult Getxattr(int fd, string name, int size) => inner.Getxattr(fd, name, size);

    /// <inheritdoc/>
    public XattrListResult Listxattr(int fd, int size) => inner.Listxattr(fd, size);

    /// <inheritdoc/>
    public PlainResult Removexattr(int fd, string name) => inner.Removexattr(fd, name);

    /// <inheritdoc/>
    public FdResult Getfd(int pidfd, int targetFd, uint flags) => inner.Getfd(pidfd, targetFd, flags);

    /// <inheritdoc/>
    public FlagsResult Getfl(int fd) => inner.Getfl(fd);

    /// <inheritdoc/>
    public PlainResult Setfl(int fd, int flags) => inner.Setfl(fd, flags);

    /// <inheritdoc/>
    public HandleResult NameToHandleAt(int dirfd, string path, int flags, uint bytes) => inner.NameToHandleAt(dirfd, path, flags, bytes);

    /// <inheritdoc/>
    public PlainResult Fchmod(int fd, uint mode) => inner.Fchmod(fd, mode);

    /// <inheritdoc/>
    public PlainResult Fchown(int fd, uint uid, uint gid) => inner.Fchown(fd, uid, gid);

    /// <inheritdoc/>
    public FdResult Open(string path, int flags) => inner.Open(path, flags);
}
