// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Kpidfs.PortStatus;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>`kpidfs port-status` on small kernel-like trees written here (no upstream source).</summary>
public sealed class PortStatusTests : IDisposable
{
    private const string FooC = """
        // SPDX-License-Identifier: GPL-2.0
        #include <linux/foo.h>

        struct foo_state {
            int count;
        };

        static const struct foo_ops foo_table = {
            .open = foo_open,
        };

        static inline int foo_ino(int x)
        {
            return x + 1;
        }

        /* the reference goes to the caller */
        int foo_get(struct foo *f)
        {
            if (!f)
                return -EINVAL;
            return foo_ino(f->n);
        }

        SYSCALL_DEFINE2(foo_open, int, fd, unsigned int, flags)
        {
        #ifdef CONFIG_FOO
            return foo_get(NULL);
        #endif
            return 0;
        }
        """;

    private const string FooH = """
        #ifndef _FOO_H
        #define _FOO_H
        #define FOO_MAX 4
        #define for_each_foo(f) for ((f) = first_foo(); (f); (f) = next_foo(f))
        static inline bool foo_empty(struct foo *f) { return !f->n; }
        #endif
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("port-status-").FullName;

    /// <summary>Functions, inline functions and syscalls are found with their kinds; macros only in headers.</summary>
    [Fact]
    public void ExtractsFunctionsAndHeaderMacros()
    {
        var c = CExtractor.Extract(FooC, false);
        Assert.Equal(new[] { "foo_ino:inline", "foo_get:function", "sys_foo_open:syscall" }, c.Select(f => $"{f.Key}:{f.Kind}"));
        var h = CExtractor.Extract(FooH, true);
        Assert.Equal(new[] { "for_each_foo:macro", "foo_empty:inline" }, h.Select(f => $"{f.Key}:{f.Kind}"));
    }

    /// <summary>A second definition under another #if branch gets its own key.</summary>
    [Fact]
    public void SecondDefinitionIsNumbered()
    {
        var src = "#if X\nstatic int f(void) { return 1; }\n#else\nstatic int f(void) { return 2; }\n#endif\n";
        Assert.Equal(new[] { "f", "f#2" }, CExtractor.Extract(src, false).Select(f => f.Key));
    }

    /// <summary>Comments and layout do not change a fingerprint; a changed token does.</summary>
    [Fact]
    public void FingerprintIgnoresCommentsAndWhitespace()
    {
        var a = Fingerprints.OfSource("int f(int x)\n{\n\treturn x + 1; /* one more */\n}\n");
        var b = Fingerprints.OfSource("int f(int x) { // why\n  return x+1;\n}");
        var c = Fingerprints.OfSource("int f(int x) { return x + 2; }");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Matches("^[0-9a-f]{16}$", a);
    }

    /// <summary>The tree the manifest was made from: everything unchanged, exit 0.</summary>
    [Fact]
    public void UnchangedTreeExitsZero()
    {
        var (code, output) = this.Run(this.Tree(FooC, FooH));
        Assert.Equal(PortStatusCommand.Ok, code);
        Assert.Contains("4 unchanged, 0 changed, 0 new, 0 gone", output, StringComparison.Ordinal);
        Assert.Contains("not-ported  include/linux/foo.h  for_each_foo", output, StringComparison.Ordinal);
    }

    /// <summary>A changed body, a new function and a removed one are each reported, and the exit code is 1.</summary>
    [Fact]
    public void ChangedNewAndGoneAreReported()
    {
        var linux = this.Tree(FooC, FooH);
        var changed = FooC.Replace("return x + 1;", "return x + 2;", StringComparison.Ordinal)
            .Replace("SYSCALL_DEFINE2(foo_open", "int foo_put(struct foo *f)\n{\n    return 0;\n}\n\nSYSCALL_DEFINE2(foo_open", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(linux, "fs/foo.c"), changed);
        File.WriteAllText(Path.Combine(linux, "include/linux/foo.h"), FooH.Replace("static inline bool foo_empty(struct foo *f) { return !f->n; }\n", string.Empty, StringComparison.Ordinal));

        var (code, output) = this.Run(linux);

        Assert.Equal(PortStatusCommand.Differs, code);
        Assert.Matches(@"changed\s+fs/foo\.c\s+foo_ino\s+kernel/fs/foo\.cs: foo_ino", output);
        Assert.Matches(@"new\s+fs/foo\.c\s+foo_put\s+function at line \d+", output);
        Assert.Matches(@"gone\s+include/linux/foo\.h\s+foo_empty", output);
    }

    /// <summary>Moving a function is an order finding; a new function in a partial file is not reported.</summary>
    [Fact]
    public void OrderAndPartialScope()
    {
        const string fooGet = "int foo_get(struct foo *f)\n{\n    if (!f)\n        return -EINVAL;\n    return foo_ino(f->n);\n}\n";
        var moved = FooC.Replace("/* the reference goes to the caller */\n" + fooGet, string.Empty, StringComparison.Ordinal) + "\n" + fooGet;
        var linux = this.Tree(moved, FooH + "\nstatic inline int foo_new(void) { return 0; }\n");

        var (code, output) = this.Run(linux);

        Assert.Equal(PortStatusCommand.Ok, code);
        Assert.Matches(@"order\s+fs/foo\.c\s+sys_foo_open\s+upstream now has it before foo_get", output);
        Assert.DoesNotContain("foo_new", output, StringComparison.Ordinal);
    }

    /// <summary>--json carries the counts and every finding.</summary>
    [Fact]
    public void JsonForCi()
    {
        var linux = this.Tree(FooC.Replace("return 0;\n}", "return 1;\n}", StringComparison.Ordinal), FooH);
        var (code, output) = this.Run(linux, "--json");
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(PortStatusCommand.Differs, code);
        Assert.True(doc.RootElement.GetProperty("needs_work").GetBoolean());
        Assert.Equal(1, doc.RootElement.GetProperty("counts").GetProperty("changed").GetInt32());
        Assert.Contains(doc.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("state").GetString() == "changed" && i.GetProperty("name").GetString() == "sys_foo_open");
    }

    /// <summary>With a git checkout, --since shows the upstream diff of each changed function and only of it.</summary>
    [Fact]
    public void SinceShowsThePerFunctionDiff()
    {
        var linux = this.Tree(FooC, FooH);
        Git(linux, "init", "-q");
        Git(linux, "add", ".");
        Git(linux, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v1");
        File.WriteAllText(Path.Combine(linux, "fs/foo.c"), FooC.Replace("return -EINVAL;", "return -EBADF;", StringComparison.Ordinal));

        var (code, output) = this.Run(linux, "--since", "HEAD");

        Assert.Equal(PortStatusCommand.Differs, code);
        Assert.Contains("-        return -EINVAL;", output, StringComparison.Ordinal);
        Assert.Contains("+        return -EBADF;", output, StringComparison.Ordinal);
        Assert.Contains("--- a/fs/foo.c foo_get (HEAD)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SYSCALL_DEFINE2", output, StringComparison.Ordinal);
    }

    /// <summary>A malformed manifest line is bad input with its line number; so is a missing tree.</summary>
    [Fact]
    public void BadInput()
    {
        var m = Path.Combine(this.dir, "bad.tsv");
        File.WriteAllText(m, "version\tv1\nfn\tonly\tthree\n");
        var err = new StringWriter();
        Assert.Equal(PortStatusCommand.BadInput, PortStatusCommand.Run(this.dir, m, false, null, false, false, new StringWriter(), err));
        Assert.Contains("manifest line 2", err.ToString(), StringComparison.Ordinal);
        Assert.Equal(PortStatusCommand.BadInput, PortStatusCommand.Run(Path.Combine(this.dir, "nope"), m, false, null, false, false, new StringWriter(), new StringWriter()));
    }

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(this.dir, true);

    private static void Git(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(dir);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    /* a tree with fs/foo.c and include/linux/foo.h, and a manifest made from the originals */
    private string Tree(string fooC, string fooH)
    {
        var linux = Path.Combine(this.dir, "linux");
        Directory.CreateDirectory(Path.Combine(linux, "fs"));
        Directory.CreateDirectory(Path.Combine(linux, "include/linux"));
        File.WriteAllText(Path.Combine(linux, "fs/foo.c"), fooC);
        File.WriteAllText(Path.Combine(linux, "include/linux/foo.h"), fooH);

        var c = CExtractor.Extract(FooC, false).ToDictionary(f => f.Key, f => f.Fingerprint);
        var h = CExtractor.Extract(FooH, true).ToDictionary(f => f.Key, f => f.Fingerprint);
        string[][] rows =
        [
            ["version", "v1"],
            ["file", "fs/foo.c", "full", "kernel/fs/foo.cs"],
            ["file", "include/linux/foo.h", "partial", "kernel/include/linux/foo.cs"],
            ["fn", "fs/foo.c", "foo_ino", c["foo_ino"], "ported", "kernel/fs/foo.cs", "foo_ino"],
            ["fn", "fs/foo.c", "foo_get", c["foo_get"], "ported", "kernel/fs/foo.cs", "foo_get"],
            ["fn", "fs/foo.c", "sys_foo_open", c["sys_foo_open"], "deviation: no CONFIG_FOO", "kernel/fs/foo.cs", "sys_foo_open"],
            ["fn", "include/linux/foo.h", "for_each_foo", "-", "not-ported: foreach instead", "-", "-"],
            ["fn", "include/linux/foo.h", "foo_empty", h["foo_empty"], "ported", "kernel/include/linux/foo.cs", "foo_empty"],
        ];
        var text = "# a test manifest\n" + string.Concat(rows.Select(r => string.Join('\t', r) + "\n"));
        File.WriteAllText(Path.Combine(this.dir, "manifest.tsv"), text);
        return linux;
    }

    private (int Code, string Output) Run(string linux, params string[] extra)
    {
        var json = extra.Contains("--json");
        var since = extra.SkipWhile(a => a != "--since").Skip(1).FirstOrDefault();
        var stdout = new StringWriter();
        var code = PortStatusCommand.Run(linux, Path.Combine(this.dir, "manifest.tsv"), json, since, false, false, stdout, new StringWriter());
        return (code, stdout.ToString());
    }
}
