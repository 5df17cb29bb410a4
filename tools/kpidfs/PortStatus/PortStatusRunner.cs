// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Kpidfs.Scenario;

namespace Kpidfs.PortStatus;

/// <summary>Compares the manifest's upstream functions with a kernel tree.</summary>
public static class PortStatusRunner
{
    /// <summary>Runs the comparison.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="linux">The kernel tree.</param>
    /// <param name="since">A git revision of that tree to diff each changed function against, or null.</param>
    /// <returns>The findings.</returns>
    public static PortStatusResult Run(Manifest manifest, string linux, string? since)
    {
        var items = new List<PortStatusItem>();
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(linux, file.Path);
            var entries = manifest.Of(file.Path).ToList();
            if (!File.Exists(path))
            {
                items.Add(new PortStatusItem("no-file", file.Path, "*", $"not in the tree: {entries.Count} tracked functions not checked"));
                continue;
            }

            var source = File.ReadAllText(path);
            var found = CExtractor.Extract(source, file.Path.EndsWith(".h", StringComparison.Ordinal));
            var byKey = found.ToDictionary(f => f.Key);
            foreach (var e in entries)
            {
                items.Add(Classify(e, byKey.GetValueOrDefault(e.Name), linux, file.Path, source, since));
            }

            if (file.Scope == "full")
            {
                var listed = entries.Select(e => e.Name).ToHashSet();
                items.AddRange(found.Where(f => !listed.Contains(f.Key))
                    .Select(f => new PortStatusItem("new", file.Path, f.Key, $"{f.Kind} at line {f.FirstLine}, not in the manifest")));
            }

            items.AddRange(OrderDifferences(file.Path, entries, found));
        }

        items.AddRange(manifest.CsOnly.Select(c => new PortStatusItem("cs-only", c.CsFile, c.CsMember, c.Reason)));
        items.AddRange(manifest.Helpers.Select(h => new PortStatusItem("helper", h.File, h.Name, $"{h.CsFile}: {h.CsMember} (file not tracked; {h.Status})")));
        return new PortStatusResult(manifest.Version, linux, items);
    }

    /// <summary>Lists every function of the manifest's files in a tree, as manifest 'fn' lines to start from.</summary>
    /// <param name="manifest">The manifest (for its files).</param>
    /// <param name="linux">The kernel tree.</param>
    /// <returns>Lines: file, name, fingerprint, kind, first line.</returns>
    public static IEnumerable<string> Fingerprints(Manifest manifest, string linux)
    {
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(linux, file.Path);
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var f in CExtractor.Extract(File.ReadAllText(path), file.Path.EndsWith(".h", StringComparison.Ordinal)))
            {
                yield return $"{file.Path}\t{f.Key}\t{f.Fingerprint}\t{f.Kind}\t{f.FirstLine}";
            }
        }
    }

    private static PortStatusItem Classify(ManifestEntry e, CFunction? f, string linux, string path, string source, string? since)
    {
        var port = e.InPort ? $"{e.CsFile}: {e.CsMember}" : e.Status;
        if (f == null)
        {
            return new PortStatusItem("gone", e.File, e.Name, port);
        }

        if (!e.InPort)
        {
            return new PortStatusItem("not-ported", e.File, e.Name, e.Status);
        }

        if (e.Fingerprint == "-")
        {
            return new PortStatusItem("unverified", e.File, e.Name, port + " (no v6.19 fingerprint)");
        }

        if (e.Fingerprint == f.Fingerprint)
        {
            return new PortStatusItem("unchanged", e.File, e.Name, port);
        }

        var diff = since == null ? null : FunctionDiff(linux, path, source, since, e.Name, f);
        return new PortStatusItem("changed", e.File, e.Name, port, diff);
    }

    /* manifest entries present upstream whose upstream position runs backwards */
    private static IEnumerable<PortStatusItem> OrderDifferences(string path, List<ManifestEntry> entries, List<CFunction> found)
    {
        var position = found.Select((f, i) => (f.Key, i)).ToDictionary(x => x.Key, x => x.i);
        var highest = -1;
        string? previous = null;
        foreach (var e in entries.Where(e => position.ContainsKey(e.Name)))
        {
            var p = position[e.Name];
            if (p < highest)
            {
                yield return new PortStatusItem("order", path, e.Name, $"upstream now has it before {previous}");
                continue;
            }

            highest = p;
            previous = e.Name;
        }
    }

    private static string? FunctionDiff(string linux, string path, string source, string since, string name, CFunction now)
    {
        var old = Git(linux, "show", $"{since}:{path}");
        if (old == null)
        {
            return $"(git show {since}:{path} failed)";
        }

        var before = CExtractor.Extract(old, path.EndsWith(".h", StringComparison.Ordinal)).FirstOrDefault(f => f.Key == name);
        var oldText = before == null ? string.Empty : Lines(old, before.FirstLine, before.LastLine);
        return UnifiedDiff.Diff(oldText, Lines(source, now.FirstLine, now.LastLine), $"a/{path} {name} ({since})", $"b/{path} {name}");
    }

    private static string Lines(string text, int first, int last) =>
        string.Join('\n', text.Split('\n').Skip(first - 1).Take(last - first + 1)) + "\n";

    private static string? Git(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(dir);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : null;
    }
}
