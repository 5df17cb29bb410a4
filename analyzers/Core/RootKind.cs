// SPDX-License-Identifier: GPL-2.0-only
namespace Pidfs.Analyzers.Core;

/// <summary>Where a lock expression starts.</summary>
internal enum RootKind
{
    Global,
    Parameter,
    Local,
    Other,
    Rcu,
}
