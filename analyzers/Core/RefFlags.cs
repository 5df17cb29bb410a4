// SPDX-License-Identifier: GPL-2.0-only
using System;

namespace Pidfs.Analyzers.Core;

/// <summary>What a tracked variable may hold (a set: several bits = depends on the path).</summary>
[Flags]
internal enum RefFlags
{
    None = 1,
    Owned = 2,
    Released = 4,
    Consumed = 8,
    Borrowed = 16,
}
