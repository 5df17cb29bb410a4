// SPDX-License-Identifier: GPL-2.0-only
using System;
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// Test-only seams: the tests (InternalsVisibleTo) use them to make the analysis of one method of their
/// own throw or run out of steps, and see that it is reported (KRN9001) rather than skipped. Both are
/// null outside the tests, and null leaves the analysis exactly as it is.
/// </summary>
internal static class TestSeams
{
    /// <summary>Gets or sets what runs just before a method is analysed (a test throws from it for one method).</summary>
    public static Action<IMethodSymbol>? BeforeMethod { get; set; }

    /// <summary>Gets or sets the step limit of a method's analysis (null for a method: the usual limit).</summary>
    public static Func<IMethodSymbol, int?>? StepLimit { get; set; }
}
