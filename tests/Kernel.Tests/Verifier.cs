// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Xunit;

namespace Kernel.Tests;

/// <summary>
/// A stand-in for Verify.Xunit, which cannot be restored here (its core package is missing
/// from the registry). It keeps Verify's conventions: the accepted text lives in
/// <c>snapshots/Class.Method.verified.txt</c> beside the test source, a mismatch writes
/// <c>.received.txt</c> next to it and fails, and <c>VERIFY_AUTOVERIFY=1</c> (or
/// <c>SNAPSHOT_ACCEPT=1</c>) accepts. The call shape is Verify's: <c>await Verifier.Verify(text)</c>.
/// </summary>
public static class Verifier
{
    /// <summary>Gets the suffix of snapshots that differ between the 64-bit and 32-bit builds (Verify's UniqueFor… naming).</summary>
    public static string Bitness =>
#if CONFIG_64BIT
        "64bit";
#else
        "32bit";
#endif

    /// <summary>Compares <paramref name="text"/> with the accepted snapshot of the calling test.</summary>
    /// <param name="text">The text.</param>
    /// <param name="uniqueForBitness">Keep one snapshot per CONFIG_64BIT setting (Class.Method.64bit.verified.txt).</param>
    /// <param name="sourceFile">The caller's file (filled by the compiler).</param>
    /// <param name="method">The caller's method (filled by the compiler).</param>
    /// <returns>A task that fails when the snapshot differs.</returns>
    public static Task Verify(string text, bool uniqueForBitness = false, [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(sourceFile)!, "snapshots");
        var name = $"{Path.GetFileNameWithoutExtension(sourceFile)}.{method}" + (uniqueForBitness ? "." + Bitness : string.Empty);
        var verified = Path.Combine(dir, name + ".verified.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);

        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == text)
        {
            File.Delete(received);
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(dir);
        if (Environment.GetEnvironmentVariable("VERIFY_AUTOVERIFY") == "1" || Environment.GetEnvironmentVariable("SNAPSHOT_ACCEPT") == "1")
        {
            File.WriteAllText(verified, text);
            return Task.CompletedTask;
        }

        File.WriteAllText(received, text);
        Assert.Fail(expected == null
            ? $"No accepted snapshot {verified}; review {received} and rename it to accept."
            : $"Snapshot differs from {verified}; see {received}.");
        return Task.CompletedTask;
    }
}
