// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.PortStatus;

/// <summary>A function, inline function or function-like macro found in a C file.</summary>
/// <param name="Key">The name, with "#2", "#3"… for a later definition of the same name (#if branches).</param>
/// <param name="Kind">function, inline, syscall or macro.</param>
/// <param name="Fingerprint">The hash of its tokens (see <see cref="Fingerprints"/>).</param>
/// <param name="FirstLine">The 1-based line of its first token.</param>
/// <param name="LastLine">The 1-based line of its last token.</param>
public sealed record CFunction(string Key, string Kind, string Fingerprint, int FirstLine, int LastLine);
