// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// KRN1010: every lock expression of a contract attribute names a lock. Method contracts name a
/// parameter or global plus a field path; __guarded_by is relative to the field's object or a global;
/// the hierarchy (lock_order, lock_never_nest) names lock classes.
/// </summary>
internal static class ContractCheck
{
    private static readonly string[] MethodContracts =
    {
        Vocabulary.MustHold, Vocabulary.MustNotHold, Vocabulary.Acquires, Vocabulary.Releases, Vocabulary.CondAcquires, Vocabulary.CondReleases, Vocabulary.MayTake,
        Vocabulary.Acquire, Vocabulary.Release, Vocabulary.CondAcquire, Vocabulary.Guard, Vocabulary.AssertHeld, Vocabulary.AssertNotHeld,
    };

    /// <summary>Checks the contract attributes of a symbol.</summary>
    /// <param name="symbol">A method, field, property or type (or the assembly).</param>
    /// <param name="model">The compilation's model (lock classes, global holders).</param>
    /// <param name="filter">Which attributes to check (all when null).</param>
    /// <returns>The findings, on the attributes.</returns>
    public static IEnumerable<Finding> Check(ISymbol symbol, KernelModel model, Func<AttributeData, bool>? filter = null)
    {
        foreach (var attr in Vocabulary.Of(symbol))
        {
            if (filter != null && !filter(attr))
            {
                continue;
            }

            var name = attr.AttributeClass!.Name;
            var at = attr.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? symbol.Locations.FirstOrDefault() ?? Location.None;
            foreach (var expr in Vocabulary.Strings(attr))
            {
                foreach (var (alt, _) in FlowHelpers.Alternatives(expr))
                {
                    var why = Problem(symbol, name, alt, model);
                    if (why != null)
                    {
                        yield return new Finding(Descriptors.UnknownLock, at, null, new object[] { expr, name, why });
                    }
                }
            }
        }
    }

    private static string? Problem(ISymbol symbol, string attribute, string expr, KernelModel model)
    {
        if (expr == "rcu")
        {
            return null;
        }

        var segs = expr.Split('.').Select(s => s.Trim().TrimStart('@')).ToArray();
        if (Array.IndexOf(MethodContracts, attribute) >= 0 && symbol is IMethodSymbol method)
        {
            var param = method.Parameters.FirstOrDefault(p => p.Name == segs[0]);
            if (param != null)
            {
                return LockResolver.Walks(param.Type, segs, 1) ? null : "no field path '" + expr + "' from parameter '" + param.Name + "' (" + param.Type.Name + ")";
            }

            return IsGlobal(method.ContainingType, segs, model) ? null : "'" + segs[0] + "' is neither a parameter of '" + method.Name + "' nor a global";
        }

        if (attribute == Vocabulary.GuardedBy)
        {
            var container = symbol.ContainingType;
            if (container != null && LockResolver.Walks(container, segs, 0))
            {
                return null;
            }

            return IsGlobal(container, segs, model) ? null : "no field path '" + expr + "' in '" + container?.Name + "' and no global of that name";
        }

        if (attribute is Vocabulary.LockOrder or Vocabulary.NeverNest)
        {
            return model.IsLockClass(expr) ? null : "no lock class of that name (a __lock_class name, a global, or type.field)";
        }

        return null;
    }

    private static bool IsGlobal(INamedTypeSymbol? container, string[] segs, KernelModel model)
    {
        for (var type = container; type != null; type = type.BaseType)
        {
            if (LockResolver.Walks(type, segs, 0))
            {
                return true;
            }
        }

        return model.GlobalHolders.Any(t => LockResolver.Walks(t, segs, 0));
    }
}
