// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pidfs.Analyzers;

/// <summary>
/// Release path takes a lock (KRN4001): a put declared __may_take(L) (its last-reference release
/// path takes L), called directly, through a chain of calls or at the end of a __free scope, while
/// L or a lock ordered after L is held.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReleasePathLockAnalyzer : KernelAnalyzerBase
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ReleasePathLock);
}
