// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.PortStatus;

/// <summary>An upstream file the port tracks.</summary>
/// <param name="Path">Its path in a kernel tree.</param>
/// <param name="Scope">full: every function of the file is listed; partial: only the listed ones are tracked.</param>
/// <param name="CsFile">The C# file that mirrors it (relative to the repository).</param>
public sealed record ManifestFile(string Path, string Scope, string CsFile);
