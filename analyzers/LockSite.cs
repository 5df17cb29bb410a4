// SPDX-License-Identifier: GPL-2.0-only
namespace Pidfs.Analyzers;

/// <summary>One lock initialisation site: where the lock object is made and the class the analyzers give it.</summary>
public sealed class LockSite
{
    /// <summary>Initializes a new instance of the <see cref="LockSite"/> class.</summary>
    /// <param name="filePath">The source file.</param>
    /// <param name="line">The 1-based line of the creation.</param>
    /// <param name="class">The lock class, or null when the lock is not stored into a field or property.</param>
    /// <param name="member">What is made ("signal_struct.wait_chldexit.lock").</param>
    public LockSite(string filePath, int line, string? @class, string member)
    {
        this.FilePath = filePath;
        this.Line = line;
        this.Class = @class;
        this.Member = member;
    }

    /// <summary>Gets the source file.</summary>
    public string FilePath { get; }

    /// <summary>Gets the 1-based line of the creation (the runtime's CallerLineNumber).</summary>
    public int Line { get; }

    /// <summary>Gets the lock class, or null when no declared lock holds the object.</summary>
    public string? Class { get; }

    /// <summary>Gets what is made.</summary>
    public string Member { get; }
}
