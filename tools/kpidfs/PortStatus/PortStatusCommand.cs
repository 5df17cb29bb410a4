// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.CommandLine;
using System.IO;

namespace Kpidfs.PortStatus;

/// <summary>`kpidfs port-status`: what changed upstream since the version the port follows.</summary>
public static class PortStatusCommand
{
    /// <summary>Exit code: nothing changed, appeared or went away.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: something changed, appeared or went away upstream.</summary>
    public const int Differs = 1;

    /// <summary>Exit code: no manifest, no tree, or a malformed manifest.</summary>
    public const int BadInput = 2;

    /// <summary>Runs port-status.</summary>
    /// <param name="linux">The kernel tree.</param>
    /// <param name="manifestPath">The manifest, or null to find kernel/upstream-manifest.tsv above the current directory.</param>
    /// <param name="json">JSON output.</param>
    /// <param name="since">A git revision for per-function diffs, or null.</param>
    /// <param name="all">List unchanged functions too.</param>
    /// <param name="fingerprints">Print every function's fingerprint instead.</param>
    /// <param name="stdout">Output.</param>
    /// <param name="stderr">Errors.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string linux, string? manifestPath, bool json, string? since, bool all, bool fingerprints, TextWriter stdout, TextWriter stderr)
    {
        manifestPath ??= Manifest.Find(Directory.GetCurrentDirectory());
        if (manifestPath == null || !File.Exists(manifestPath))
        {
            stderr.WriteLine($"port-status: no manifest ({Manifest.RepoPath} above the current directory, or --manifest)");
            return BadInput;
        }

        if (!Directory.Exists(linux))
        {
            stderr.WriteLine($"port-status: {linux}: no such directory");
            return BadInput;
        }

        Manifest manifest;
        try
        {
            manifest = Manifest.Parse(File.ReadAllText(manifestPath));
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"port-status: {manifestPath}: {e.Message}");
            return BadInput;
        }

        if (fingerprints)
        {
            foreach (var line in PortStatusRunner.Fingerprints(manifest, linux))
            {
                stdout.WriteLine(line);
            }

            return Ok;
        }

        var result = PortStatusRunner.Run(manifest, linux, since);
        stdout.Write(json ? PortStatusReport.Json(result) : PortStatusReport.Text(result, all));
        return result.NeedsWork ? Differs : Ok;
    }

    /// <summary>Builds the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var linux = new Option<string>("--linux") { Description = "A kernel source tree (a git checkout for --since).", Required = true };
        var manifest = new Option<string?>("--manifest") { Description = "The manifest (default: kernel/upstream-manifest.tsv above the current directory)." };
        var json = new Option<bool>("--json") { Description = "Print JSON (for CI)." };
        var since = new Option<string?>("--since") { Description = "With a git checkout: show each changed function's upstream diff from this revision." };
        var all = new Option<bool>("--all") { Description = "List unchanged functions too." };
        var fingerprints = new Option<bool>("--fingerprints") { Description = "Print file, name, fingerprint, kind and line of every function in the tracked files (to update the manifest)." };
        var command = new Command("port-status", "Compare the port's upstream manifest with a kernel tree: unchanged, changed upstream, new, gone, C#-only, order; exit 1 when anything changed, appeared or went away.")
        {
            linux, manifest, json, since, all, fingerprints,
        };
        command.SetAction(p => Run(p.GetValue(linux)!, p.GetValue(manifest), p.GetValue(json), p.GetValue(since), p.GetValue(all), p.GetValue(fingerprints), Console.Out, Console.Error));
        return command;
    }
}
