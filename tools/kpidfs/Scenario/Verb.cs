// SPDX-License-Identifier: GPL-2.0-only

using System;

namespace Kpidfs.Scenario;

/// <summary>One verb.</summary>
/// <param name="Name">The verb.</param>
/// <param name="Usage">Its usage text.</param>
/// <param name="Version">The language version that introduced it.</param>
/// <param name="Parse">Its line parser.</param>
public sealed record Verb(string Name, string Usage, int Version, Func<Parser, string, string[], Op> Parse);
