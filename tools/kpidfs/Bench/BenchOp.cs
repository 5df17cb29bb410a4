// SPDX-License-Identifier: GPL-2.0-only

using System;

namespace Kpidfs.Bench;

/// <summary>
/// One measured operation: a model side and (unless the model alone has it) a host side. Each side runs
/// the operation <c>n</c> times per call, so the timer sees a whole batch.
/// </summary>
/// <param name="Name">The operation as printed.</param>
/// <param name="Model">Runs it n times on the model.</param>
/// <param name="Host">Runs it n times on the host kernel, or null when the host has no such call.</param>
/// <param name="Cheap">True for operations around a microsecond (bigger batches).</param>
internal sealed record BenchOp(string Name, Action<int> Model, Action<int>? Host, bool Cheap = true);
