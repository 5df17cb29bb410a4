// SPDX-License-Identifier: GPL-2.0-only

//
// printk and the kernel log, plus WARN/BUG. A WARN does not stop the kernel,
// as in Linux; it is recorded, and the test harness fails the test that
// caused it when the kernel is torn down.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Linux;

/// <summary>BUG(): the kernel cannot go on. The model throws instead of halting.</summary>
public sealed class kernel_bug : Exception
{
    /// <summary>Initializes a new instance of the <see cref="kernel_bug"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public kernel_bug(string message)
        : base(message)
    {
    }
}

/// <summary>printk and warnings.</summary>
public sealed partial class vmlinux
{
    private readonly List<string> log_buf = new();
    private readonly List<string> warnings = new();
    private readonly HashSet<string> warned_once = new();

    /// <summary>Gets a copy of the kernel log.</summary>
    public IReadOnlyList<string> dmesg
    {
        get
        {
            lock (this.log_buf)
                return this.log_buf.ToArray();
        }
    }

    /// <summary>Gets a copy of every WARN that fired since boot (or since the last <see cref="clear_warnings"/>).</summary>
    public IReadOnlyList<string> warns
    {
        get
        {
            lock (this.log_buf)
                return this.warnings.ToArray();
        }
    }

    /// <summary>Forgets recorded warnings (for tests that provoke one on purpose).</summary>
    /// <returns>The warnings that were recorded.</returns>
    public IReadOnlyList<string> clear_warnings()
    {
        lock (this.log_buf)
        {
            var w = this.warnings.ToArray();
            this.warnings.Clear();
            return w;
        }
    }

    /// <summary>Appends a line to the kernel log.</summary>
    /// <param name="line">The text.</param>
    public void printk(string line)
    {
        lock (this.log_buf)
            this.log_buf.Add(line);
    }

    /// <summary>Records a warning with its location, like the kernel's "WARNING: at file:line".</summary>
    /// <param name="what">What was wrong.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    internal void __warn(string what, string file, int line)
    {
        var text = $"WARNING: at {System.IO.Path.GetFileName(file)}:{line}: {what}";
        lock (this.log_buf)
        {
            this.log_buf.Add(text);
            this.warnings.Add(text);
        }
    }

    /// <summary>WARN_ON(cond): warns when <paramref name="condition"/> holds and returns it.</summary>
    /// <param name="condition">The condition that must not hold.</param>
    /// <param name="expr">The condition's text.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    /// <returns>The condition.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool WARN_ON(bool condition, [CallerArgumentExpression(nameof(condition))] string expr = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (condition)
            this.__warn(expr, file, line);
        return condition;
    }

    /// <summary>WARN(cond, message): warns with a message when <paramref name="condition"/> holds.</summary>
    /// <param name="condition">The condition that must not hold.</param>
    /// <param name="message">What to say.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    /// <returns>The condition.</returns>
    internal bool WARN(bool condition, string message, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (condition)
            this.__warn(message, file, line);
        return condition;
    }

    /// <summary>WARN_ON_ONCE(cond): as WARN_ON, but each call site warns once per boot.</summary>
    /// <param name="condition">The condition that must not hold.</param>
    /// <param name="expr">The condition's text.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    /// <returns>The condition.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool WARN_ON_ONCE(bool condition, [CallerArgumentExpression(nameof(condition))] string expr = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        /* as the kernel's unlikely() test inline, the report out of line: a check that holds costs a branch */
        if (!condition)
            return false;
        this.warn_once_slowpath(expr, file, line);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void warn_once_slowpath(string expr, string file, int line)
    {
        bool first;
        lock (this.log_buf)
            first = this.warned_once.Add(file + ":" + line);
        if (first)
            this.__warn(expr, file, line);
        else
        {
            lock (this.log_buf)
                this.warnings.Add($"WARNING (repeat): at {System.IO.Path.GetFileName(file)}:{line}: {expr}");
        }
    }

    /// <summary>BUG_ON(cond): records the bug and throws <see cref="kernel_bug"/>.</summary>
    /// <param name="condition">The condition that must not hold.</param>
    /// <param name="expr">The condition's text.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    internal void BUG_ON(bool condition, [CallerArgumentExpression(nameof(condition))] string expr = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (condition)
            this.BUG(expr, file, line);
    }

    /// <summary>BUG(): records the bug and throws.</summary>
    /// <param name="what">What went wrong.</param>
    /// <param name="file">The caller's file.</param>
    /// <param name="line">The caller's line.</param>
    internal void BUG(string what, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        this.__warn("BUG: " + what, file, line);
        throw new kernel_bug($"kernel BUG at {System.IO.Path.GetFileName(file)}:{line}: {what}");
    }
}
