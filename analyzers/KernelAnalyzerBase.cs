// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Pidfs.Analyzers.Core;

namespace Pidfs.Analyzers;

/// <summary>
/// Common registration of the kernel analyzers: every method body is analysed once per compilation
/// (shared cache), and each analyzer reports the findings of its own rule family.
/// </summary>
public abstract class KernelAnalyzerBase : DiagnosticAnalyzer
{
    private static readonly string[] VocabularyNames =
    {
        Vocabulary.MustHold,
        Vocabulary.MustNotHold,
        Vocabulary.Acquires,
        Vocabulary.Releases,
        Vocabulary.LockOrder,
        Vocabulary.ReturnsRef,
        Vocabulary.GuardedBy,
        Vocabulary.Acquire,
    };

    /// <summary>Whether a compilation declares or references the vocabulary: asked once, not by each analyzer.</summary>
    private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> VocabularyUse = new ConditionalWeakTable<Compilation, StrongBox<bool>>();

    /// <summary>Gets the compilation-end action of the analyzer, if any.</summary>
    private protected virtual Action<CompilationAnalysisContext, KernelModel>? CompilationEnd => null;

    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (!UsesVocabulary(start.Compilation))
            {
                return;
            }

            var model = KernelModel.For(start.Compilation);

            // a code-block action, not an operation-block one: the analysis asks for the method's operation
            // tree itself (KernelModel.Compute), and an operation-block action would also have the driver
            // build the trees of every other code block (initializers, attribute arguments) and list every
            // operation of every block for us
            start.RegisterCodeBlockAction(block =>
            {
                if (block.OwningSymbol is not IMethodSymbol method || !KernelModel.IsAnalysable(method))
                {
                    return;
                }

                var result = model.Analyze(method, block.CancellationToken);
                foreach (var finding in result.Findings)
                {
                    if (this.Owns(finding.Descriptor))
                    {
                        block.ReportDiagnostic(finding.ToDiagnostic());
                    }
                }
            });

            // the contract attributes are checked once, by the analyzer that reports KRN1010, not once per analyzer
            if (this.Owns(Descriptors.UnknownLock))
            {
                start.RegisterSymbolAction(
                    sym => this.ReportAll(ContractCheck.Check(sym.Symbol, model), sym.ReportDiagnostic),
                    SymbolKind.Method,
                    SymbolKind.Field,
                    SymbolKind.Property,
                    SymbolKind.NamedType);

                // assembly attributes (the lock hierarchy) stand at the top of a file: a look at each tree's
                // first attribute lists, where a syntax-node action would have the driver visit every node
                start.RegisterSyntaxTreeAction(tree => this.CheckAssemblyAttributes(tree, model));
            }

            var end = this.CompilationEnd;
            if (end != null)
            {
                start.RegisterCompilationEndAction(c => end(c, model));
            }
        });
    }

    /// <summary>Gets whether this analyzer reports the given descriptor.</summary>
    /// <param name="descriptor">A descriptor from <see cref="Descriptors"/>.</param>
    /// <returns>True when the descriptor is one of <see cref="DiagnosticAnalyzer.SupportedDiagnostics"/>.</returns>
    private protected bool Owns(DiagnosticDescriptor descriptor) => this.SupportedDiagnostics.Contains(descriptor);

    private static bool UsesVocabulary(Compilation compilation) =>
        VocabularyUse.GetValue(compilation, c => new StrongBox<bool>(LooksUpVocabulary(c))).Value;

    private static bool LooksUpVocabulary(Compilation compilation)
    {
        var names = VocabularyNames;
        if (compilation.GetSymbolsWithName(n => Array.IndexOf(names, n) >= 0, SymbolFilter.Type).Any())
        {
            return true;
        }

        return names.Any(n => compilation.GetTypeByMetadataName("Linux." + n) != null);
    }

    private void CheckAssemblyAttributes(SyntaxTreeAnalysisContext tree, KernelModel model)
    {
        if (tree.Tree.GetRoot(tree.CancellationToken) is not CompilationUnitSyntax unit)
        {
            return;
        }

        foreach (var list in unit.AttributeLists)
        {
            if (list.Target?.Identifier.ValueText == "assembly")
            {
                bool InList(AttributeData a) => a.ApplicationSyntaxReference?.SyntaxTree == list.SyntaxTree && list.Span.Contains(a.ApplicationSyntaxReference.Span);
                this.ReportAll(ContractCheck.Check(model.Compilation.Assembly, model, InList), tree.ReportDiagnostic);
            }
        }
    }

    private void ReportAll(System.Collections.Generic.IEnumerable<Finding> findings, Action<Diagnostic> report)
    {
        foreach (var finding in findings)
        {
            if (this.Owns(finding.Descriptor))
            {
                report(finding.ToDiagnostic());
            }
        }
    }
}
