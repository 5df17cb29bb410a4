// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pidfs.Analyzers.Tests;

/// <summary>The repository on disk: its root, its sources and the kernel compilation.</summary>
internal static class Repo
{
    /// <summary>Gets the repository root (the directory holding Kbuild.props).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Gets the Kconfig symbols that are y by default in Kbuild.props (the debug configuration the build uses).</summary>
    public static IReadOnlyList<string> Defines { get; } = ReadDefines();

    /// <summary>Gets every .cs file under a repository folder, skipping bin and obj folders.</summary>
    /// <param name="relative">A folder relative to the root ("" for all).</param>
    /// <returns>The absolute paths, sorted.</returns>
    public static IReadOnlyList<string> Sources(string relative)
    {
        var dir = Path.Combine(Root, relative);
        if (!Directory.Exists(dir))
        {
            return Array.Empty<string>();
        }

        return Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(Root, p).Replace('\\', '/').Split('/').Any(s => s == ".git" || s.StartsWith("bin", StringComparison.Ordinal) || s.StartsWith("obj", StringComparison.Ordinal)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Compiles kernel/**/*.cs in memory, optionally with one file's text replaced.</summary>
    /// <param name="replace">Maps a path relative to the root to its new text.</param>
    /// <returns>The compilation.</returns>
    public static CSharpCompilation Kernel(IReadOnlyDictionary<string, string>? replace = null)
    {
        var options = Harness.ParseOptions.WithPreprocessorSymbols(Defines.Concat(new[] { "DEBUG", "TRACE" }));
        var trees = Sources("kernel").Select(p =>
        {
            var rel = Path.GetRelativePath(Root, p).Replace('\\', '/');
            var text = replace != null && replace.TryGetValue(rel, out var t) ? t : File.ReadAllText(p);
            return CSharpSyntaxTree.ParseText(text, options, p);
        });
        return CSharpCompilation.Create(
            "Linux",
            trees,
            Harness.AllReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kbuild.props")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("no Kbuild.props above " + AppContext.BaseDirectory);
    }

    private static List<string> ReadDefines()
    {
        var text = File.ReadAllText(Path.Combine(Root, "Kbuild.props"));
        text = Regex.Replace(text, "<!--.*?-->", string.Empty, RegexOptions.Singleline);
        /* an option defaulting to another's value, as the debug ones do ($(KconfigDebug)), is y by default */
        return Regex.Matches(text, @"<(CONFIG_\w+)[^>]*>\s*(y|\$\(\w+\))\s*</\1>").Select(m => m.Groups[1].Value).Distinct().ToList();
    }
}
