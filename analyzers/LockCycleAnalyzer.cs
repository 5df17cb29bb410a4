// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pidfs.Analyzers.Core;

namespace Pidfs.Analyzers;

/// <summary>
/// Whole-program lock dependency graph (KRN2002): at compilation end, every "B taken while A is held"
/// edge inferred from all methods is checked for cycles, declared order or not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LockCycleAnalyzer : KernelAnalyzerBase
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LockCycle);

    /// <inheritdoc/>
    private protected override Action<CompilationAnalysisContext, KernelModel>? CompilationEnd => Report;

    private static void Report(CompilationAnalysisContext end, KernelModel model)
    {
        var graph = LockGraph.FromEdges(model.Results.SelectMany(r => r.Value.Edges));
        foreach (var cycle in graph.FindCycles())
        {
            var text = string.Join("; ", cycle.Select(e => e.ToString()));
            var additional = cycle.Skip(1).Select(e => e.Location);
            end.ReportDiagnostic(Diagnostic.Create(Descriptors.LockCycle, cycle[0].Location, additional, text));
        }
    }
}
