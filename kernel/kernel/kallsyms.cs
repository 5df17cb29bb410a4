// SPDX-License-Identifier: GPL-2.0-only

//
// kernel/kallsyms.c's "function+0xOFF/0xLEN", with the "file:line" that
// scripts/decode_stacktrace.sh adds to a report, for the port's code
// addresses. An address of the port is an IL offset in a method: OFF is that
// offset and LEN the method's IL size; file and line come from the build's
// portable PDB (the model's debug info), read only when a report is printed,
// as decode_stacktrace.sh runs addr2line over vmlinux after the fact.
// Saving a stack costs what it did before symbols were printed; without a
// PDB a frame prints unsymbolized, as "function+0xOFF/0xLEN".
//
// A lock's acquisition site is known by the name, file and line the
// compiler gave its caller (lock_acquire is compiled out without lockdep),
// not by an IL offset: it prints as "function+0x0/0x0 file:line".
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace Linux;

/// <summary>One saved frame: a method of the port and the IL offset in it.</summary>
/// <param name="method">The method.</param>
/// <param name="il_offset">The offset (-1 if unknown).</param>
public readonly record struct stack_entry(MethodBase method, int il_offset);

/// <summary>Symbols for reports.</summary>
public sealed partial class vmlinux
{
    /* the tree's root at build time: this file's path less its place in the tree */
    private static readonly string source_root = source_root_of();

    /* each assembly's debug info, opened once on first use (null: it has none) */
    private static readonly ConcurrentDictionary<Assembly, MetadataReaderProvider?> debug_info = new();

    /// <summary>stack_trace_save: the port's functions on this thread's stack, innermost first, unsymbolized.</summary>
    /// <param name="skip">Frames of the caller to leave out.</param>
    /// <param name="max">At most this many frames.</param>
    /// <returns>The frames.</returns>
    internal static stack_entry[] stack_trace_save(int skip, int max)
    {
        var entries = new List<stack_entry>();
        foreach (var f in new StackTrace(skip + 1, false).GetFrames())
        {
            var m = f.GetMethod();
            if (m?.DeclaringType == null || m.DeclaringType.Namespace != "Linux" || m.Name.StartsWith('<'))
                continue;
            entries.Add(new stack_entry(m, f.GetILOffset()));
            if (entries.Count == max)
                break;
        }

        return entries.ToArray();
    }

    /// <summary>sprint_backtrace with decode_stacktrace.sh's addition: "function+0xOFF/0xLEN file:line".</summary>
    /// <param name="e">The frame.</param>
    /// <returns>The symbolized frame.</returns>
    internal static string sprint_backtrace(stack_entry e)
    {
        var off = Math.Max(e.il_offset, 0);
        var len = e.method.GetMethodBody()?.GetILAsByteArray()?.Length ?? 0;
        var sym = string.Create(CultureInfo.InvariantCulture, $"{e.method.Name}+0x{off:x}/0x{len:x}");
        return addr2line(e.method, off) is (string file, int line) ? $"{sym} {file}:{line}" : sym;
    }

    /// <summary>An acquisition site as a report prints it: "function+0x0/0x0 file:line".</summary>
    /// <param name="caller">The function.</param>
    /// <param name="file">Its source file (as the compiler gave it; empty if unknown).</param>
    /// <param name="line">The line.</param>
    /// <returns>The site.</returns>
    internal static string sprint_site(string caller, string file, int line) =>
        file.Length == 0 ? $"{caller}+0x0/0x0 (line {line})" : $"{caller}+0x0/0x0 {source_path(file)}:{line}";

    /// <summary>A source file's path from the tree's root (kernel/fs/pidfs.cs), as reports print it.</summary>
    /// <param name="file">The path the compiler or the debug info gave.</param>
    /// <returns>The path from the root.</returns>
    internal static string source_path(string file)
    {
        var f = file.Replace('\\', '/');
        return f.StartsWith(source_root, StringComparison.Ordinal) ? f[source_root.Length..] : f;
    }

    /* addr2line: the source line of an IL offset, from the last sequence point at or before it */
    private static (string file, int line)? addr2line(MethodBase m, int il_offset)
    {
        var provider = debug_info.GetOrAdd(m.Module.Assembly, open_debug_info);
        if (provider == null)
            return null;

        var reader = provider.GetMetadataReader();
        var handle = (MethodDefinitionHandle)MetadataTokens.EntityHandle(m.MetadataToken);
        SequencePoint? best = null;
        foreach (var sp in reader.GetMethodDebugInformation(handle).GetSequencePoints())
        {
            if (sp.IsHidden)
                continue;
            if (sp.Offset > il_offset)
                break;
            best = sp;
        }

        if (best is not SequencePoint p)
            return null;
        return (source_path(reader.GetString(reader.GetDocument(p.Document).Name)), p.StartLine);
    }

    private static MetadataReaderProvider? open_debug_info(Assembly a)
    {
        try
        {
            var pdb = Path.ChangeExtension(a.Location, ".pdb");
            return a.Location.Length == 0 || !File.Exists(pdb) ? null : MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb));
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string source_root_of([CallerFilePath] string self = "")
    {
        var f = self.Replace('\\', '/');
        const string here = "kernel/kernel/kallsyms.cs";
        return f.EndsWith(here, StringComparison.Ordinal) ? f[..^here.Length] : string.Empty;
    }
}
