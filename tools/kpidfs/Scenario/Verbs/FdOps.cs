// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>`setxattr a NAME VALUE [FLAGS]`: fsetxattr.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Name">The attribute's name.</param>
/// <param name="Value">The value.</param>
/// <param name="Flags">XATTR_CREATE, XATTR_REPLACE or a number.</param>
public sealed record SetxattrOp(int Line, string Text, string Fd, string Name, byte[] Value, int Flags) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Setxattr(r.Fd(this.Fd), this.Name, this.Value, this.Flags);
}

/// <summary>`getxattr a NAME [SIZE]`: fgetxattr with a buffer of SIZE bytes (0 asks for the size).</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Name">The attribute's name.</param>
/// <param name="Size">The buffer size.</param>
public sealed record GetxattrOp(int Line, string Text, string Fd, string Name, int Size) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Getxattr(r.Fd(this.Fd), this.Name, this.Size);
}

/// <summary>`listxattr a [SIZE]`: flistxattr with a buffer of SIZE bytes (0 asks for the size).</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Size">The buffer size.</param>
public sealed record ListxattrOp(int Line, string Text, string Fd, int Size) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Listxattr(r.Fd(this.Fd), this.Size);
}

/// <summary>`removexattr a NAME`: fremovexattr.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Name">The attribute's name.</param>
public sealed record RemovexattrOp(int Line, string Text, string Fd, string Name) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Removexattr(r.Fd(this.Fd), this.Name);
}

/// <summary>`getfd b a TARGETFD [FLAGS]`: b = pidfd_getfd(a, TARGETFD, FLAGS); TARGETFD is a number or the number an fd name holds.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="NewFd">The new fd's name.</param>
/// <param name="Pidfd">The pidfd's name.</param>
/// <param name="Target">The fd number in the target process (a name or a number).</param>
/// <param name="Flags">The flags (must be 0).</param>
public sealed record GetfdOp(int Line, string Text, string NewFd, string Pidfd, MountRef Target, uint Flags) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) =>
        r.SetFd(this.NewFd, r.Backend.Getfd(r.Fd(this.Pidfd), this.Target.FdName != null ? r.Fd(this.Target.FdName) : this.Target.Number, this.Flags));
}

/// <summary>`getfl a`: fcntl F_GETFL and F_GETFD.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
public sealed record GetflOp(int Line, string Text, string Fd) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Getfl(r.Fd(this.Fd));
}

/// <summary>`setfl a FLAGS`: fcntl F_SETFL.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Flags">The flags.</param>
public sealed record SetflOp(int Line, string Text, string Fd, int Flags) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Setfl(r.Fd(this.Fd), this.Flags);
}

/// <summary>`handle_at h a|AT_FDCWD PATH [FLAGS] [bytes=N]`: name_to_handle_at(dirfd, PATH, h, FLAGS).</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Handle">The handle name.</param>
/// <param name="Dir">The directory fd (a name, or AT_FDCWD).</param>
/// <param name="Path">The path (`""` in the file is the empty path).</param>
/// <param name="Flags">AT_* flags.</param>
/// <param name="Bytes">handle_bytes in.</param>
public sealed record HandleAtOp(int Line, string Text, string Handle, MountRef Dir, string Path, int Flags, uint Bytes) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) =>
        r.SetHandle(this.Handle, r.Backend.NameToHandleAt(this.Dir.FdName != null ? r.Fd(this.Dir.FdName) : this.Dir.Number, this.Path, this.Flags, this.Bytes));
}

/// <summary>
/// `forge h [from g] [type=T] [bytes=N] [ino=N|ino=+K|ino=-K] [payload=HEX]`: a handle made by the scenario,
/// not by the kernel: g's fields (or type 0xfe, 8 bytes, inode 0) with the given ones replaced. `ino=` writes
/// an inode number as the 8-byte little-endian body, relative to g's when signed. Prints `ok`.
/// </summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Handle">The new handle's name.</param>
/// <param name="From">The handle it starts from, or null.</param>
/// <param name="Type">handle_type, or null to keep.</param>
/// <param name="Bytes">handle_bytes, or null to keep.</param>
/// <param name="Ino">`N`, `+K` or `-K`, or null.</param>
/// <param name="Payload">The body, or null to keep.</param>
public sealed record ForgeOp(int Line, string Text, string Handle, string? From, int? Type, uint? Bytes, string? Ino, byte[]? Payload) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r)
    {
        /* prints just `ok`: a modified body is no pidfs handle, and its raw bytes would show a real inode number */
        r.SetHandle(this.Handle, this.Make(this.From != null ? r.Handle(this.From) : null));
        return new PlainResult(0);
    }

    private HandleResult Make(HandleResult? from)
    {
        var type = this.Type ?? from?.Type ?? Symbols.FileIdKernfs;
        var payload = (from?.Payload ?? new byte[8]).ToList();
        if (this.Payload != null)
        {
            payload = [.. this.Payload];
        }

        if (this.Ino != null)
        {
            ulong baseIno = 0;
            for (var i = 7; i >= 0; i--)
            {
                baseIno = (baseIno << 8) | (i < payload.Count ? payload[i] : (byte)0);
            }

            Symbols.TryParseNumber(this.Ino.TrimStart('+'), out var v);
            var ino = this.Ino[0] is '+' or '-' ? unchecked(baseIno + (ulong)v) : unchecked((ulong)v);
            while (payload.Count < 8)
            {
                payload.Add(0);
            }

            for (var i = 0; i < 8; i++)
            {
                payload[i] = (byte)(ino >> (8 * i));
            }
        }

        var bytes = this.Bytes ?? (from != null ? from.Bytes : (uint)payload.Count);
        return new HandleResult(0, bytes, type, payload);
    }
}

/// <summary>`chmod a MODE`: fchmod (MODE in octal with a leading 0, or a number).</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Mode">The mode.</param>
public sealed record ChmodOp(int Line, string Text, string Fd, uint Mode) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Fchmod(r.Fd(this.Fd), this.Mode);
}

/// <summary>`chown a UID GID`: fchown (-1 leaves an id as it is).</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Uid">The owner.</param>
/// <param name="Gid">The group.</param>
public sealed record ChownOp(int Line, string Text, string Fd, uint Uid, uint Gid) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.Backend.Fchown(r.Fd(this.Fd), this.Uid, this.Gid);
}

/// <summary>`open a PATH [FLAGS]`: a = open(PATH, FLAGS) for a file that is not a pidfd (/dev/null).</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Fd">The fd name.</param>
/// <param name="Path">The path.</param>
/// <param name="Flags">The open flags (O_RDWR by default).</param>
public sealed record OpenOp(int Line, string Text, string Fd, string Path, int Flags) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r) => r.SetFd(this.Fd, r.Backend.Open(this.Path, this.Flags));
}
