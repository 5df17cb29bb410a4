// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>
/// The verbs of the scenario language. Each verb group registers its verbs from its own file in
/// Scenario/Verbs/ (one `static partial void RegisterXxxVerbs(VerbTable verbs)` of <see cref="Parser"/>
/// per group), so groups are added without touching the parser's core or each other's files.
/// </summary>
public sealed class VerbTable
{
    private readonly List<Verb> verbs = [];
    private readonly Dictionary<string, Verb> byName = new(StringComparer.Ordinal);

    /// <summary>Gets the verbs in registration order.</summary>
    public IReadOnlyList<Verb> All => this.verbs;

    /// <summary>Adds a verb.</summary>
    /// <param name="name">The verb (the first word of the line).</param>
    /// <param name="usage">The usage text printed with a malformed line.</param>
    /// <param name="version">The language version that introduced it (a version-2 verb needs `# version: 2`).</param>
    /// <param name="parse">Parses a line of the verb (throws <see cref="Parser.LineException"/> when malformed).</param>
    public void Add(string name, string usage, int version, Func<Parser, string, string[], Op> parse)
    {
        var v = new Verb(name, usage, version, parse);
        if (!this.byName.TryAdd(name, v))
        {
            throw new InvalidOperationException($"verb '{name}' registered twice");
        }

        this.verbs.Add(v);
    }

    /// <summary>Looks a verb up.</summary>
    /// <param name="name">The verb.</param>
    /// <param name="verb">The verb, when known.</param>
    /// <returns>True when known.</returns>
    public bool TryGet(string name, out Verb verb) => this.byName.TryGetValue(name, out verb!);

    /// <summary>The verbs of a version, as an error message lists them: `a, b or c`.</summary>
    /// <param name="version">The highest version to list.</param>
    /// <returns>The text.</returns>
    public string List(int version = 1)
    {
        var names = this.verbs.Where(v => v.Version <= version).Select(v => v.Name).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }
}
