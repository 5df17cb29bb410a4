// SPDX-License-Identifier: GPL-2.0-only
namespace Pidfs.Analyzers.Core;

/// <summary>What holding the lock means for the context.</summary>
internal enum LockKind
{
    Spin,
    Sleep,
    Rcu,
}
