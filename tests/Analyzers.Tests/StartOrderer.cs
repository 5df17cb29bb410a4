// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Pidfs.Analyzers.Tests.StartOrderer", "Analyzers.Tests")]

namespace Pidfs.Analyzers.Tests;

/// <summary>Orders the test collections (one per class) by their class's <see cref="StartOrderAttribute"/>, then by name.</summary>
public sealed class StartOrderer : ITestCollectionOrderer
{
    private const string ClassCollection = "Test collection for ";

    /// <inheritdoc/>
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Order).ThenBy(c => c.DisplayName, StringComparer.Ordinal).ToList();

    private static int Order(ITestCollection collection)
    {
        // a class without [Collection] is a collection of its own, named after the class
        var name = collection.DisplayName.StartsWith(ClassCollection, StringComparison.Ordinal) ? collection.DisplayName.Substring(ClassCollection.Length) : null;
        var type = name == null ? null : collection.TestAssembly.Assembly.GetType(name);
        var mark = type?.GetCustomAttributes(typeof(StartOrderAttribute).AssemblyQualifiedName).FirstOrDefault();
        return mark == null ? StartOrderAttribute.Default : mark.GetConstructorArguments().OfType<int>().First();
    }
}
