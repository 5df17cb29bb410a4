// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// The analyzer authors' test framework (Microsoft.CodeAnalysis.CSharp.Analyzer.Testing) running all our
/// analyzers over members of the prelude's <c>vmlinux</c>: <c>{|KRN2003:…|}</c> marks where a diagnostic is
/// expected, and each expected diagnostic's message is checked too (the marks become numbered locations
/// with the given messages, in source order). No reference package is resolved from a feed: the test
/// compiles against the running framework's own assemblies, as <see cref="Harness"/> does.
/// </summary>
internal sealed class KernelAnalyzerTest : CSharpAnalyzerTest<LockOrderAnalyzer, DefaultVerifier>
{
    private static readonly Regex Mark = new(@"\{\|(KRN\d{4}):", RegexOptions.CultureInvariant);

    /// <summary>Verifies the diagnostics of a member list, with their messages.</summary>
    /// <param name="members">Members of vmlinux, marked up.</param>
    /// <param name="messages">The expected messages, in source order of the marks.</param>
    /// <returns>The test.</returns>
    public static Task VerifyAsync(string members, params string[] messages)
    {
        var test = new KernelAnalyzerTest
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck | TestBehaviors.SkipSuppressionCheck,
        };
        var n = 0;
        var ids = new System.Collections.Generic.List<string>();
        var code = Mark.Replace(members, m =>
        {
            ids.Add(m.Groups[1].Value);
            return "{|#" + n++ + ":";
        });
        if (ids.Count != messages.Length)
        {
            throw new ArgumentException($"{ids.Count} marks but {messages.Length} messages");
        }

        test.TestState.Sources.Add(("Test0.cs", Harness.Prefix + code + Harness.Suffix));
        test.TestState.Sources.Add(("Vocabulary.cs", Prelude.Vocabulary));
        test.TestState.Sources.Add(("Kernel.cs", Prelude.Kernel));
        test.TestState.AdditionalReferences.AddRange(Harness.CoreReferences);
        for (var i = 0; i < ids.Count; i++)
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult(ids[i], DiagnosticSeverity.Error).WithLocation(i).WithMessage(messages[i]).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        return test.RunAsync();
    }

    /// <inheritdoc/>
    protected override ParseOptions CreateParseOptions() => Harness.ParseOptions;

    /// <inheritdoc/>
    protected override System.Collections.Generic.IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Harness.Analyzers;
}
