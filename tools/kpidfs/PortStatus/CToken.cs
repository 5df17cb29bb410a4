// SPDX-License-Identifier: GPL-2.0-only

namespace Kpidfs.PortStatus;

/// <summary>One C token: an identifier, number, literal, punctuator, or a whole preprocessor line.</summary>
/// <param name="Text">The token's text (a directive with its whitespace collapsed and comments removed).</param>
/// <param name="Line">The 1-based line it starts on.</param>
/// <param name="IsDirective">True for a preprocessor line.</param>
public readonly record struct CToken(string Text, int Line, bool IsDirective);
