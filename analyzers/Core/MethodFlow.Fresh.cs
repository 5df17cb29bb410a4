// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// Objects nobody else can see yet. An object is fresh in a function from its allocation there (<c>new</c>, a
/// <c>__malloc</c> allocator, or a function that returns a fresh object on every successful path) or when it
/// arrives in an <c>__unpublished</c> parameter, until it is published: stored anywhere but a local or a field
/// of another fresh object, handed to a parameter that may keep it, or captured by a lambda. While fresh, its
/// own fields and those of the objects embedded in it (created with it by its constructor) are initialised
/// without their locks, as the kernel does between kmem_cache_alloc() and the first list_add/d_instantiate/
/// fd_install. Clang's context analysis has no such rule; the kernel relies on context.
/// </summary>
internal sealed partial class MethodFlow
{
    private static readonly ConcurrentDictionary<ISymbol, bool> EmbeddedFields = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

    /// <summary>Gets a value indicating whether the method is __init (boot-time: nothing it touches is visible to anyone else yet).</summary>
    private bool InInit => Vocabulary.Has(this.method, Vocabulary.Init) || (this.method.MethodKind == MethodKind.LocalFunction && Vocabulary.Has(this.method.ContainingSymbol, Vocabulary.Init));

    /// <summary>
    /// Gets whether a field holds an object created with its container (an embedded struct in C): initialised
    /// from <c>new</c> in its declaration or in a constructor of its type.
    /// </summary>
    private static bool IsEmbedded(ISymbol field) => EmbeddedFields.GetOrAdd(field, f =>
    {
        foreach (var r in f.DeclaringSyntaxReferences)
        {
            if (r.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax })
            {
                return true;
            }
        }

        foreach (var ctor in f.ContainingType.InstanceConstructors)
        {
            foreach (var r in ctor.DeclaringSyntaxReferences)
            {
                foreach (var a in r.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    var name = a.Left switch
                    {
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } m => m.Name.Identifier.ValueText,
                        IdentifierNameSyntax id => id.Identifier.ValueText,
                        _ => null,
                    };
                    if (name == f.Name && a.Right is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    });

    /// <summary>
    /// Gets whether a call may keep what it is given: not err.h's tests, and not an indirect call through an
    /// operations table (f_op->open(inode, f), d_op->d_prune(dentry)), whose object is the one operated on.
    /// </summary>
    private static bool Publishes(IMethodSymbol callee, IParameterSymbol parameter) =>
        !Vocabulary.IsErrCheck(callee) && !Vocabulary.Has(parameter, Vocabulary.Borrowed) && callee.MethodKind != MethodKind.DelegateInvoke;

    /// <summary>The variable an operation is, through conversions and flow captures.</summary>
    private ISymbol? VariableOf(IOperation? op)
    {
        for (var depth = 0; op != null && depth < 4; depth++)
        {
            op = LockResolver.Strip(op);
            if (op is IFlowCaptureReferenceOperation c)
            {
                op = this.Capture(c.Id);
                continue;
            }

            return LockResolver.Variable(op);
        }

        return null;
    }

    /// <summary>Gets whether the instance of a member access is a fresh object or an object embedded in one.</summary>
    private bool IsFreshObject(FlowState s, IOperation? instance)
    {
        if (this.InInit)
        {
            return true;
        }

        for (var depth = 0; instance != null && depth < 8; depth++)
        {
            instance = LockResolver.Strip(instance);
            switch (instance)
            {
                case IFlowCaptureReferenceOperation c:
                    instance = this.Capture(c.Id);
                    continue;
                case IFieldReferenceOperation f when f.Instance != null && IsEmbedded(f.Field):
                    instance = f.Instance;
                    continue;
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    return s.Fresh.Contains(KeyOf(LockResolver.Variable(instance)!));
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Gets whether a value is a fresh object: a new one, an allocator's result, or a fresh variable.</summary>
    private bool IsFreshValue(FlowState s, IOperation? value)
    {
        if (this.IsNullValue(value) || FlowHelpers.IsErrorValue(value))
        {
            // no object: nothing to publish
            return true;
        }

        for (var depth = 0; value != null && depth < 4; depth++)
        {
            value = LockResolver.Strip(value);
            switch (value)
            {
                case IFlowCaptureReferenceOperation c:
                    value = this.Capture(c.Id);
                    continue;
                case IObjectCreationOperation:
                    return true;
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    return s.Fresh.Contains(KeyOf(LockResolver.Variable(value)!));
                case IInvocationOperation inv:
                    var callee = KernelModel.Normalise(inv.TargetMethod);
                    if (Vocabulary.Has(callee, Vocabulary.Malloc))
                    {
                        return true;
                    }

                    return callee.DeclaringSyntaxReferences.Any() && !SymbolEqualityComparer.Default.Equals(callee, this.method) &&
                        this.model.Analyze(callee, this.stack, this.cancellationToken).Summary.ReturnsFresh;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>After <c>target = value</c>: a local takes the value's freshness; a fresh value stored elsewhere is published.</summary>
    private void TrackFresh(FlowState s, IOperation target, IOperation value)
    {
        var fresh = this.IsFreshValue(s, value);
        if (target is ILocalReferenceOperation l)
        {
            s.Fresh.Remove(KeyOf(l.Local));
            if (fresh)
            {
                s.Fresh.Add(KeyOf(l.Local));
            }

            return;
        }

        if (fresh && this.VariableOf(value) is ISymbol v && !(target is IFieldReferenceOperation f && this.IsFreshObject(s, f.Instance)))
        {
            s.Fresh.Remove(KeyOf(v));
        }
    }

    /// <summary>
    /// At a call: an __unpublished parameter needs a fresh argument (KRN1013); a fresh argument handed to a
    /// parameter that may keep it is published.
    /// </summary>
    private void FreshArguments(IMethodSymbol callee, IInvocationOperation inv, FlowState s)
    {
        MethodSummary? sum = null;
        foreach (var arg in inv.Arguments)
        {
            if (arg.Parameter == null || arg.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var unpublished = Vocabulary.Has(arg.Parameter, Vocabulary.Unpublished);
            var v = this.VariableOf(arg.Value);
            var isFresh = this.InInit || (v != null && s.Fresh.Contains(KeyOf(v)));
            if (unpublished && !isFresh && !FlowHelpers.IsNullConstant(arg.Value))
            {
                this.Report(Descriptors.NotUnpublished, arg.Value.Syntax.GetLocation(), callee.Name, arg.Parameter.Name, arg.Value.Syntax.ToString().Replace("@", string.Empty));
                continue;
            }

            if (!isFresh || unpublished || !Publishes(callee, arg.Parameter))
            {
                continue;
            }

            if (callee.DeclaringSyntaxReferences.Any() && !SymbolEqualityComparer.Default.Equals(callee, this.method))
            {
                sum ??= this.model.Analyze(callee, this.stack, this.cancellationToken).Summary;
                if (!sum.Escapes.Contains(arg.Parameter.Ordinal))
                {
                    continue;
                }
            }

            if (v != null)
            {
                s.Fresh.Remove(KeyOf(v));
            }
        }
    }

    /// <summary>For the summary: whether a use of a parameter may let the object escape (stored, kept by a callee, returned).</summary>
    private void NoteEscape(IParameterReferenceOperation p)
    {
        if (!this.reporting || this.summary.Escapes.Contains(p.Parameter.Ordinal))
        {
            return;
        }

        IOperation child = p;
        var parent = p.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        var escapes = parent switch
        {
            null => false,
            IMemberReferenceOperation m => !ReferenceEquals(m.Instance, child),
            IInvocationOperation i => !ReferenceEquals(i.Instance, child),
            IBinaryOperation or IIsNullOperation or IIsPatternOperation or IExpressionStatementOperation => false,
            ISimpleAssignmentOperation a => !ReferenceEquals(a.Target, child),
            IArgumentOperation { Parent: IInvocationOperation call } arg => this.ArgumentEscapes(call, arg),
            _ => true,
        };
        if (escapes)
        {
            this.summary.Escapes.Add(p.Parameter.Ordinal);
        }
    }

    private bool ArgumentEscapes(IInvocationOperation call, IArgumentOperation arg)
    {
        var callee = KernelModel.Normalise(call.TargetMethod);
        if (arg.Parameter == null || Vocabulary.Has(arg.Parameter, Vocabulary.Unpublished) || !Publishes(callee, arg.Parameter))
        {
            return false;
        }

        if (!callee.DeclaringSyntaxReferences.Any())
        {
            return true;
        }

        return SymbolEqualityComparer.Default.Equals(callee, this.method) || this.model.Analyze(callee, this.stack, this.cancellationToken).Summary.Escapes.Contains(arg.Parameter.Ordinal);
    }
}
