// SPDX-License-Identifier: GPL-2.0-only
using System;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// Where a test class starts in the run: lower first, unmarked classes at <see cref="Default"/>.
/// xunit runs two classes at a time on this 2-core machine, in the order it is given: a long class
/// that happens to start last leaves one core idle while it finishes alone, so the long ones start first.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StartOrderAttribute : Attribute
{
    /// <summary>Where unmarked classes start.</summary>
    public const int Default = 100;

    /// <summary>Initializes a new instance of the <see cref="StartOrderAttribute"/> class.</summary>
    /// <param name="order">Lower starts first.</param>
    public StartOrderAttribute(int order) => this.Order = order;

    /// <summary>Gets where the class starts.</summary>
    public int Order { get; }
}
