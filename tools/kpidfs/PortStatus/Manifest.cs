// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kpidfs.PortStatus;

/// <summary>kernel/upstream-manifest.tsv: the upstream functions the port tracks, at the version it follows.</summary>
/// <param name="Version">The upstream version the fingerprints are of.</param>
/// <param name="Files">The tracked upstream files.</param>
/// <param name="Entries">The functions, in upstream order per file.</param>
/// <param name="CsOnly">The port-only members.</param>
/// <param name="Helpers">Upstream helpers from untracked files, ported beside their callers.</param>
public sealed record Manifest(string Version, IReadOnlyList<ManifestFile> Files, IReadOnlyList<ManifestEntry> Entries, IReadOnlyList<CsOnlyEntry> CsOnly, IReadOnlyList<HelperEntry> Helpers)
{
    /// <summary>The manifest's path in the repository.</summary>
    public const string RepoPath = "kernel/upstream-manifest.tsv";

    /// <summary>Reads a manifest.</summary>
    /// <param name="text">The TSV text.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="FormatException">A malformed line, with its number.</exception>
    public static Manifest Parse(string text)
    {
        var version = "?";
        var files = new List<ManifestFile>();
        var entries = new List<ManifestEntry>();
        var csOnly = new List<CsOnlyEntry>();
        var helpers = new List<HelperEntry>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var f = line.Split('\t');
            var ok = f[0] switch
            {
                "version" when f.Length == 2 => Set(ref version, f[1]),
                "file" when f.Length == 4 && f[2] is "full" or "partial" => Add(files, new ManifestFile(f[1], f[2], f[3])),
                "fn" when f.Length == 7 => Add(entries, new ManifestEntry(f[1], f[2], f[3], f[4], f[5], f[6], n + 1)),
                "csonly" when f.Length == 4 => Add(csOnly, new CsOnlyEntry(f[1], f[2], f[3])),
                "helper" when f.Length == 6 => Add(helpers, new HelperEntry(f[1], f[2], f[3], f[4], f[5])),
                _ => false,
            };
            if (!ok)
            {
                throw new FormatException($"manifest line {n + 1}: expected 'version', 'file' (4 fields), 'fn' (7), 'csonly' (4) or 'helper' (6): {line}");
            }
        }

        return new Manifest(version, files, entries, csOnly, helpers);
    }

    /// <summary>Finds the manifest by walking up from a directory to the repository root.</summary>
    /// <param name="from">Where to start.</param>
    /// <returns>The manifest's full path, or null.</returns>
    public static string? Find(string from)
    {
        for (var d = new DirectoryInfo(from); d != null; d = d.Parent)
        {
            var p = System.IO.Path.Combine(d.FullName, RepoPath);
            if (File.Exists(p))
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>Gets the entries of one upstream file, in manifest (upstream) order.</summary>
    /// <param name="path">The upstream file.</param>
    /// <returns>The entries.</returns>
    public IEnumerable<ManifestEntry> Of(string path) => this.Entries.Where(e => e.File == path);

    private static bool Set(ref string field, string value)
    {
        field = value;
        return true;
    }

    private static bool Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return true;
    }
}
