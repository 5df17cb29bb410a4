// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Bench;

/// <summary>Lookup cost with many live struct pids (model only).</summary>
/// <param name="Nominal">The live-pid count asked for.</param>
/// <param name="Live">The struct pids alive during the measurement (pid 0 included).</param>
/// <param name="OpenByHandleNs">open_by_handle_at+close, ns.</param>
/// <param name="PidfdOpenNs">pidfd_open by number+close, ns.</param>
internal sealed record ScaleResult(int Nominal, int Live, double OpenByHandleNs, double PidfdOpenNs);
