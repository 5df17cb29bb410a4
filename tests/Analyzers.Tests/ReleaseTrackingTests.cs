// SPDX-License-Identifier: GPL-2.0-only
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>Every reported id is documented, tracked in AnalyzerReleases.Unshipped.md and has a help link.</summary>
public class ReleaseTrackingTests
{
    /// <summary>Each descriptor: one release entry with category and severity, a doc page, a help link.</summary>
    [Fact]
    public void EveryIdIsTrackedAndDocumented()
    {
        var descriptors = Harness.Analyzers.SelectMany(a => a.SupportedDiagnostics).ToList();
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        var unshipped = File.ReadAllLines(Path.Combine(Repo.Root, "analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var d in descriptors)
        {
            var rows = unshipped.Where(l => l.StartsWith(d.Id + " ", System.StringComparison.Ordinal)).ToList();
            Assert.Single(rows);
            var cells = rows[0].Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(d.Category, cells[1]);
            Assert.Equal(d.DefaultSeverity.ToString(), cells[2]);
            Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.Equal("analyzers/docs/" + d.Id + ".md", d.HelpLinkUri);
            var doc = Path.Combine(Repo.Root, "analyzers", "docs", d.Id + ".md");
            Assert.True(File.Exists(doc), doc);
            var text = File.ReadAllText(doc);
            Assert.StartsWith("<!-- SPDX-License-Identifier: GPL-2.0-only -->", text, System.StringComparison.Ordinal);
            Assert.Contains("## Bad", text, System.StringComparison.Ordinal);
            Assert.Contains("## Good", text, System.StringComparison.Ordinal);
        }
    }
}
