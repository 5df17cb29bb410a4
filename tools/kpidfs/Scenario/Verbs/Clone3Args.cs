// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;

namespace Kpidfs.Scenario;

/// <summary>The struct clone_args fields a `clone3` line sets.</summary>
/// <param name="Flags">clone_args.flags.</param>
/// <param name="ExitSignal">clone_args.exit_signal.</param>
/// <param name="SetTid">The set_tid array (innermost namespace first), or null for a NULL pointer.</param>
/// <param name="SetTidSize">clone_args.set_tid_size.</param>
public sealed record Clone3Args(ulong Flags, long ExitSignal, IReadOnlyList<int>? SetTid, long SetTidSize);
