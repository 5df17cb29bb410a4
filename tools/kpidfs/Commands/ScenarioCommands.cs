// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.IO;
using Kpidfs.Host;
using Kpidfs.Model;
using Kpidfs.Scenario;

namespace Kpidfs.Commands;

/// <summary>`kpidfs run`, `kpidfs diff` and `kpidfs state`.</summary>
public static class ScenarioCommands
{
    /// <summary>Makes a fresh backend by name.</summary>
    /// <param name="name">`model` or `host`.</param>
    /// <returns>The backend.</returns>
    public static IBackend MakeBackend(string name) => name switch
    {
        "model" => new ModelBackend(),
        "host" => new HostBackend(),
        _ => throw new ArgumentException($"unknown backend '{name}' (expected model or host)", nameof(name)),
    };

    /// <summary>Parses scenario files, printing each error.</summary>
    /// <param name="paths">The files.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="files">Gets the parsed files.</param>
    /// <returns>True when every file parsed.</returns>
    public static bool Parse(IReadOnlyList<string> paths, TextWriter stderr, out IReadOnlyList<ScenarioFile> files)
    {
        files = Parser.ParseFiles(paths, out var errors);
        foreach (var e in errors)
        {
            stderr.WriteLine(e.ToString());
        }

        return errors.Count == 0;
    }

    /// <summary>`kpidfs run FILE… [--backend model|host]`.</summary>
    /// <param name="paths">The files.</param>
    /// <param name="backend">The backend's name.</param>
    /// <param name="stdout">Where transcripts go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>0; 2 for a malformed file (nothing runs); 3 when a line could not be run.</returns>
    public static int Run(IReadOnlyList<string> paths, string backend, TextWriter stdout, TextWriter stderr)
    {
        if (backend is not ("model" or "host"))
        {
            stderr.WriteLine($"kpidfs: unknown backend '{backend}' (expected model or host)");
            return 2;
        }

        if (!Parse(paths, stderr, out var files))
        {
            return 2;
        }

        foreach (var file in files)
        {
            if (files.Count > 1)
            {
                stdout.Write($"==> {file.Path} <==\n");
            }

            var outcome = Runner.Run(file, () => MakeBackend(backend));
            stdout.Write(outcome.Skipped != null ? $"skipped: {outcome.Skipped}\n" : outcome.Transcript);
            if (outcome.Error != null)
            {
                stdout.Flush();
                stderr.WriteLine(outcome.Error);
                return outcome.ExitCode;
            }
        }

        return 0;
    }

    /// <summary>`kpidfs diff FILE…`: each file on both backends.</summary>
    /// <param name="paths">The files.</param>
    /// <param name="stdout">Where the report goes.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>0 when no file differs; 1 when one does; 2 for a malformed file.</returns>
    public static int Diff(IReadOnlyList<string> paths, TextWriter stdout, TextWriter stderr)
    {
        if (!Parse(paths, stderr, out var files))
        {
            return 2;
        }

        int same = 0, differ = 0, skipped = 0;
        foreach (var file in files)
        {
            stdout.Write($"==> {file.Path} <==\n");
            var host = Runner.Run(file, () => new HostBackend());
            if (host.Skipped != null)
            {
                stdout.Write($"skipped: {host.Skipped}\n");
                skipped++;
                continue;
            }

            var model = Runner.Run(file, () => new ModelBackend());
            var d = UnifiedDiff.Diff(WithError(model), WithError(host), file.Path + " (model)", file.Path + " (host)");
            if (d.Length == 0)
            {
                stdout.Write("same\n");
                same++;
            }
            else
            {
                stdout.Write(d);
                differ++;
            }
        }

        stdout.Write($"{same} same, {differ} differ, {skipped} skipped\n");
        return differ == 0 ? 0 : 1;
    }

    /// <summary>`kpidfs state FILE`: runs the file on the model and prints the kernel's state afterwards.</summary>
    /// <param name="path">The file.</param>
    /// <param name="stdout">Where the state goes.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>0; 2 for a malformed file; 3 when a line could not be run.</returns>
    public static int State(string path, TextWriter stdout, TextWriter stderr)
    {
        if (!Parse([path], stderr, out var files))
        {
            return 2;
        }

        var outcome = Runner.Run(files[0], () => new ModelBackend(), b => stdout.Write(((ModelBackend)b).Kernel.kstate()));
        if (outcome.Error != null)
        {
            stderr.WriteLine(outcome.Error);
        }

        return outcome.ExitCode;
    }

    /// <summary>`kpidfs lockdep FILE`: runs a file on the model and prints the lock chains lockdep saw, as /proc/lockdep_chains.</summary>
    /// <param name="path">The file.</param>
    /// <param name="stdout">Where the chains go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>0; 2 for a malformed file; 3 when a line could not be run.</returns>
    public static int Lockdep(string path, TextWriter stdout, TextWriter stderr)
    {
        if (!Parse([path], stderr, out var files))
        {
            return 2;
        }

        var outcome = Runner.Run(files[0], () => new ModelBackend(), b => stdout.Write(((ModelBackend)b).Kernel.proc_lockdep_chains()));
        if (outcome.Error != null)
        {
            stderr.WriteLine(outcome.Error);
        }

        return outcome.ExitCode;
    }

    private static string WithError(RunOutcome o) => o.Error == null ? o.Transcript : o.Transcript + o.Error + "\n";
}
