// SPDX-License-Identifier: GPL-2.0-only
namespace Pidfs.Analyzers.Core;

/// <summary>Exclusive (writer) or shared (reader) hold.</summary>
internal enum LockMode
{
    Write,
    Read,
}
