// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.PortStatus;

/// <summary>
/// An upstream inline, macro or function from a file the port does not track as a whole
/// (include/linux/signal.h, include/linux/sched.h, ...), ported beside its callers.
/// </summary>
/// <param name="File">The upstream file it comes from.</param>
/// <param name="Name">Its upstream name.</param>
/// <param name="Status">ported, or deviation: the reason.</param>
/// <param name="CsFile">The C# file that holds it.</param>
/// <param name="CsMember">The C# member.</param>
public sealed record HelperEntry(string File, string Name, string Status, string CsFile, string CsMember);
