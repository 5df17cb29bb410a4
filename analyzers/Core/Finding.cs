// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>A diagnostic computed by the flow analysis, reported by the analyzer owning its id.</summary>
internal sealed class Finding
{
    public Finding(DiagnosticDescriptor descriptor, Location location, IEnumerable<Location>? additional, object[] args)
    {
        this.Descriptor = descriptor;
        this.Location = location;
        this.Additional = additional;
        this.Args = args;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public Location Location { get; }

    public IEnumerable<Location>? Additional { get; }

    public object[] Args { get; }

    public Diagnostic ToDiagnostic() => Diagnostic.Create(this.Descriptor, this.Location, this.Additional, this.Args);
}
