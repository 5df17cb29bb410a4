// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pidfs.Analyzers;

/// <summary>
/// Declared lock order (KRN2001): acquiring a lock while holding one that lock_order declares after
/// it, directly or through any chain of calls (method summaries).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LockOrderAnalyzer : KernelAnalyzerBase
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LockOrder, Descriptors.NeverNest, Descriptors.UndeclaredNesting);
}
