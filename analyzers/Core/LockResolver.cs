// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// Maps lock expressions (operations and attribute strings) to lock instances and classes.
/// A global field is its own class; a field reached through an object is "DeclaringType.field",
/// unless a field on the path carries __lock_class.
/// </summary>
internal static class LockResolver
{
    /// <summary>Strips conversions and parentheses.</summary>
    /// <param name="op">The operation.</param>
    /// <returns>The operation under them.</returns>
    public static IOperation Strip(IOperation op)
    {
        while (true)
        {
            switch (op)
            {
                case IConversionOperation c:
                    op = c.Operand;
                    break;
                case IParenthesizedOperation p:
                    op = p.Operand;
                    break;
                default:
                    return op;
            }
        }
    }

    /// <summary>Resolves a lock given as an operation (the argument of spin_lock and friends).</summary>
    /// <param name="op">The lock expression.</param>
    /// <param name="field">An extra field to append (task_lock: alloc_lock).</param>
    /// <param name="captures">Flow captures of the enclosing graph.</param>
    /// <returns>The lock.</returns>
    public static LockRef FromOperation(IOperation op, string? field, IDefinitions captures)
    {
        var path = PathOf(op, captures, 0);
        var symbols = new List<ISymbol>(path.Fields);
        var display = path.Display;
        if (field != null)
        {
            var member = FindMember(path.Type, field);
            if (member != null)
            {
                symbols.Add(member);
            }

            display += "." + field;
            if (member == null)
            {
                return new LockRef(display, path.Type != null ? path.Type.Name + "." + field : display, display, path.Root);
            }

            return new LockRef(display, ClassOf(symbols, path.Root, display), display, path.Root, TypeOf(member));
        }

        return new LockRef(display, ClassOf(symbols, path.Root, display), display, path.Root, path.Type);
    }

    /// <summary>Resolves a lock expression of an attribute ("pid.wait_pidfd.lock", "pidmap_lock", "rcu").</summary>
    /// <param name="expr">The expression, without any "read:" prefix.</param>
    /// <param name="method">The method whose parameters and globals the expression names.</param>
    /// <param name="argumentFor">At a call site: the argument passed for a parameter.</param>
    /// <param name="captures">Flow captures of the caller's graph.</param>
    /// <returns>The lock.</returns>
    public static LockRef FromExpression(string expr, IMethodSymbol method, Func<IParameterSymbol, IOperation?>? argumentFor, IDefinitions captures)
    {
        expr = expr.Trim();
        if (expr == "rcu")
        {
            return LockRef.Rcu;
        }

        var segs = expr.Split('.').Select(s => s.Trim().TrimStart('@')).ToArray();
        var param = method.Parameters.FirstOrDefault(p => p.Name == segs[0]);
        if (param != null)
        {
            var fields = Walk(param.Type, segs, 1);
            var rest = string.Concat(segs.Skip(1).Select(s => "." + s));
            var arg = argumentFor?.Invoke(param);
            if (arg != null)
            {
                var basePath = PathOf(arg, captures, 0);
                var display = basePath.Display + rest;
                var all = basePath.Fields.Concat(fields ?? Enumerable.Empty<ISymbol>()).ToList();
                var cls = fields != null ? ClassOf(all, basePath.Root, display) : param.Type.Name + rest;
                return new LockRef(display, cls, display, basePath.Root, LastType(fields, param.Type));
            }

            var own = string.Join(".", segs);
            return new LockRef(own, fields != null ? ClassOf(fields, RootKind.Parameter, own) : param.Type.Name + rest, own, RootKind.Parameter, LastType(fields, param.Type));
        }

        for (var type = method.ContainingType; type != null; type = type.BaseType)
        {
            var global = FindMember(type, segs[0]);
            if (global != null)
            {
                var fields = Walk(TypeOf(global), segs, 1);
                var all = new List<ISymbol> { global };
                all.AddRange(fields ?? Enumerable.Empty<ISymbol>());
                var own = string.Join(".", segs);
                return new LockRef(own, fields != null ? ClassOf(all, RootKind.Global, own) : own, own, RootKind.Global, LastType(all, null));
            }
        }

        var text = string.Join(".", segs);
        return new LockRef(text, text, text, RootKind.Other);
    }

    /// <summary>Resolves the lock of a __guarded_by field accessed through an instance.</summary>
    /// <param name="expr">The guard expression, relative to the containing object or a global.</param>
    /// <param name="field">The guarded field.</param>
    /// <param name="instance">The instance the field is accessed through, null for a global.</param>
    /// <param name="method">The accessing method.</param>
    /// <param name="captures">Flow captures.</param>
    /// <returns>The lock.</returns>
    public static LockRef FromGuard(string expr, ISymbol field, IOperation? instance, IMethodSymbol method, IDefinitions captures)
    {
        var segs = expr.Trim().Split('.').Select(s => s.Trim().TrimStart('@')).ToArray();
        if (expr.Trim() == "rcu")
        {
            return LockRef.Rcu;
        }

        var container = field.ContainingType;
        var isGlobalAccess = instance == null || instance is IInstanceReferenceOperation;
        if (!isGlobalAccess && FindMember(container, segs[0]) != null)
        {
            var basePath = PathOf(instance!, captures, 0);
            var fields = Walk(container, segs, 0);
            var display = basePath.Display + "." + string.Join(".", segs);
            var all = basePath.Fields.Concat(fields ?? Enumerable.Empty<ISymbol>()).ToList();
            return new LockRef(display, fields != null ? ClassOf(all, basePath.Root, display) : container.Name + "." + string.Join(".", segs), display, basePath.Root);
        }

        return FromExpression(expr, method, null, captures);
    }

    /// <summary>Normalises a lock class named in lock_order ("pidmap_lock", "pid.wait_pidfd.lock").</summary>
    /// <param name="name">The declared name.</param>
    /// <param name="compilation">The compilation, to find the named type.</param>
    /// <returns>The class as the resolver names it.</returns>
    public static string NormaliseClass(string name, Compilation compilation)
    {
        var segs = name.Trim().Split('.').Select(s => s.Trim().TrimStart('@')).ToArray();
        if (segs.Length < 2)
        {
            return string.Join(".", segs);
        }

        foreach (var sym in compilation.GetSymbolsWithName(segs[0], SymbolFilter.Type))
        {
            if (sym is INamedTypeSymbol type)
            {
                var fields = Walk(type, segs, 1);
                if (fields != null && fields.Count > 0)
                {
                    return ClassOf(fields, RootKind.Other, name);
                }
            }
        }

        return string.Join(".", segs);
    }

    /// <summary>The class of a lock reached through a member path, as a lock expression naming it would resolve.</summary>
    /// <param name="fields">The members, outermost first (the last is the lock or holds it).</param>
    /// <param name="global">Whether the first member is reached without an object (a kernel global).</param>
    /// <returns>The class.</returns>
    public static string ClassOfPath(IReadOnlyList<ISymbol> fields, bool global) =>
        ClassOf(fields, global ? RootKind.Global : RootKind.Other, string.Join(".", fields.Select(f => f.Name)));

    /// <summary>The simple name of a tracked variable (local or parameter), if the operation is one.</summary>
    /// <param name="op">The operation.</param>
    /// <returns>The variable or null.</returns>
    public static ISymbol? Variable(IOperation? op)
    {
        if (op == null)
        {
            return null;
        }

        return Strip(op) switch
        {
            ILocalReferenceOperation l => l.Local,
            IParameterReferenceOperation p => p.Parameter,
            _ => null,
        };
    }

    /// <summary>Gets whether a field path exists from a type.</summary>
    /// <param name="type">The type the path starts in.</param>
    /// <param name="segs">The path segments.</param>
    /// <param name="start">The first segment to walk.</param>
    /// <returns>True when every segment names a field or property.</returns>
    public static bool Walks(ITypeSymbol? type, string[] segs, int start) => Walk(type, segs, start) != null;

    private static (RootKind Root, string Display, List<ISymbol> Fields, ITypeSymbol? Type) PathOf(IOperation op, IDefinitions captures, int depth)
    {
        op = Strip(op);
        switch (op)
        {
            case IFieldReferenceOperation f:
                return Member(f.Instance, f.Field, f.Field.Type, captures, depth);
            case IPropertyReferenceOperation p when p.Arguments.Length == 0:
                return Member(p.Instance, p.Property, p.Property.Type, captures, depth);
            case IParameterReferenceOperation p:
                return (RootKind.Parameter, p.Parameter.Name, new List<ISymbol>(), p.Type);
            case ILocalReferenceOperation l:
                if (depth < 8 && captures.Local(l.Local) is IOperation def)
                {
                    // a local (or ref local) defined once from a global or a parameter is that lock, not a class of its own
                    var inner = PathOf(def, captures, depth + 1);
                    if (inner.Root is RootKind.Global or RootKind.Parameter)
                    {
                        return inner;
                    }
                }

                return (RootKind.Local, l.Local.Name, new List<ISymbol>(), l.Type);
            case IFlowCaptureReferenceOperation c when depth < 8 && captures.Capture(c.Id) is IOperation v:
                return PathOf(v, captures, depth + 1);
            case IInvocationOperation inv when depth < 8 && Vocabulary.ReturnedArgument(inv) is IOperation returned:
                // READ_ONCE(x), rcu_dereference(x): the value of x
                return PathOf(returned, captures, depth + 1);
            default:
                var text = op.Syntax.ToString().Replace("@", string.Empty);
                return (RootKind.Other, text, new List<ISymbol>(), op.Type);
        }
    }

    private static (RootKind Root, string Display, List<ISymbol> Fields, ITypeSymbol? Type) Member(IOperation? instance, ISymbol member, ITypeSymbol type, IDefinitions captures, int depth)
    {
        if (instance == null || instance is IInstanceReferenceOperation)
        {
            return (RootKind.Global, member.Name, new List<ISymbol> { member }, type);
        }

        var b = PathOf(instance, captures, depth + 1);
        var fields = new List<ISymbol>(b.Fields) { member };
        return (b.Root, b.Display + "." + member.Name, fields, type);
    }

    private static string ClassOf(IReadOnlyList<ISymbol> fields, RootKind root, string display)
    {
        if (fields.Count == 0)
        {
            return display;
        }

        for (var i = fields.Count - 1; i >= 0; i--)
        {
            var attr = Vocabulary.Get(fields[i], Vocabulary.LockClass).FirstOrDefault();
            if (attr != null && Vocabulary.Strings(attr).FirstOrDefault() is string name)
            {
                return name;
            }
        }

        if (fields.Count == 1 && root == RootKind.Global)
        {
            return fields[0].Name;
        }

        var last = fields[fields.Count - 1];
        return last.ContainingType.Name + "." + last.Name;
    }

    private static List<ISymbol>? Walk(ITypeSymbol? type, string[] segs, int start)
    {
        var result = new List<ISymbol>();
        for (var i = start; i < segs.Length; i++)
        {
            var member = FindMember(type, segs[i]);
            if (member == null)
            {
                return null;
            }

            result.Add(member);
            type = TypeOf(member);
        }

        return result;
    }

    private static ISymbol? FindMember(ITypeSymbol? type, string name)
    {
        for (var t = type; t != null; t = t.BaseType)
        {
            var m = t.GetMembers(name).FirstOrDefault(s => s is IFieldSymbol or IPropertySymbol);
            if (m != null)
            {
                return m;
            }
        }

        return null;
    }

    private static ITypeSymbol? LastType(List<ISymbol>? fields, ITypeSymbol? start) =>
        fields == null ? null : fields.Count == 0 ? start : TypeOf(fields[fields.Count - 1]);

    private static ITypeSymbol? TypeOf(ISymbol s) => s switch
    {
        IFieldSymbol f => f.Type,
        IPropertySymbol p => p.Type,
        _ => null,
    };
}
