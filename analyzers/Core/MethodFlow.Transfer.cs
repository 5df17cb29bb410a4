// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>Block transfer, branches, finally regions and branch refinement.</summary>
internal sealed partial class MethodFlow
{
    private const int ExitDest = -1;
    private const int RegionEndDest = -2;
    private const int DeadDest = -3;

    private List<(int Dest, FlowState State, ExitRecord? Exit)> Transfer(BasicBlock block, FlowState input)
    {
        var result = new List<(int, FlowState, ExitRecord?)>();
        var s = input.Clone();
        foreach (var op in block.Operations)
        {
            this.Visit(op, s);
        }

        if (block.BranchValue != null)
        {
            this.branchValue = block.BranchValue;
            this.Visit(block.BranchValue, s);
            this.branchValue = null;
        }

        if (block.ConditionKind != ControlFlowConditionKind.None && block.BranchValue != null)
        {
            var polarity = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
            var taken = this.Refine(s.Clone(), block.BranchValue, polarity, 0);
            if (taken != null)
            {
                this.Follow(block.ConditionalSuccessor, taken, null, result);
            }

            var fall = this.Refine(s, block.BranchValue, !polarity, 0);
            if (fall != null)
            {
                this.Follow(block.FallThroughSuccessor, fall, null, result);
            }
        }
        else
        {
            this.Follow(block.FallThroughSuccessor, s, block.BranchValue, result);
        }

        return result;
    }

    private void Follow(ControlFlowBranch? branch, FlowState s, IOperation? returnValue, List<(int Dest, FlowState State, ExitRecord? Exit)> result)
    {
        if (branch == null)
        {
            return;
        }

        if (branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow or ControlFlowBranchSemantics.Error or ControlFlowBranchSemantics.ProgramTermination)
        {
            return;
        }

        if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
        {
            result.Add((RegionEndDest, s, null));
            return;
        }

        var returnsOwned = false;
        if (returnValue != null && branch.Semantics == ControlFlowBranchSemantics.Return)
        {
            returnsOwned = this.MoveOut(returnValue, s);
        }

        FlowState? state = s;
        foreach (var region in branch.FinallyRegions)
        {
            state = this.RunFinally(region, state);
            if (state == null)
            {
                return;
            }
        }

        if (branch.Destination == null)
        {
            result.Add((RegionEndDest, state, null));
        }
        else if (branch.Destination.Kind == BasicBlockKind.Exit)
        {
            result.Add((ExitDest, state, this.reporting ? this.MakeExit(state, returnValue, returnsOwned) : null));
        }
        else
        {
            result.Add((branch.Destination.Ordinal, state, null));
        }
    }

    private ExitRecord MakeExit(FlowState state, IOperation? returnValue, bool returnsOwned)
    {
        if (returnValue != null)
        {
            var syntax = returnValue.Syntax.FirstAncestorOrSelf<ReturnStatementSyntax>() ?? returnValue.Syntax;
            var isError = FlowHelpers.IsErrorValue(returnValue);
            var loc = syntax.GetLocation();
            return new ExitRecord(state, loc, isError, (isError ? "on the error path at line " : "on the path at line ") + FlowHelpers.LineOf(loc), returnsOwned, returnValue);
        }

        var close = this.body switch
        {
            BaseMethodDeclarationSyntax m when m.Body != null => m.Body.CloseBraceToken.GetLocation(),
            AccessorDeclarationSyntax a when a.Body != null => a.Body.CloseBraceToken.GetLocation(),
            _ => this.body.GetLocation(),
        };
        return new ExitRecord(state, close, false, this.hasVoidReturns ? "on a path out of the function" : "at the end of the function", returnsOwned);
    }

    /// <summary>A returned local hands its reference to the caller.</summary>
    private bool MoveOut(IOperation value, FlowState s)
    {
        var stripped = LockResolver.Strip(value);
        if (stripped is IFlowCaptureReferenceOperation c && this.Capture(c.Id) is IOperation captured)
        {
            stripped = LockResolver.Strip(captured);
        }

        if (Vocabulary.ReturnsCountedRef(this.method) && !Vocabulary.IsCleanupTake(this.method))
        {
            this.CheckBorrowedHandOff(s, stripped, "returned as an owned reference ([return: __returns_ref])");
        }

        if ((this.SplitPart(s, stripped) ?? this.Canon(s, stripped)) is ISymbol v && s.Refs.TryGetValue(v, out var rv))
        {
            Untrack(s, v);
            return (rv.Flags & RefFlags.Owned) != 0;
        }

        return stripped is IInvocationOperation inv && this.ReturnsRef(inv.TargetMethod);
    }

    private FlowState? RunFinally(ControlFlowRegion region, FlowState input)
    {
        var blocks = this.cfg.Blocks;
        var states = new Dictionary<int, FlowState> { [region.FirstBlockOrdinal] = input };
        var work = new SortedSet<int> { region.FirstBlockOrdinal };
        FlowState? output = null;
        var wasReporting = this.reporting;
        while (work.Count > 0)
        {
            if (++this.steps > this.maxSteps)
            {
                return input;
            }

            var b = work.Min;
            work.Remove(b);
            foreach (var (dest, state, _) in this.Transfer(blocks[b], states[b]))
            {
                if (dest == RegionEndDest)
                {
                    output = output == null ? state : FlowState.Join(output, state);
                }
                else if (dest >= region.FirstBlockOrdinal && dest <= region.LastBlockOrdinal)
                {
                    var merged = states.TryGetValue(dest, out var old) ? FlowState.Join(old, state) : state;
                    if (old == null || !merged.SameAs(old))
                    {
                        states[dest] = merged;
                        work.Add(dest);
                    }
                }
            }
        }

        this.reporting = wasReporting;
        return output;
    }

    /// <summary>Applies what a branch condition tells: try-lock results, IS_ERR, null checks.</summary>
    private FlowState? Refine(FlowState s, IOperation cond, bool polarity, int depth)
    {
        if (depth > 8)
        {
            return s;
        }

        cond = LockResolver.Strip(cond);
        if (cond.ConstantValue.HasValue && cond.ConstantValue.Value is bool constant && constant != polarity)
        {
            // while (true): the loop is left only by its breaks
            return null;
        }

        if (!this.RefineCond(s, cond, polarity))
        {
            return null;
        }

        switch (cond)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return this.Refine(s, not.Operand, !polarity, depth + 1);
            case IFlowCaptureReferenceOperation c when this.Capture(c.Id) is IOperation v:
                return this.Refine(s, v, polarity, depth + 1);
            case IInvocationOperation inv:
                this.RefineCall(s, inv, polarity);
                return s;
            case IIsNullOperation isNull:
                return this.RefineNull(s, isNull.Operand, polarity);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } bin:
                var equals = bin.OperatorKind == BinaryOperatorKind.Equals;
                if (FlowHelpers.IsNullConstant(bin.RightOperand))
                {
                    return this.RefineNull(s, bin.LeftOperand, equals == polarity);
                }

                if (FlowHelpers.IsNullConstant(bin.LeftOperand))
                {
                    return this.RefineNull(s, bin.RightOperand, equals == polarity);
                }

                this.RefineEqual(s, bin.LeftOperand, bin.RightOperand, equals == polarity);
                if (equals == polarity)
                {
                    // equal to an object we hold no reference on (pid == &init_struct_pid): not ours on this branch
                    this.RefineSame(s, bin.LeftOperand, bin.RightOperand);
                    this.RefineSame(s, bin.RightOperand, bin.LeftOperand);
                }

                return s;
            case IIsPatternOperation { Pattern: IConstantPatternOperation cp } pat when FlowHelpers.IsNullConstant(cp.Value):
                return this.RefineNull(s, pat.Value, polarity);
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation cp2 } } pat2 when FlowHelpers.IsNullConstant(cp2.Value):
                return this.RefineNull(s, pat2.Value, !polarity);
            default:
                return s;
        }
    }

    private FlowState? RefineNull(FlowState s, IOperation operand, bool isNull)
    {
        if (!this.RefinePointer(s, operand, isNull))
        {
            return null;
        }

        if (!isNull)
        {
            return s;
        }

        var stripped = LockResolver.Strip(operand);
        if (stripped is IFlowCaptureReferenceOperation c)
        {
            if (this.scopeCaptures.ContainsKey(c.Id))
            {
                return null;
            }

            if (this.Capture(c.Id) is IOperation v)
            {
                stripped = LockResolver.Strip(v);
            }
        }

        var variable = LockResolver.Variable(stripped);
        if (variable != null)
        {
            if (this.scopeLocals.ContainsKey(variable) && this.IsGuardLocal(variable))
            {
                return null;
            }

            if (this.Canon(s, stripped) is ISymbol tracked)
            {
                Untrack(s, tracked);
            }
        }

        return s;
    }

    private void RefineSame(FlowState s, IOperation variable, IOperation other)
    {
        var stripped = LockResolver.Strip(other);
        if (stripped is IFlowCaptureReferenceOperation c && this.Capture(c.Id) is IOperation v)
        {
            stripped = LockResolver.Strip(v);
        }

        if (stripped is not (IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation) || (this.Canon(s, stripped) is ISymbol owned && s.Refs.ContainsKey(owned)))
        {
            return;
        }

        if (this.Canon(s, variable) is ISymbol tracked && s.Refs.ContainsKey(tracked))
        {
            Untrack(s, tracked);
        }
    }

    private bool IsGuardLocal(ISymbol local) =>
        this.scopeLocals.TryGetValue(local, out var inv) && !Vocabulary.IsCleanup(inv.TargetMethod);

    private void RefineCall(FlowState s, IInvocationOperation inv, bool value)
    {
        if (Vocabulary.IsErrCheck(inv.TargetMethod))
        {
            if (value && this.Canon(s, inv.Arguments.FirstOrDefault()?.Value) is ISymbol v)
            {
                Untrack(s, v);
            }

            return;
        }
    }
}
