// SPDX-License-Identifier: GPL-2.0-only

using System.Linq;
using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>The version-2 fd and file verbs: parsing, their errors, and their printing.</summary>
public class FdVerbsTests
{
    private const string Prelude = "# version: 2\nspawn P\npidfd_open a P\nhandle h a\n";

    /// <summary>Malformed lines (each one is line 5, after the version directive and a prelude defining P, a and h).</summary>
    /// <param name="line">The bad line.</param>
    /// <param name="message">A part of the expected message.</param>
    [Theory]
    [InlineData("setxattr a trusted.x", "too few arguments; usage: setxattr FD NAME VALUE [XATTR_CREATE|XATTR_REPLACE]")]
    [InlineData("setxattr a trusted.x 1 XATTR_BOGUS", "unknown flag 'XATTR_BOGUS' for setxattr")]
    [InlineData("setxattr a trusted.x *lots", "bad value length 'lots'")]
    [InlineData("getxattr a trusted.x -1", "bad size '-1'")]
    [InlineData("listxattr h", "'h' is a handle, not an fd")]
    [InlineData("getfd b a", "too few arguments; usage: getfd FD PIDFD TARGETFD [FLAGS]")]
    [InlineData("getfd b a zz", "unknown fd 'zz'")]
    [InlineData("getfd P a 0", "'P' is already a process")]
    [InlineData("getfl", "usage: getfl FD")]
    [InlineData("setfl a", "usage: setfl FD FLAGS")]
    [InlineData("handle_at g a", "usage: handle_at HANDLE FD|AT_FDCWD PATH [FLAGS] [bytes=N]")]
    [InlineData("handle_at g a \"\" AT_BOGUS", "unknown flag 'AT_BOGUS' for handle_at")]
    [InlineData("handle_at g a \"\" bytes=x", "bad byte count 'x'")]
    [InlineData("forge g from", "unknown forge field 'from'")]
    [InlineData("forge g from zz", "unknown handle 'zz'")]
    [InlineData("forge g size=8", "unknown forge field 'size=8'")]
    [InlineData("forge g ino=+5", "a relative 'ino=' needs 'from HANDLE'")]
    [InlineData("forge g from h payload=abc", "bad payload 'abc'")]
    [InlineData("forge g from h payload=00 ino=1", "'payload=' and 'ino=' both set the handle's body")]
    [InlineData("chmod a 0789", "bad mode '0789'")]
    [InlineData("chown a 0", "usage: chown FD UID GID")]
    [InlineData("chown a x 0", "bad id 'x'")]
    [InlineData("open b /etc/passwd", "'open' takes one of /dev/null")]
    [InlineData("open b /dev/null O_BOGUS", "unknown flag 'O_BOGUS' for open")]
    public void MalformedLines(string line, string message)
    {
        Parser.Parse("f.scn", Prelude + line + "\n", out var errors);
        var e = Assert.Single(errors);
        Assert.Equal(5, e.Line);
        Assert.Contains(message, e.Message, System.StringComparison.Ordinal);
    }

    /// <summary>A version-2 verb in a version-1 file is an error that names the directive.</summary>
    [Fact]
    public void NeedsVersionTwo()
    {
        Parser.Parse("v1.scn", "spawn P\npidfd_open a P\ngetfl a\n", out var errors);
        var e = Assert.Single(errors);
        Assert.Equal(3, e.Line);
        Assert.Contains("# version: 2", e.Message, System.StringComparison.Ordinal);
    }

    /// <summary>What the lines parse to: values, flags, names and numbers.</summary>
    [Fact]
    public void Arguments()
    {
        var f = Scenarios.Parse(Prelude + Scenarios.Lines(
            "setxattr a trusted.x *3 XATTR_CREATE",
            "setxattr a trusted.y \"\"",
            "getxattr a trusted.x 0",
            "getfd b a a O_CLOEXEC",
            "getfd c a -1",
            "handle_at g a \"\" AT_EMPTY_PATH|AT_HANDLE_FID bytes=4",
            "handle_at i AT_FDCWD x",
            "forge j from h type=0x100 ino=+7",
            "chmod a 0755",
            "chown a -1 1000",
            "open n /dev/null O_RDONLY"));
        var ops = f.Ops.Skip(3).ToList();
        var set = Assert.IsType<SetxattrOp>(ops[0]);
        Assert.Equal("xxx", System.Text.Encoding.ASCII.GetString(set.Value));
        Assert.Equal(1, set.Flags);
        Assert.Empty(Assert.IsType<SetxattrOp>(ops[1]).Value);
        Assert.Equal(0, Assert.IsType<GetxattrOp>(ops[2]).Size);
        var getfd = Assert.IsType<GetfdOp>(ops[3]);
        Assert.Equal(("b", "a", "a", 0x80000u), (getfd.NewFd, getfd.Pidfd, getfd.Target.FdName, getfd.Flags));
        Assert.Equal(-1, Assert.IsType<GetfdOp>(ops[4]).Target.Number);
        var at = Assert.IsType<HandleAtOp>(ops[5]);
        Assert.Equal((string.Empty, 0x1200, 4u), (at.Path, at.Flags, at.Bytes));
        Assert.Equal(-100, Assert.IsType<HandleAtOp>(ops[6]).Dir.Number);
        var forge = Assert.IsType<ForgeOp>(ops[7]);
        Assert.Equal(("h", 0x100, "+7"), (forge.From, forge.Type, forge.Ino));
        Assert.Equal(0x1EDu, Assert.IsType<ChmodOp>(ops[8]).Mode);
        var chown = Assert.IsType<ChownOp>(ops[9]);
        Assert.Equal((uint.MaxValue, 1000u), (chown.Uid, chown.Gid));
        Assert.Equal(0, Assert.IsType<OpenOp>(ops[10]).Flags);
    }

    /// <summary>The printing of the new results, and that a forged handle's body follows its fields.</summary>
    [Fact]
    public void Printing()
    {
        var n = new Normaliser();
        Assert.Equal("ok size=3 value=\"bar\"", new XattrResult(0, 3, "bar"u8.ToArray()).Text(n));
        Assert.Equal("ok size=2 value=0x0001", new XattrResult(0, 2, [0, 1]).Text(n));
        Assert.Equal("ok size=65", new XattrResult(0, 65, new byte[65]).Text(n));
        Assert.Equal("ok size=3", new XattrResult(0, 3, null).Text(n));
        Assert.Equal("ok size=20 names=trusted.b,trusted.a", new XattrListResult(0, 20, XattrListResult.Split("trusted.b\0trusted.a\0"u8.ToArray(), 20)).Text(n));
        Assert.Equal("ok size=0 names=-", new XattrListResult(0, 0, []).Text(n));
        Assert.Equal("ok flags=O_RDWR|O_EXCL|O_NONBLOCK cloexec=yes", new FlagsResult(0, 0x882, 1).Text(n));
        Assert.Equal("ok flags=O_ACCMODE|O_LARGEFILE|0x1000000 cloexec=no", new FlagsResult(0, 0x1008003, 0).Text(n));
        Assert.Equal("ENODATA", TranscriptWriter.Format(new XattrResult(61, 0, null), n));

        var m = Scenarios.Model(Prelude + Scenarios.Lines("forge g from h ino=+100000 bytes=16", "open_by_handle b g", "forge k from h bytes=16", "open_by_handle c k", "same c a"));
        Assert.EndsWith("forge g from h ino=+100000 bytes=16: ok\nopen_by_handle b g: ESTALE\nforge k from h bytes=16: ok\nopen_by_handle c k: ok\nsame c a: yes\n", m, System.StringComparison.Ordinal);
    }
}
