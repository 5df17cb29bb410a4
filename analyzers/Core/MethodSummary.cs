// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Pidfs.Analyzers.Core;

/// <summary>What callers need to know about a method, inferred from its body.</summary>
internal sealed class MethodSummary
{
    public static readonly MethodSummary Empty = new MethodSummary();

    /// <summary>Gets the lock classes the method takes (directly or through calls), with a witness chain.</summary>
    public Dictionary<string, Witness> Acquired { get; } = new Dictionary<string, Witness>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the locks reached through a parameter that the method takes (directly or through calls), by their
    /// text in the method's terms ("wq_head.lock"): their class depends on the argument (a wait queue declared
    /// with __lock_class has its own), so each call site resolves it again.
    /// </summary>
    public Dictionary<string, (LockRef Lock, Witness Witness)> AcquiredThroughParameter { get; } = new Dictionary<string, (LockRef, Witness)>(StringComparer.Ordinal);

    /// <summary>Gets the locks a release path reached from the method may take.</summary>
    public Dictionary<string, (LockRef Lock, Witness Witness)> MayTake { get; } = new Dictionary<string, (LockRef, Witness)>(StringComparer.Ordinal);

    /// <summary>Gets the lock classes the method (or a callee) must not be called with, with the chain to the contract.</summary>
    public Dictionary<string, Witness> MustNotHold { get; } = new Dictionary<string, Witness>(StringComparer.Ordinal);

    /// <summary>Gets or sets where the method may sleep.</summary>
    public Witness? MaySleep { get; set; }

    /// <summary>
    /// Gets the gfp_t parameters (by ordinal) whose mask decides whether the method sleeps: it sleeps only when
    /// the mask passed there allows direct reclaim (might_alloc, and the allocators that pass their mask on).
    /// </summary>
    public HashSet<int> SleepsWithMask { get; } = new HashSet<int>();

    /// <summary>Gets the locks (in the method's own terms) an unannotated helper needs held on entry and still holds at exit.</summary>
    public List<string> InferredRequires { get; } = new List<string>();

    /// <summary>Gets the locks an unannotated helper returns holding.</summary>
    public List<string> NetAcquired { get; } = new List<string>();

    /// <summary>Gets the locks an unannotated helper releases for its caller.</summary>
    public List<string> NetReleased { get; } = new List<string>();

    /// <summary>Gets or sets a value indicating whether an unannotated helper returns a counted reference.</summary>
    public bool ReturnsRef { get; set; }

    /// <summary>Gets or sets a value indicating whether every return returns null (a port's __dentry_kill, which never has a parent).</summary>
    public bool ReturnsNull { get; set; }

    /// <summary>Gets or sets a value indicating whether every successful return hands back an object nobody else can see yet.</summary>
    public bool ReturnsFresh { get; set; }

    /// <summary>Gets the ordinals of the parameters whose object the method may keep or hand on (store, pass to a keeper, return).</summary>
    public HashSet<int> Escapes { get; } = new HashSet<int>();

    /// <summary>
    /// Gets the gfp_t parameters (by ordinal) the method allocates with while it holds an atomic lock of its
    /// own (the lock, and the chain): it sleeps in atomic context when its caller passes a mask that allows
    /// direct reclaim. A caller that passes its own gfp_t parameter on has the same contract on that one.
    /// </summary>
    public Dictionary<int, (string Lock, Witness Witness)> GfpAtomic { get; } = new Dictionary<int, (string, Witness)>();

    /// <summary>
    /// Gets everything a caller's analysis reads from the summary, as text: two summaries with the same
    /// shape give their callers the same findings (up to the line numbers quoted in chains).
    /// </summary>
    /// <returns>The shape.</returns>
    public string Shape()
    {
        static string W(Witness? w) => w == null ? "-" : Regex.Replace(w.Text, @"\.cs:\d+", ".cs") + "[" + string.Join(",", w.Released.OrderBy(r => r, StringComparer.Ordinal)) + "]";
        static string L(LockRef l) => l.Key + "/" + l.Class + "/" + l.Display + "/" + l.Root + "/" + l.Kind;
        return string.Join(
            "\n",
            string.Join(";", this.Acquired.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + W(kv.Value))),
            string.Join(";", this.AcquiredThroughParameter.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + L(kv.Value.Lock) + W(kv.Value.Witness))),
            string.Join(";", this.MayTake.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + L(kv.Value.Lock) + W(kv.Value.Witness))),
            string.Join(";", this.MustNotHold.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + W(kv.Value))),
            W(this.MaySleep),
            string.Join(";", this.SleepsWithMask.OrderBy(o => o)),
            string.Join(";", this.InferredRequires),
            string.Join(";", this.NetAcquired),
            string.Join(";", this.NetReleased),
            this.ReturnsRef + "," + this.ReturnsNull + "," + this.ReturnsFresh,
            string.Join(",", this.Escapes.OrderBy(e => e)),
            string.Join(";", this.GfpAtomic.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value.Lock + W(kv.Value.Witness))));
    }
}
