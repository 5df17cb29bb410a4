// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.Scenario;

/// <summary>How one file ran.</summary>
/// <param name="Path">The file.</param>
/// <param name="Skipped">The reason it was skipped, or null.</param>
/// <param name="Transcript">The transcript (each line ends with a newline); what ran before an error stands.</param>
/// <param name="Error">`FILE:LINE: backend: message` when a line could not be run, or null.</param>
public sealed record RunOutcome(string Path, string? Skipped, string Transcript, string? Error)
{
    /// <summary>Gets the text (with its stack trace) of an exception a backend threw unexpectedly, or null.</summary>
    public string? Crash { get; init; }

    /// <summary>Gets the exit code this outcome calls for: 0, or 3 when a line could not be run.</summary>
    public int ExitCode => this.Error == null ? 0 : 3;
}
