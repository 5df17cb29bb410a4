// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pidfs.Analyzers;

/// <summary>
/// Lock context (KRN1001-KRN1009): balance on every path, double acquire, release of a lock not
/// held, __must_hold / __must_not_hold at calls, __guarded_by fields, reader/writer forms, sleeping
/// in atomic context and the function's own contract at return.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LockContextAnalyzer : KernelAnalyzerBase
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.LockHeldAtReturn,
        Descriptors.DoubleAcquire,
        Descriptors.ReleaseNotHeld,
        Descriptors.MustHold,
        Descriptors.MustNotHold,
        Descriptors.GuardedAccess,
        Descriptors.ReadWriteMismatch,
        Descriptors.SleepInAtomic,
        Descriptors.ContractAtReturn,
        Descriptors.CondContractAtReturn,
        Descriptors.UnknownLock,
        Descriptors.PartialAtJoin,
        Descriptors.NotUnpublished,
        Descriptors.NotAnalysed);
}
