// SPDX-License-Identifier: GPL-2.0-only

using System.Collections.Generic;
using System.Linq;

namespace Kpidfs.Scenario;

/// <summary>`repeat N: LINE`: LINE N times; one summary line with the count of each result.</summary>
/// <param name="Line">The line number.</param>
/// <param name="Text">The text.</param>
/// <param name="Count">N.</param>
/// <param name="Inner">The line.</param>
public sealed record RepeatOp(int Line, string Text, int Count, Op Inner) : Op(Line, Text)
{
    /// <inheritdoc/>
    internal override Result Run(Runner r)
    {
        var counts = new List<(string Text, int Count)>();
        var firstErrno = 0;
        for (var i = 0; i < this.Count; i++)
        {
            var one = this.Inner.Run(r);
            if (firstErrno == 0)
            {
                firstErrno = one.Errno;
            }

            var text = TranscriptWriter.Format(one, r.Normaliser);
            var at = counts.FindIndex(c => c.Text == text);
            if (at < 0)
            {
                counts.Add((text, 1));
            }
            else
            {
                counts[at] = (text, counts[at].Count + 1);
            }
        }

        return new RepeatResult(counts, firstErrno);
    }
}
