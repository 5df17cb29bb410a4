// SPDX-License-Identifier: GPL-2.0-only

using System.IO;
using Kpidfs.Fuzz;
using Kpidfs.Host;
using Kpidfs.Model;

namespace Kpidfs.Commands;

/// <summary>`kpidfs fuzz --seed S --count N [--start I] [--out DIR] [--backend-only model]`.</summary>
public static class FuzzCommand
{
    /// <summary>Prints generated sequences (`kpidfs fuzz --print`).</summary>
    /// <param name="seed">The campaign seed.</param>
    /// <param name="count">How many sequences.</param>
    /// <param name="start">The first sequence's index.</param>
    /// <param name="stdout">Where they go.</param>
    /// <returns>0.</returns>
    public static int Print(int seed, int count, int start, TextWriter stdout)
    {
        for (var i = start; i < start + count; i++)
        {
            stdout.Write(Generator.Generate(seed, i));
            stdout.Write('\n');
        }

        return 0;
    }

    /// <summary>Runs a fuzz campaign.</summary>
    /// <param name="seed">The campaign seed.</param>
    /// <param name="count">How many sequences.</param>
    /// <param name="start">The first sequence's index.</param>
    /// <param name="outDir">Where divergent sequences go.</param>
    /// <param name="backendOnly">`model` to run only the model, or null for both backends.</param>
    /// <param name="stdout">Where progress and the summary go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>0 when nothing differs, 1 when something does, 2 for bad arguments.</returns>
    public static int Run(int seed, int count, int start, string outDir, string? backendOnly, TextWriter stdout, TextWriter stderr)
    {
        if (count < 0 || start < 0)
        {
            stderr.WriteLine("kpidfs: --count and --start must not be negative");
            return 2;
        }

        var comparer = new Comparer(() => new ModelBackend(), backendOnly == "model" ? null : () => new HostBackend());
        return new Campaign(comparer, stdout).Run(seed, count, outDir, start);
    }
}
