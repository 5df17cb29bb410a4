// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>The mount fd of `open_by_handle`: an fd name, or a number (FD_PIDFS_ROOT = -10002, AT_FDCWD = -100, …).</summary>
/// <param name="FdName">The fd name, or null.</param>
/// <param name="Number">The number when <paramref name="FdName"/> is null.</param>
public sealed record MountRef(string? FdName, int Number);
