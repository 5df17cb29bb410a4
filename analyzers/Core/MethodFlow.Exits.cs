// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>Checks on every path into the exit block: lock balance, contracts, leaks; and the summary.</summary>
internal sealed partial class MethodFlow
{
    private void CheckExits()
    {
        this.exitPhase = true;
        try
        {
            this.CheckExitsCore();
        }
        finally
        {
            this.exitPhase = false;
        }
    }

    private void CheckExitsCore()
    {
        var ordered = this.exits.OrderBy(e => e.IsError ? 0 : 1).ThenBy(e => e.Line).ToList();
        this.returnsRef = this.exits.Any(e => e.ReturnsOwned);
        if (ordered.Count == 0)
        {
            return;
        }

        // only a helper's (a public function is an interface, and one with a reference contract returns objects)
        this.summary.ReturnsNull = this.method.ReturnType.IsReferenceType && this.method.DeclaredAccessibility != Accessibility.Public && !Vocabulary.HasRefContract(this.method) &&
            ordered.All(e => e.ReturnValue != null && this.IsNullValue(e.ReturnValue));
        var successes = ordered.Where(e => e.ReturnValue != null && !this.IsNullValue(e.ReturnValue) && !FlowHelpers.IsErrorValue(e.ReturnValue)).ToList();
        this.summary.ReturnsFresh = !this.method.ReturnType.IsValueType && successes.Count > 0 && successes.All(e => this.IsFreshValue(e.State, e.ReturnValue));

        var expected = new Dictionary<string, (LockRef Lock, string Why)>(System.StringComparer.Ordinal);
        foreach (var expr in Vocabulary.LockStrings(this.method, Vocabulary.MustHold).Where(e => e.IndexOf('|') < 0))
        {
            var lr = LockResolver.FromExpression(FlowHelpers.Split(expr).Expr, this.method, null, this);
            expected[lr.Key] = (lr, "__must_hold");
        }

        foreach (var expr in Vocabulary.LockStrings(this.method, Vocabulary.Acquires))
        {
            var lr = LockResolver.FromExpression(FlowHelpers.Split(expr).Expr, this.method, null, this);
            expected[lr.Key] = (lr, "__acquires");
        }

        foreach (var expr in Vocabulary.LockStrings(this.method, Vocabulary.Releases))
        {
            expected.Remove(LockResolver.FromExpression(FlowHelpers.Split(expr).Expr, this.method, null, this).Key);
        }

        var conditionalKeys = Vocabulary.Get(this.method, Vocabulary.CondAcquires)
            .SelectMany(Vocabulary.Strings)
            .Select(e => LockResolver.FromExpression(FlowHelpers.Split(e).Expr, this.method, null, this).Key);
        var conditional = new HashSet<string>(conditionalKeys, System.StringComparer.Ordinal);
        var condReleased = Vocabulary.LockStrings(this.method, Vocabulary.CondReleases)
            .Select(e => LockResolver.FromExpression(FlowHelpers.Split(e).Expr, this.method, null, this).Key).ToList();
        foreach (var key in condReleased)
        {
            expected.Remove(key);
            conditional.Add(key);
        }

        var checkedKeys = new List<string>();
        foreach (var exit in ordered)
        {
            this.CheckCondExit(exit, checkedKeys);
        }

        // an unannotated helper that returns holding a lock on every path is a lock wrapper
        var netAcquired = new HashSet<string>(System.StringComparer.Ordinal);
        var netReleased = new HashSet<string>(System.StringComparer.Ordinal);
        var inferred = this.inferredEntry.Select(e => LockResolver.FromExpression(e.Expr, this.method, null, this)).ToList();
        if (this.inferable)
        {
            var first = ordered[0].State.Locks.Values.Where(h => !h.Partial && !h.Assumed && h.Ref.IsPortable).Select(h => h.Ref.Key);
            netAcquired.UnionWith(first.Where(k => ordered.All(e => e.State.Locks.TryGetValue(k, out var h) && !h.Partial)));
            foreach (var lr in inferred)
            {
                if (ordered.All(e => !e.State.Locks.ContainsKey(lr.Key)))
                {
                    netReleased.Add(lr.Key);
                }
                else
                {
                    expected[lr.Key] = (lr, "inferred");
                }
            }

            foreach (var key in netAcquired)
            {
                var h = ordered[0].State.Locks[key];
                this.summary.NetAcquired.Add((h.Mode == LockMode.Read ? "read:" : string.Empty) + h.Ref.Display);
            }

            foreach (var e in this.inferredEntry)
            {
                var key = LockResolver.FromExpression(e.Expr, this.method, null, this).Key;
                var text = (e.Mode == LockMode.Read ? "read:" : string.Empty) + e.Expr;
                if (netReleased.Contains(key))
                {
                    this.summary.NetReleased.Add(text);
                }
                else
                {
                    this.summary.InferredRequires.Add(text);
                }
            }
        }

        var leakedLocks = new HashSet<string>(System.StringComparer.Ordinal);
        var unmet = new HashSet<string>(System.StringComparer.Ordinal);
        var leakedRefs = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var exit in ordered)
        {
            foreach (var h in exit.State.Locks.Values.OrderBy(x => x.Ref.Key, System.StringComparer.Ordinal))
            {
                var canon = exit.State.CanonKey(h.Ref.Key);
                if (h.Assumed || expected.ContainsKey(h.Ref.Key) || conditional.Contains(h.Ref.Key) || netAcquired.Contains(h.Ref.Key) ||
                    expected.ContainsKey(canon) || conditional.Contains(canon))
                {
                    continue;
                }

                if (leakedLocks.Add(h.Ref.Key))
                {
                    this.ReportWith(Descriptors.LockHeldAtReturn, h.AcquiredAt, new[] { exit.Location }, h.Ref.Display, this.MethodName, exit.Text);
                }
            }

            foreach (var kv in expected)
            {
                if (conditional.Contains(kv.Key) || netReleased.Contains(kv.Key))
                {
                    continue;
                }

                var h = exit.State.FindHeld(kv.Key);
                if ((h == null || h.Partial) && !exit.State.IsNullPath(kv.Key) && unmet.Add(kv.Key))
                {
                    var at = this.method.Locations.FirstOrDefault() ?? exit.Location;
                    this.ReportWith(Descriptors.ContractAtReturn, at, new[] { exit.Location }, this.MethodName, kv.Value.Lock.Display, kv.Value.Why, exit.Text);
                }
            }

            foreach (var kv in exit.State.Refs.OrderBy(k => k.Key.Name, System.StringComparer.Ordinal))
            {
                if (!exit.IsError && kv.Key is IParameterSymbol p && Vocabulary.IsRefOut(p))
                {
                    // handed to the caller through the out or ref parameter
                    continue;
                }

                if ((kv.Value.Flags & RefFlags.Owned) != 0 && this.seeded?.Contains(kv.Key) != true && leakedRefs.Add(kv.Key))
                {
                    this.ReportWith(Descriptors.RefLeak, kv.Value.Origin ?? exit.Location, new[] { exit.Location }, kv.Value.OriginName, exit.Text);
                }
            }
        }
    }
}
