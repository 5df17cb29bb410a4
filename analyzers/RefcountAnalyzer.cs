// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pidfs.Analyzers;

/// <summary>
/// Reference counting (KRN3001-KRN3004): a counted reference leaked on some path (error paths
/// first), put twice, used after put or after a consuming call, or a borrowed reference put.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RefcountAnalyzer : KernelAnalyzerBase
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.RefLeak,
        Descriptors.RefDoublePut,
        Descriptors.RefUseAfterPut,
        Descriptors.RefPutBorrowed);
}
