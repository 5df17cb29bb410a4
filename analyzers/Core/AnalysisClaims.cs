// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// Which analysis is computing which method. The driver runs the analyzers on several threads and each
/// analysis descends into the callees it needs, so two threads often reached the same method at once and
/// both analysed it (in a build of kernel/, 1,590 analyses for 1,339 methods). A thread that needs a method
/// another is computing now waits for that result, unless the other is itself waiting, directly or through
/// others, for a method this thread is computing: that wait would never end, and the thread computes the
/// method itself, as every thread did before.
/// </summary>
internal sealed class AnalysisClaims
{
    private readonly object gate = new object();
    private readonly Dictionary<IMethodSymbol, object> owners = new Dictionary<IMethodSymbol, object>(SymbolEqualityComparer.Default);
    private readonly Dictionary<object, IMethodSymbol> waiting = new Dictionary<object, IMethodSymbol>();

    /// <summary>What <see cref="Claim"/> found.</summary>
    public enum Outcome
    {
        /// <summary>The caller computes the method and then calls <see cref="Release"/>.</summary>
        Owned,

        /// <summary>Another analysis finished the method: its result is there.</summary>
        Ready,

        /// <summary>Waiting would close a cycle of waits: the caller computes the method without a claim.</summary>
        Unowned,
    }

    /// <summary>Claims a method for an analysis, waiting while another analysis computes it.</summary>
    /// <param name="method">The method.</param>
    /// <param name="analysis">The analysis (its recursion stack: one per top-level request).</param>
    /// <param name="done">Whether the method's result is there.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What the caller is to do.</returns>
    public Outcome Claim(IMethodSymbol method, object analysis, System.Func<bool> done, CancellationToken cancellationToken)
    {
        lock (this.gate)
        {
            while (true)
            {
                if (done())
                {
                    return Outcome.Ready;
                }

                if (!this.owners.TryGetValue(method, out var owner))
                {
                    this.owners[method] = analysis;
                    return Outcome.Owned;
                }

                if (this.Reaches(owner, analysis))
                {
                    return Outcome.Unowned;
                }

                this.waiting[analysis] = method;
                try
                {
                    // woken by every release; the timeout only lets cancellation through
                    Monitor.Wait(this.gate, 100);
                }
                finally
                {
                    this.waiting.Remove(analysis);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Gives up the claim on a method whose result is stored (or whose analysis failed).</summary>
    /// <param name="method">The method.</param>
    public void Release(IMethodSymbol method)
    {
        lock (this.gate)
        {
            this.owners.Remove(method);
            Monitor.PulseAll(this.gate);
        }
    }

    /// <summary>Whether following the waits from one analysis leads to another (the waits never form a cycle: none is added that would close one).</summary>
    private bool Reaches(object from, object to)
    {
        var at = from;
        while (at != to)
        {
            if (!this.waiting.TryGetValue(at, out var awaited) || !this.owners.TryGetValue(awaited, out var next))
            {
                return false;
            }

            at = next;
        }

        return true;
    }
}
