// SPDX-License-Identifier: GPL-2.0-only

using System.Linq;
using Kpidfs.Scenario;
using Xunit;

namespace Kpidfs.Tests;

/// <summary>The scenario parser: what it accepts and the line-numbered errors it gives.</summary>
public class ParserTests
{
    private const string Prelude = "spawn P\npidfd_open a P\nhandle h a\n";

    /// <summary>Malformed lines (each one is line 4, after a prelude defining P, a and h).</summary>
    /// <param name="line">The bad line.</param>
    /// <param name="message">A part of the expected message.</param>
    [Theory]
    [InlineData("spawn", "too few arguments; usage: spawn NAME")]
    [InlineData("spawn Q R", "too many arguments")]
    [InlineData("spawn 12x", "bad name '12x'")]
    [InlineData("spawn P", "'P' is already a process (defined at line 1); process and thread names cannot be redefined")]
    [InlineData("spawn shell", "'shell' is already a process (it is the scenario's own task)")]
    [InlineData("thread P of P", "'P' is already a process")]
    [InlineData("frob a", "unknown verb 'frob'")]
    [InlineData("thread T P", "usage: thread NAME of PROCESS")]
    [InlineData("thread T in P", "expected 'of'")]
    [InlineData("thread T of Q", "unknown process 'Q'")]
    [InlineData("pidfd_open b Q", "unknown process 'Q'")]
    [InlineData("pidfd_open b a", "'a' is an fd, not a process or thread")]
    [InlineData("pidfd_open b P PIDFD_BOGUS", "unknown flag 'PIDFD_BOGUS' for pidfd_open")]
    [InlineData("pidfd_open b P PIDFD_THREAD||PIDFD_NONBLOCK", "empty flag")]
    [InlineData("pidfd_open P P", "'P' is already a process")]
    [InlineData("pidfd_open h P", "'h' is already a handle (defined at line 3); it cannot become an fd")]
    [InlineData("stat zz", "unknown fd 'zz'")]
    [InlineData("stat h", "'h' is a handle, not an fd")]
    [InlineData("stat a b", "too many arguments; usage: stat FD")]
    [InlineData("same a", "usage: same FD FD")]
    [InlineData("handle a a", "'a' is already an fd (defined at line 2); it cannot become a handle")]
    [InlineData("handle g a -1", "bad byte count '-1'")]
    [InlineData("handle g a lots", "bad byte count 'lots'")]
    [InlineData("open_by_handle b nope", "unknown handle 'nope'")]
    [InlineData("open_by_handle b h via", "'via' takes one fd name or PIDFS_ROOT")]
    [InlineData("open_by_handle b h via zz", "unknown fd 'zz'")]
    [InlineData("open_by_handle b h O_BOGUS", "unknown flag 'O_BOGUS' for open_by_handle")]
    [InlineData("info a FOO", "unknown flag 'FOO' for info")]
    [InlineData("send a SIGFOO", "bad signal 'SIGFOO'")]
    [InlineData("send a", "usage: send FD SIG")]
    [InlineData("exit P seven", "bad exit code 'seven'")]
    [InlineData("exit a 1", "'a' is an fd, not a process or thread")]
    [InlineData("reap h", "'h' is a handle, not a process or thread")]
    [InlineData("reap 99999999999", "does not fit in 32 bits")]
    [InlineData("waitid a WFOO", "unknown flag 'WFOO' for waitid")]
    [InlineData("poll", "usage: poll FD")]
    [InlineData("fdinfo", "usage: fdinfo FD")]
    [InlineData("close a a", "usage: close FD")]
    [InlineData("# kernel: >= 6.19", "'# kernel:' must come before the first operation")]
    public void MalformedLine(string line, string message)
    {
        var f = Parser.Parse("bad.scn", Prelude + line + "\nstat a\n", out var errors);
        Assert.Null(f);
        var e = Assert.Single(errors);
        Assert.Equal("bad.scn", e.Path);
        Assert.Equal(4, e.Line);
        Assert.Contains(message, e.Message, System.StringComparison.Ordinal);
        Assert.StartsWith("bad.scn:4: ", e.ToString(), System.StringComparison.Ordinal);
    }

    /// <summary>Malformed directives.</summary>
    /// <param name="line">The directive.</param>
    /// <param name="message">A part of the expected message.</param>
    [Theory]
    [InlineData("# kernel: ~ 6.19", "bad kernel directive")]
    [InlineData("# kernel: >= 6", "bad kernel version '6'")]
    [InlineData("# kernel: >= 6.19 junk", "bad kernel directive")]
    [InlineData("# backend: host", "unknown backend 'host'")]
    [InlineData("# version: 3", "unknown scenario language version '3' (1 and 2 are defined)")]
    public void MalformedDirective(string line, string message)
    {
        Parser.Parse("d.scn", "# a comment\n" + line + "\nspawn P\n", out var errors);
        var e = Assert.Single(errors);
        Assert.Equal(2, e.Line);
        Assert.Contains(message, e.Message, System.StringComparison.Ordinal);
    }

    /// <summary>
    /// thread_exit and exec take a task of a process made by a plain `spawn` (the host's thread
    /// helper); one made by clone3, `spawn ... by` or under `as P:`, or a thread of one, is refused
    /// with the line and the reason, on both backends alike.
    /// </summary>
    /// <param name="made">The line that makes Q (line 3).</param>
    /// <param name="use">The thread verb (line 5; T is a thread of Q).</param>
    /// <param name="message">A part of the expected message.</param>
    [Theory]
    [InlineData("clone3 Q", "exec Q", "exec needs a task of a process made by 'spawn' (the host runs thread exits and exec in its thread helper); 'Q' is made by clone3")]
    [InlineData("spawn Q by P", "thread_exit T 1", "'T' is a thread of Q, which was made by 'spawn Q by P'")]
    [InlineData("as P: spawn Q", "exec T", "'T' is a thread of Q, which was spawned as P")]
    public void ThreadVerbsNeedASpawnedProcess(string made, string use, string message)
    {
        Parser.Parse("t.scn", $"# version: 2\nspawn P\n{made}\nthread T of Q\n{use}\nthread_exit P 0\n", out var errors);
        var e = Assert.Single(errors);
        Assert.Equal("t.scn:5", $"{e.Path}:{e.Line}");
        Assert.Contains(message, e.Message, System.StringComparison.Ordinal);
    }

    /// <summary>Every malformed line of a file is reported, in order.</summary>
    [Fact]
    public void AllErrorsOfAFile()
    {
        Parser.Parse("x.scn", "spawn P\nspawn P\n\n# fine\nfoo\nstat q # trailing comment\n", out var errors);
        Assert.Equal(["x.scn:2", "x.scn:5", "x.scn:6"], errors.Select(e => $"{e.Path}:{e.Line}"));
    }

    /// <summary>Flags, masks, signals, numbers and names are read as the contract says.</summary>
    [Fact]
    public void Arguments()
    {
        var f = Scenarios.Parse("""
            # kernel: >= 6.9
            # kernel: < 6.19.1
            spawn P
            thread T of P
            pidfd_open a P PIDFD_THREAD|PIDFD_NONBLOCK
            pidfd_open a T PIDFD_THREAD | 0x800     # an fd name can be redefined
            pidfd_open b -1 2
            handle h a
            handle h a 4                             # so can a handle name
            open_by_handle c h O_RDWR|O_CLOEXEC via a
            open_by_handle d h via PIDFS_ROOT
            info a EXIT|PIDFD_INFO_CGROUPID
            info a
            send a SIGKILL
            send a 0
            send a USR1
            exit T 7
            reap 999999
            waitid a
            waitid a WEXITED|WNOHANG
            """);
        Assert.False(f.ModelOnly);
        Assert.Equal([new KernelBound(true, new KernelVersion(6, 9, 0)), new KernelBound(false, new KernelVersion(6, 19, 1))], f.KernelBounds);
        var ops = f.Ops;
        Assert.Equal(new SpawnOp(3, "spawn P", "P"), ops[0]);
        Assert.Equal(new ThreadOp(4, "thread T of P", "T", new TaskRef("P", 0)), ops[1]);
        Assert.Equal(0x880u, ((PidfdOpenOp)ops[2]).Flags);
        Assert.Equal(new PidfdOpenOp(6, "pidfd_open a T PIDFD_THREAD | 0x800", "a", new TaskRef("T", 0), 0x880), ops[3]);
        Assert.Equal(new TaskRef(null, -1), ((PidfdOpenOp)ops[4]).Target);
        Assert.Equal(128u, ((HandleOp)ops[5]).Bytes);
        Assert.Equal(4u, ((HandleOp)ops[6]).Bytes);
        Assert.Equal(new OpenByHandleOp(10, "open_by_handle c h O_RDWR|O_CLOEXEC via a", "c", "h", 0x80002, new MountRef("a", 0)), ops[7]);
        Assert.Equal(new MountRef(null, Symbols.FdPidfsRoot), ((OpenByHandleOp)ops[8]).Mount);
        Assert.Equal(0xfUL, ((InfoOp)ops[9]).Mask);
        Assert.Equal(0x3UL, ((InfoOp)ops[10]).Mask);
        Assert.Equal([9, 0, 10], ops.Skip(11).Take(3).Select(o => ((SendOp)o).Signal));
        Assert.Equal(new ExitOp(17, "exit T 7", new TaskRef("T", 0), 7), ops[14]);
        Assert.Equal(new TaskRef(null, 999999), ((ReapOp)ops[15]).Target);
        Assert.Equal(4, ((WaitidOp)ops[16]).Options);
        Assert.Equal(5, ((WaitidOp)ops[17]).Options);
    }

    /// <summary>`# backend: model` and the kernel range.</summary>
    [Fact]
    public void Directives()
    {
        var f = Scenarios.Parse("# backend: model\n# kernel: >= 6.19\nspawn P\n");
        Assert.True(f.ModelOnly);
        Assert.Null(f.OutsideRange(new KernelVersion(6, 19, 0)));
        Assert.Equal(">= 6.19", f.OutsideRange(new KernelVersion(6, 18, 44)));
        Assert.True(KernelVersion.TryParse("6.18.44-fc-v657", out var v));
        Assert.Equal(new KernelVersion(6, 18, 44), v);
        Assert.Equal("< 6.19", Scenarios.Parse("# kernel: < 6.19\n").OutsideRange(new KernelVersion(6, 19, 0)));
    }

    /// <summary>Malformed version-2 lines (each one is line 5, after `# version: 2` and a prelude defining P, a and h).</summary>
    /// <param name="line">The bad line.</param>
    /// <param name="message">A part of the expected message.</param>
    [Theory]
    [InlineData("as Q: stat a", "unknown process 'Q'")]
    [InlineData("as a: stat a", "'a' is an fd, not a process or thread")]
    [InlineData("as P stat a", "expected 'as X: LINE'")]
    [InlineData("as P: as P: fork_reap", "'as' lines do not nest")]
    [InlineData("as P: stat a", "fd 'a' belongs to shell; a line run as P uses P's fds")]
    [InlineData("as P: frob", "unknown verb 'frob'")]
    [InlineData("spawn Q by a", "'a' is an fd, not a process or thread")]
    [InlineData("spawn Q by", "too many arguments; usage: spawn NAME")]
    [InlineData("unshare", "too few arguments; usage: unshare FLAGS")]
    [InlineData("unshare CLONE_BOGUS", "unknown flag 'CLONE_BOGUS' for unshare")]
    [InlineData("clone3 C pidfd c", "CLONE_PIDFD and 'pidfd FD' go together")]
    [InlineData("clone3 C CLONE_PIDFD", "CLONE_PIDFD and 'pidfd FD' go together")]
    [InlineData("clone3 C set_tid", "bad clone3 argument 'set_tid'")]
    [InlineData("clone3 C set_tid 1 set_tid 2", "bad clone3 argument 'set_tid'")]
    [InlineData("clone3 C set_tid NULL", "'set_tid NULL' needs 'set_tid_size K'")]
    [InlineData("clone3 C set_tid_size -1", "bad set_tid_size '-1'")]
    [InlineData("clone3 P", "'P' is already a process")]
    [InlineData("clone3 C exit_signal SIGFOO", "bad signal 'SIGFOO'")]
    [InlineData("nspid a", "'a' is an fd, not a process or thread")]
    [InlineData("pid_max lots", "bad pid_max value 'lots'")]
    [InlineData("fork_reap P", "too many arguments; usage: fork_reap")]
    [InlineData("repeat 0: fork_reap", "bad repeat count '0'")]
    [InlineData("repeat x: fork_reap", "bad repeat count 'x'")]
    [InlineData("repeat 2: repeat 2: fork_reap", "'repeat' lines do not nest")]
    [InlineData("repeat 2 fork_reap", "expected 'repeat X: LINE'")]
    [InlineData("creds h", "'h' is a handle, not an fd")]
    [InlineData("pidfd_open PIDFD_SELF_THREAD P", "bad name 'PIDFD_SELF_THREAD'")]
    public void MalformedVersion2Line(string line, string message)
    {
        var f = Parser.Parse("bad.scn", "# version: 2\n" + Prelude + line + "\n", out var errors);
        Assert.Null(f);
        var e = Assert.Single(errors);
        Assert.Equal(5, e.Line);
        Assert.Contains(message, e.Message, System.StringComparison.Ordinal);
    }

    /// <summary>Version-2 verbs (and `spawn … by`) are malformed in a version-1 file, with the reason.</summary>
    /// <param name="line">The line.</param>
    [Theory]
    [InlineData("as P: stat a")]
    [InlineData("nspid P")]
    [InlineData("unshare CLONE_NEWPID")]
    [InlineData("clone3 C")]
    [InlineData("fork_reap")]
    [InlineData("pid_max")]
    [InlineData("creds a")]
    [InlineData("repeat 2: stat a")]
    public void Version2VerbNeedsTheHeader(string line)
    {
        var e = Assert.Single(Parse(Prelude + line + "\n"));
        Assert.Equal(4, e.Line);
        Assert.EndsWith("is a version 2 verb; the file must start with '# version: 2'", e.Message, System.StringComparison.Ordinal);
        Assert.Contains("too many arguments", Assert.Single(Parse(Prelude + "spawn Q by P\n")).Message, System.StringComparison.Ordinal);
        Assert.Contains("unknown fd 'PIDFD_SELF_THREAD'", Assert.Single(Parse(Prelude + "send PIDFD_SELF_THREAD 0\n")).Message, System.StringComparison.Ordinal);
    }

    /// <summary>The version-2 forms parse into what the runner needs.</summary>
    [Fact]
    public void Version2Arguments()
    {
        var f = Scenarios.Parse("# version: 2\nspawn P\nspawn Q by P\nas P: pidfd_open a Q PIDFD_NONBLOCK\nas P: clone3 C CLONE_NEWPID|CLONE_PIDFD exit_signal 0 set_tid 1,Q set_tid_size 2 pidfd c\n" +
            "as P: unshare CLONE_NEWPID\nrepeat 3: as P: fork_reap\nsend PIDFD_SELF_THREAD_GROUP 0\npid_max 500\nas Q: send PIDFD_SELF_THREAD SIGKILL\n");
        Assert.Equal(new TaskRef("P", 0), ((SpawnOp)f.Ops[1]).By);
        var a = (AsOp)f.Ops[2];
        Assert.Equal(new TaskRef("P", 0), a.Who);
        Assert.Equal("pidfd_open a Q PIDFD_NONBLOCK", a.Inner.Text);
        Assert.Equal(0x800u, ((PidfdOpenOp)a.Inner).Flags);
        var c = (Clone3Op)((AsOp)f.Ops[3]).Inner;
        Assert.Equal(0x20001000UL, c.Flags);
        Assert.Equal(0, c.ExitSignal);
        Assert.Equal([new TaskRef(null, 1), new TaskRef("Q", 0)], c.SetTid);
        Assert.Equal(2, c.SetTidSize);
        Assert.Equal("c", c.Pidfd);
        Assert.Equal(0x20000000UL, ((UnshareOp)((AsOp)f.Ops[4]).Inner).Flags);
        var r = (RepeatOp)f.Ops[5];
        Assert.Equal(3, r.Count);
        Assert.IsType<ForkReapOp>(((AsOp)r.Inner).Inner);
        Assert.Equal("PIDFD_SELF_THREAD_GROUP", ((SendOp)f.Ops[6]).Fd);
        Assert.Equal(500, ((PidMaxOp)f.Ops[7]).Value);
        Assert.Equal(17, ((Clone3Op)Scenarios.Parse("# version: 2\nclone3 C\n").Ops[0]).ExitSignal);
    }

    /// <summary>`# version: 2`; a file without it is version 1; every verb is registered once, version 1 first.</summary>
    [Fact]
    public void VersionDirective()
    {
        Assert.Equal(2, Scenarios.Parse("# version: 2\nspawn P\n").Version);
        Assert.Equal(1, Scenarios.Parse("spawn P\n").Version);
        var v1 = Parser.Verbs.All.TakeWhile(v => v.Version == 1).Select(v => v.Name);
        Assert.Equal(["spawn", "thread", "pidfd_open", "stat", "same", "handle", "open_by_handle", "info", "send", "exit", "reap", "waitid", "poll", "fdinfo", "close"], v1);
        Assert.Equal("unknown verb 'frob' (expected spawn, thread, pidfd_open, stat, same, handle, open_by_handle, info, send, exit, reap, waitid, poll, fdinfo or close)", Assert.Single(Parse("frob\n")).Message);
    }

    private static System.Collections.Generic.IReadOnlyList<ParseError> Parse(string text)
    {
        Parser.Parse("v.scn", text, out var errors);
        return errors;
    }
}
