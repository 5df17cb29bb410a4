// SPDX-License-Identifier: GPL-2.0-only

using System.Linq;
using System.Text;
using System.Text.Json;

namespace Kpidfs.PortStatus;

/// <summary>port-status output: a table for people, JSON for CI.</summary>
public static class PortStatusReport
{
    /// <summary>The table: counts, then every finding that is not "unchanged".</summary>
    /// <param name="r">The result.</param>
    /// <param name="all">Also list unchanged functions.</param>
    /// <returns>The text.</returns>
    public static string Text(PortStatusResult r, bool all)
    {
        var sb = new StringBuilder();
        sb.Append($"port-status: manifest {r.Version} against {r.Linux}\n");
        sb.Append(string.Join(", ", r.Counts().Select(c => $"{c.Count} {c.State}"))).Append('\n');
        var shown = r.Items.Where(i => all || i.State != "unchanged").ToList();
        if (shown.Count > 0)
        {
            var w1 = shown.Max(i => i.State.Length);
            var w2 = shown.Max(i => i.File.Length);
            var w3 = shown.Max(i => i.Name.Length);
            sb.Append('\n');
            foreach (var i in shown)
            {
                sb.Append($"{i.State.PadRight(w1)}  {i.File.PadRight(w2)}  {i.Name.PadRight(w3)}  {i.Detail}".TrimEnd()).Append('\n');
                if (!string.IsNullOrEmpty(i.Diff))
                {
                    sb.Append(i.Diff);
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>The JSON form.</summary>
    /// <param name="r">The result.</param>
    /// <returns>The JSON text.</returns>
    public static string Json(PortStatusResult r)
    {
        var doc = new
        {
            version = r.Version,
            linux = r.Linux,
            needs_work = r.NeedsWork,
            counts = r.Counts().ToDictionary(c => c.State, c => c.Count),
            items = r.Items.Select(i => new { state = i.State, file = i.File, name = i.Name, detail = i.Detail, diff = i.Diff }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
