// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Kpidfs.PortStatus;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>kernel/upstream-manifest.tsv stays true to the C# files it names.</summary>
public sealed class ManifestTests
{
    private static readonly string Root = FindRoot();
    private static readonly Manifest M = Manifest.Parse(File.ReadAllText(Path.Combine(Root, Manifest.RepoPath)));

    /// <summary>Every ported function's member exists in the named C# file (a name#n row needs n declarations).</summary>
    [Fact]
    public void EveryListedMemberExists()
    {
        var missing = M.Entries.Where(e => e.InPort && Position(e) < 0).Select(e => $"{e.File} {e.Name} -> {e.CsFile}: {e.CsMember}").ToList();
        Assert.Empty(missing);
    }

    /// <summary>The members of one C# file come in the order of the upstream rows that name them.</summary>
    [Fact]
    public void MembersAreInUpstreamOrder()
    {
        var wrong = new List<string>();
        foreach (var group in M.Entries.Where(e => e.InPort).GroupBy(e => e.CsFile))
        {
            var last = -1;
            ManifestEntry? previous = null;
            foreach (var e in group)
            {
                var p = Position(e);
                if (p >= 0 && p < last)
                {
                    wrong.Add($"{e.CsFile}: {e.CsMember} comes before {previous!.CsMember}, upstream has it after");
                }

                last = Math.Max(last, p);
                previous = e;
            }
        }

        Assert.Empty(wrong);
    }

    /// <summary>
    /// Every snake_case method of a mirrored file (full or partial) is an upstream twin in the manifest, an upstream
    /// helper of an untracked file, or a listed C#-only member: a ported function cannot slip in unrecorded.
    /// </summary>
    [Fact]
    public void EveryTwinClaimIsListed()
    {
        var unlisted = new List<string>();
        foreach (var file in M.Files)
        {
            var claimed = M.Entries.Where(e => e.InPort && e.CsFile == file.CsFile).Select(e => e.CsMember)
                .Concat(M.CsOnly.Where(c => c.CsFile == file.CsFile).Select(c => c.CsMember))
                .Concat(M.Helpers.Where(h => h.CsFile == file.CsFile).Select(h => h.CsMember)).ToHashSet();
            unlisted.AddRange(Methods(file.CsFile).Where(CsMembers.ClaimsTwin).Where(m => !claimed.Contains(m)).Select(m => $"{file.CsFile}: {m}"));
        }

        Assert.Empty(unlisted);
    }

    /// <summary>Every helper row names a member its C# file has, a known status, and no tracked file (those get fn rows).</summary>
    [Fact]
    public void EveryHelperExists()
    {
        var bad = M.Helpers.Where(h => !Methods(h.CsFile).Contains(h.CsMember) || M.Files.Any(f => f.Path == h.File) ||
                !(h.Status == "ported" || Regex.IsMatch(h.Status, "^deviation: .{10,}")))
            .Select(h => $"{h.File} {h.Name} -> {h.CsFile}: {h.CsMember}").ToList();
        Assert.Empty(bad);
    }

    /// <summary>Rows are well formed: a fingerprint or "-", a known status with a reason, a C# side exactly for what the port has.</summary>
    [Fact]
    public void RowsAreWellFormed()
    {
        var bad = M.Entries.Where(e =>
                !Regex.IsMatch(e.Fingerprint, "^([0-9a-f]{16}|-)$") ||
                !(e.Status == "ported" || Regex.IsMatch(e.Status, "^(deviation|not-ported): .{10,}")) ||
                e.InPort == (e.CsFile == "-") ||
                !M.Files.Any(f => f.Path == e.File))
            .Select(e => $"line {e.Line}: {e.File} {e.Name}").ToList();
        Assert.Empty(bad);
        Assert.Equal("v6.19", M.Version);
        Assert.All(M.Files.Where(f => f.Scope == "full"), f => Assert.Contains(M.Entries, e => e.File == f.Path && e.Fingerprint != "-"));
    }

    private static int Position(ManifestEntry e)
    {
        var methods = Methods(e.CsFile);
        var occurrence = e.Name.Contains('#') ? int.Parse(e.Name.Split('#')[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var seen = 0;
        for (var i = 0; i < methods.Count; i++)
        {
            if (methods[i] == e.CsMember && ++seen == occurrence)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> Methods(string csFile) => CsMembers.Methods(File.ReadAllText(Path.Combine(Root, csFile)));

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "pidfs.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("pidfs.slnx not found above " + AppContext.BaseDirectory);
    }
}
