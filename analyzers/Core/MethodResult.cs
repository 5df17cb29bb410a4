// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;

namespace Pidfs.Analyzers.Core;

/// <summary>The analysis of one method: its findings, its summary and its lock graph edges.</summary>
internal sealed class MethodResult
{
    public static readonly MethodResult Empty = new MethodResult(new List<Finding>(), MethodSummary.Empty, new List<LockEdgeInfo>());

    public MethodResult(List<Finding> findings, MethodSummary summary, List<LockEdgeInfo> edges)
    {
        this.Findings = findings;
        this.Summary = summary;
        this.Edges = edges;
    }

    public List<Finding> Findings { get; }

    public MethodSummary Summary { get; }

    public List<LockEdgeInfo> Edges { get; }
}
