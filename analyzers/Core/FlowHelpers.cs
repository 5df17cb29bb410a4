// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>Stateless helpers of the flow analysis.</summary>
internal static class FlowHelpers
{
    public static bool IsErrorValue(IOperation? value)
    {
        if (value == null)
        {
            return false;
        }

        value = LockResolver.Strip(value);
        if (value is IInvocationOperation inv && Vocabulary.MakesErrPtr(inv.TargetMethod))
        {
            return true;
        }

        if (value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus })
        {
            return true;
        }

        if (value.ConstantValue.HasValue)
        {
            var c = value.ConstantValue.Value;
            return c == null || (c is int i && i < 0) || (c is long l && l < 0);
        }

        return false;
    }

    public static int LineOf(Location location) => location.GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>Splits "a|read:b" into its alternatives, each with its own mode.</summary>
    /// <param name="expr">The lock expression of an attribute.</param>
    /// <returns>The alternatives.</returns>
    public static List<(string Expr, LockMode Mode)> Alternatives(string expr) =>
        expr.Split('|').Select(Split).Where(a => a.Expr.Length > 0).ToList();

    public static (string Expr, LockMode Mode) Split(string expr)
    {
        expr = expr.Trim();
        return expr.StartsWith("read:", StringComparison.Ordinal) ? (expr.Substring(5).Trim(), LockMode.Read) : (expr, LockMode.Write);
    }

    /// <summary>A guard_*() or __free() call whose result lives until the end of a using scope.</summary>
    public static IInvocationOperation? ScopeCall(IOperation value) =>
        LockResolver.Strip(value) is IInvocationOperation inv &&
        (Vocabulary.IsCleanup(inv.TargetMethod) || Vocabulary.LockOpOf(inv.TargetMethod)?.Kind == LockOpKind.Guard) ? inv : null;

    public static IEnumerable<IOperation> Descendants(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var op = stack.Pop();
            yield return op;
            foreach (var c in op.ChildOperations)
            {
                stack.Push(c);
            }
        }
    }

    public static bool IsNullConstant(IOperation op)
    {
        var stripped = LockResolver.Strip(op);
        return stripped.ConstantValue.HasValue && stripped.ConstantValue.Value == null;
    }

    public static IMethodSymbol? PutOf(IInvocationOperation free)
    {
        var first = free.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
        return first == null ? null : LockResolver.Strip(first) switch
        {
            IDelegateCreationOperation d when LockResolver.Strip(d.Target) is IMethodReferenceOperation m => m.Method,
            IMethodReferenceOperation m => m.Method,
            _ => null,
        };
    }

    public static string ModeName(LockMode mode) => mode == LockMode.Read ? "read" : "write";

    public static bool IsWrite(IOperation op)
    {
        var child = op;
        var parent = op.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return parent switch
        {
            ISimpleAssignmentOperation a => a.Target == child,
            ICompoundAssignmentOperation ca => ca.Target == child,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation arg => arg.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
            _ => false,
        };
    }

    public static bool IsFresh(IOperation? instance)
    {
        if (instance == null || LockResolver.Strip(instance) is not ILocalReferenceOperation local)
        {
            return false;
        }

        return local.Local.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is VariableDeclaratorSyntax d &&
            d.Initializer?.Value is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax);
    }

    /// <summary>
    /// A racy read the code marks on purpose: the location passed to a __data_racy ref parameter (READ_ONCE(ref x)),
    /// anything inside the expression passed to a __data_racy value parameter (data_race(expr)), or .NET's Volatile.Read(ref x).
    /// </summary>
    /// <param name="op">The field reference.</param>
    /// <returns>True when the access is wrapped so.</returns>
    public static bool IsMarkedRacy(IOperation op)
    {
        var parent = op.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        if (parent is IArgumentOperation { Parent: IInvocationOperation inv } direct &&
            ((direct.Parameter != null && Vocabulary.Has(direct.Parameter, Vocabulary.DataRacy)) || (inv.TargetMethod.Name == "Read" && inv.TargetMethod.ContainingType.Name == "Volatile")))
        {
            return true;
        }

        // data_race(expr) marks every read inside the expression it wraps (compiler.h)
        for (var up = op.Parent; up != null && up is not IAnonymousFunctionOperation; up = up.Parent)
        {
            if (up is IArgumentOperation { Parent: IInvocationOperation, Parameter: IParameterSymbol { RefKind: RefKind.None } p } && Vocabulary.Has(p, Vocabulary.DataRacy))
            {
                return true;
            }
        }

        return false;
    }
}
