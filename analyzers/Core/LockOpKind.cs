// SPDX-License-Identifier: GPL-2.0-only
namespace Pidfs.Analyzers.Core;

/// <summary>What a lock primitive does.</summary>
internal enum LockOpKind
{
    Acquire,
    Release,
    TryAcquire,
    Guard,
    AssertHeld,
    AssertNotHeld,
}
