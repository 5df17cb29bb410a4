// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/seq_file.h: the text buffer ->show_fdinfo writes into.
//
// Not ported: the iterator interface (start/next/stop/show) and paging.
using System.Text;

namespace Linux;

/// <summary>struct seq_file.</summary>
public sealed class seq_file
{
    public StringBuilder buf = new();
    public object? @private;
}

/// <summary>seq_file.h.</summary>
public sealed partial class vmlinux
{
    public static void seq_puts(seq_file m, string s) => m.buf.Append(s);

    public static void seq_printf(seq_file m, string s) => m.buf.Append(s);

    public static void seq_putc(seq_file m, char c) => m.buf.Append(c);
}
