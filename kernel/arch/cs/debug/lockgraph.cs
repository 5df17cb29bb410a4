// SPDX-License-Identifier: GPL-2.0-only

// The static lock graph proven against lockdep. The analyzers compute, at
// build time, which lock classes kernel/ may take while holding which
// (tools/lockgraph --export writes kernel.lockgraph beside the binaries of
// every project that runs the kernel): the lock each initialisation site
// makes, named as the analyzers name it (a global, "struct.field" or its
// __lock_class), and every edge of their graph. Lockdep keys a class by
// its initialisation site, so each runtime class maps to one declared lock.
//
// At teardown every dependency lockdep recorded whose two acquisitions were
// made by kernel/ code must be an edge of that graph; any other is a
// problem that names both classes, both init sites and where it was seen,
// so a nesting the analysis cannot see fails the test that reached it.
// Dependencies made by a test's own locking (a test taking kernel locks
// itself), and classes initialised outside kernel/, are not the port's and
// are left out. No file beside the binaries: no check (a test asserts the
// file is there whenever CONFIG_PROVE_LOCKING records dependencies).
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;

namespace Linux;

/// <summary>The lock graph the analyzers computed for this build (kernel.lockgraph).</summary>
public sealed class static_lock_graph
{
    /// <summary>The file name tools/lockgraph --export writes.</summary>
    public const string file_name = "kernel.lockgraph";

    private static readonly Lazy<static_lock_graph?> beside_binaries = new(() => load(Path.Combine(AppContext.BaseDirectory, file_name)));

    private readonly Dictionary<(string file, int line), string> site_classes = new();
    private readonly HashSet<(string from, string to)> edges = new();

    private static_lock_graph()
    {
    }

    /// <summary>Gets the graph written beside the running binaries, or null when there is none.</summary>
    public static static_lock_graph? current => beside_binaries.Value;

    /// <summary>Gets how many initialisation sites the graph maps.</summary>
    public int site_count => this.site_classes.Count;

    /// <summary>Gets how many edges the graph has.</summary>
    public int edge_count => this.edges.Count;

    /// <summary>
    /// Reads an exported graph: "site FILE LINE CLASS" lines (FILE relative to the repository root) and
    /// "edge FROM TO WITNESS" lines, tab-separated; '#' starts a comment line.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The graph, or null when the file does not exist.</returns>
    public static static_lock_graph? load(string path)
    {
        if (!File.Exists(path))
            return null;
        var g = new static_lock_graph();
        var n = 0;
        foreach (var text in File.ReadLines(path))
        {
            n++;
            if (text.Length == 0 || text[0] == '#')
                continue;
            var f = text.Split('\t');
            if (f[0] == "site" && f.Length >= 4 && int.TryParse(f[2], out var line))
                g.site_classes[(f[1], line)] = f[3];
            else if (f[0] == "edge" && f.Length >= 3)
                g.edges.Add((f[1], f[2]));
            else
                throw new InvalidDataException($"{path}:{n}: not a site or edge line");
        }

        return g;
    }

    /// <summary>The declared lock a runtime class was initialised as, by its init site (null: no lock the analyzers know).</summary>
    /// <param name="c">The class.</param>
    /// <returns>The analyzers' class name.</returns>
    public string? class_of(lock_class c) =>
        this.site_classes.TryGetValue((vmlinux.kernel_relative(c.key_file), c.key_line), out var name) ? name : null;

    /// <summary>Gets whether the analyzers predicted taking <paramref name="to"/> while holding <paramref name="from"/>.</summary>
    /// <param name="from">The held class (analyzers' name).</param>
    /// <param name="to">The taken class.</param>
    /// <returns>True if the graph has the edge.</returns>
    public bool predicts(string from, string to) => this.edges.Contains((from, to));
}

/// <summary>The runtime lock graph checked against the static one.</summary>
public sealed partial class vmlinux
{
    /* kernel/, as the compiler named this file's folder (this file is kernel/arch/cs/debug/lockgraph.cs) */
    private static readonly string kernel_source_root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(this_file())!, "..", "..", ".."));

    /// <summary>Gets whether a source file (a CallerFilePath) is part of kernel/.</summary>
    /// <param name="file">The file.</param>
    /// <returns>True for kernel/ code.</returns>
    public static bool is_kernel_source(string file) =>
        file.Length > kernel_source_root.Length && file.StartsWith(kernel_source_root, StringComparison.Ordinal) && file[kernel_source_root.Length] is '/' or '\\';

    /// <summary>A kernel/ source file as the repository names it ("kernel/kernel/pid.cs"); other files unchanged.</summary>
    /// <param name="file">The file (a CallerFilePath).</param>
    /// <returns>The relative name.</returns>
    public static string kernel_relative(string file) =>
        is_kernel_source(file) ? "kernel/" + file.Substring(kernel_source_root.Length + 1).Replace('\\', '/') : file;

    /// <summary>
    /// The dependencies lockdep recorded in this kernel that the static lock graph does not have, each
    /// named with both classes (lockdep's and the analyzers' names), both init sites and where it was
    /// seen; empty without a static graph or without CONFIG_PROVE_LOCKING.
    /// </summary>
    /// <param name="graph">The static graph (default: the one beside the binaries).</param>
    /// <returns>One line per unpredicted dependency.</returns>
    public List<string> lockdep_unpredicted_dependencies(static_lock_graph? graph = null)
    {
        var problems = new List<string>();
        graph ??= static_lock_graph.current;
        if (graph == null)
            return problems;
        foreach (var d in this.lockdep_dependency_list())
        {
            if (!d.by_kernel || !is_kernel_source(d.from.key_file) || !is_kernel_source(d.to.key_file))
                continue;
            var from = graph.class_of(d.from);
            var to = graph.class_of(d.to);
            if (from != null && to != null && graph.predicts(from, to))
                continue;
            problems.Add($"lockdep: dependency not in the static lock graph: {this.describe_class(d.from, from)} -> {this.describe_class(d.to, to)}, " +
                $"seen at {d.next_caller} ({kernel_relative(d.next_file)}:{d.next_line}) holding the lock taken in {d.prev_caller} ({kernel_relative(d.prev_file)}:{d.prev_line})");
        }

        return problems;
    }

    private static string this_file([CallerFilePath] string file = "") => file;

    private string describe_class(lock_class c, string? declared) =>
        $"{this.lock_class_name(c)} [{declared ?? "no declared lock"}, init {kernel_relative(c.key_file)}:{c.key_line}]";
}
