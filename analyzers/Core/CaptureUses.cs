// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// What a lambda, anonymous method or local function does with the variables of its enclosing method.
/// A captured reference the function only reads (passes to a borrowing parameter, dereferences, tests)
/// stays its owner's: the owner must still put it, once (FD_ADD(..., () => file_open_handle(path, ...))
/// followed by path_put(path)). One the function puts, consumes, stores, returns or reassigns leaves
/// the owner: its ownership goes with the function.
/// </summary>
internal static class CaptureUses
{
    /* how deep lambdas and local functions nested in the function are followed */
    private const int MaxNesting = 4;

    /// <summary>The enclosing method's variables whose ownership the function may take (any use but a borrow).</summary>
    /// <param name="graph">The function's graph.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The variables (the function's own locals are included harmlessly: the owner never tracks them).</returns>
    public static HashSet<ISymbol> Taken(ControlFlowGraph graph, CancellationToken cancellationToken)
    {
        var taken = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        Collect(graph, taken, cancellationToken, 0);
        return taken;
    }

    private static void Collect(ControlFlowGraph graph, HashSet<ISymbol> taken, CancellationToken cancellationToken, int depth)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var op in block.Operations)
            {
                Scan(graph, op, false, taken, cancellationToken, depth);
            }

            if (block.BranchValue != null)
            {
                // a value handed back (the function's result) goes wherever its caller puts it
                var returned = block.ConditionKind == ControlFlowConditionKind.None && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return;
                Scan(graph, block.BranchValue, returned, taken, cancellationToken, depth);
            }
        }

        if (depth > MaxNesting)
        {
            return;
        }

        foreach (var local in graph.LocalFunctions)
        {
            Collect(graph.GetLocalFunctionControlFlowGraph(local, cancellationToken), taken, cancellationToken, depth + 1);
        }
    }

    private static void Scan(ControlFlowGraph graph, IOperation root, bool rootReturned, HashSet<ISymbol> taken, CancellationToken cancellationToken, int depth)
    {
        foreach (var op in FlowHelpers.Descendants(root))
        {
            if (op is IFlowAnonymousFunctionOperation nested)
            {
                if (depth <= MaxNesting)
                {
                    Collect(graph.GetAnonymousFunctionControlFlowGraphInScope(nested, cancellationToken), taken, cancellationToken, depth + 1);
                }

                continue;
            }

            if (LockResolver.Variable(op) is ISymbol v && op is ILocalReferenceOperation or IParameterReferenceOperation && !IsBorrow(op, root, rootReturned))
            {
                taken.Add(v);
            }
        }
    }

    /// <summary>Whether a use of a variable (through any field path of it) leaves its reference where it was.</summary>
    private static bool IsBorrow(IOperation use, IOperation root, bool rootReturned)
    {
        var at = use;
        while (at.Parent is IConversionOperation or IParenthesizedOperation ||
            (at.Parent is IFieldReferenceOperation f && f.Instance == at) ||
            (at.Parent is IPropertyReferenceOperation { Arguments.Length: 0 } p && p.Instance == at))
        {
            at = at.Parent;
            if (at.Type is { SpecialType: not SpecialType.None } or { TypeKind: TypeKind.Enum })
            {
                // a number read out of the object (p->level) carries no reference
                return true;
            }
        }

        if (ReferenceEquals(at, root))
        {
            return !rootReturned;
        }

        switch (at.Parent)
        {
            case IArgumentOperation { Parameter: IParameterSymbol parameter } arg:
                var callee = (arg.Parent as IInvocationOperation)?.TargetMethod;
                if (callee == null || parameter.RefKind is RefKind.Ref or RefKind.Out || Vocabulary.IsPut(callee, parameter) || Vocabulary.IsConsume(callee, parameter))
                {
                    return false;
                }

                // library code (a collection, Interlocked) may keep it; kernel code borrows unless it says otherwise
                return callee.DeclaringSyntaxReferences.Any() || Vocabulary.HasRefContract(callee) || Vocabulary.IsErrCheck(callee) || Vocabulary.Has(parameter, Vocabulary.Borrowed) || Vocabulary.IsGet(parameter);
            case IInvocationOperation call:
                return ReferenceEquals(call.Instance, at);
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IDeconstructionAssignmentOperation or IFlowCaptureOperation or IIncrementOrDecrementOperation:
                return false;
            case IReturnOperation:
                return false;
            default:
                return true;
        }
    }
}
