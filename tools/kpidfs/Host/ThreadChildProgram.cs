// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using Kpidfs.Scenario;

namespace Kpidfs.Host;

/// <summary>
/// The C child (Host/thread_child.c) for scenarios with `thread_exit` or `exec`: its thread group holds
/// exactly the scenario's threads, which a .NET child cannot offer (the runtime has threads of its own,
/// so a leader that exits alone would never be reported). Compiled once with gcc into the temporary
/// directory, under a name that carries the source's hash.
/// </summary>
internal static class ThreadChildProgram
{
    private static readonly Lazy<string> Built = new(Build);

    /// <summary>Gets the path of the compiled helper (building it the first time).</summary>
    public static string Path => Built.Value;

    private static string Build()
    {
        using var stream = typeof(ThreadChildProgram).Assembly.GetManifestResourceStream("thread_child.c")
            ?? throw new BackendException("the thread helper's source is not embedded in kpidfs");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)))[..16];
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kpidfs-" + Environment.UserName);
        var exe = System.IO.Path.Combine(dir, "thread-child-" + hash);
        if (File.Exists(exe))
        {
            return exe;
        }

        Directory.CreateDirectory(dir);
        var unique = $"{exe}.{Environment.ProcessId}";
        File.WriteAllText(unique + ".c", source);
        try
        {
            var psi = new ProcessStartInfo("gcc", ["-O2", "-pthread", "-o", unique, unique + ".c"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var gcc = Process.Start(psi) ?? throw new BackendException("cannot start gcc to build the thread helper");
            var errors = gcc.StandardError.ReadToEnd();
            gcc.WaitForExit();
            if (gcc.ExitCode != 0)
            {
                throw new BackendException("gcc could not build the thread helper: " + errors.Trim());
            }

            /* a rename is atomic: a concurrent run sees either no helper or a whole one */
            File.Move(unique, exe, overwrite: true);
            return exe;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackendException("thread_exit and exec need gcc on the host to build their child: " + e.Message);
        }
        finally
        {
            File.Delete(unique + ".c");
        }
    }
}
