// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pidfs.Analyzers.Core;

namespace Pidfs.Analyzers;

/// <summary>
/// Where the kernel makes its locks, and which lock class each site makes as the analyzers name it. Lockdep
/// keys a class by its initialisation site (the lock_class_key), so this is the bridge from a runtime class
/// to the lock a static edge names. A site is an object creation of a lock type (a type a lock primitive
/// takes, or a subclass of one: spin_lock's spinlock_t, lockdep_assert_held's lockdep_map) or of a type that
/// makes its lock at its creator's site (a constructor with a [CallerFilePath] parameter and one lock member:
/// wait_queue_head_t, lockref), stored into a field or property, or the base call of a structure that is
/// its own first lock (sighand_struct: its siglock is the structure). A kernel global is a static member or
/// a member of a type whose methods carry lock contracts (vmlinux), as contracts name globals.
/// </summary>
public sealed class LockSites
{
    private LockSites(IReadOnlyList<LockSite> sites)
    {
        this.Sites = sites;
    }

    /// <summary>Gets the sites, by file and line.</summary>
    public IReadOnlyList<LockSite> Sites { get; }

    /// <summary>Finds every lock initialisation site of a compilation.</summary>
    /// <param name="compilation">The kernel compilation.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The sites.</returns>
    public static LockSites Of(Compilation compilation, CancellationToken cancellationToken = default)
    {
        var sites = new List<LockSite>();
        var kernel = KernelModel.For(compilation);
        var lockTypes = LockTypes(compilation);
        bool IsLockType(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (lockTypes.Contains(t.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var creation in tree.GetRoot(cancellationToken).DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
            {
                if (model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol type)
                {
                    continue;
                }

                var inner = IsLockType(type) ? SelfLock(type, IsLockType) : WrappedLock(type, model, creation, IsLockType, cancellationToken);
                if (!IsLockType(type) && inner == null)
                {
                    continue;
                }

                /* a structure that is its own lock makes it in its constructor's base call (SelfSite), not where it is created */
                if (IsLockType(type) && !(model.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol made && TakesCreatorSite(made)))
                {
                    continue;
                }

                var line = creation.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                var (member, global) = Target(creation, model, kernel, cancellationToken);
                string? cls = null;
                if (member != null)
                {
                    var path = new List<ISymbol> { member };
                    if (inner != null)
                    {
                        path.Add(inner);
                    }

                    cls = LockResolver.ClassOfPath(path, global);
                }

                var what = member == null ? creation.ToString() : member.ContainingType.Name + "." + member.Name + (inner != null ? "." + inner.Name : string.Empty);
                sites.Add(new LockSite(tree.FilePath, line, cls, what));
            }

            foreach (var init in tree.GetRoot(cancellationToken).DescendantNodes().OfType<ConstructorInitializerSyntax>())
            {
                if (SelfSite(init, model, IsLockType, cancellationToken) is LockSite site)
                {
                    sites.Add(site);
                }
            }
        }

        return new LockSites(sites.OrderBy(s => s.FilePath, StringComparer.Ordinal).ThenBy(s => s.Line).ToList());
    }

    /* the types the lock primitives of the compilation take (the lock of a field path: its field's type) */
    private static HashSet<ITypeSymbol> LockTypes(Compilation compilation)
    {
        var types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var method in KernelModel.SourceTypes(compilation).SelectMany(t => t.GetMembers()).OfType<IMethodSymbol>())
        {
            if (Vocabulary.LockOpOf(method) is { Parameter: int ordinal } op && ordinal < method.Parameters.Length)
            {
                ITypeSymbol? type = method.Parameters[ordinal].Type;
                foreach (var field in (op.Field ?? string.Empty).Split(new[] { '.' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    type = type?.GetMembers(field).Select(m => m switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null }).FirstOrDefault(t => t != null);
                }

                if (type != null && type.SpecialType != SpecialType.System_Object)
                {
                    types.Add(type.OriginalDefinition);
                }
            }
        }

        return types;
    }

    /*
     * A lock type that also names itself through a lock property (`spinlock_t @lock => this` on a
     * wait_queue_head_t that is its own lock): code takes it as `q.@lock`, so the class is named that way.
     */
    private static ISymbol? SelfLock(INamedTypeSymbol type, Func<ITypeSymbol?, bool> isLockType)
    {
        var self = type.GetMembers().OfType<IPropertySymbol>().Where(p => !p.IsStatic && isLockType(p.Type) &&
            p.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<PropertyDeclarationSyntax>()
                .Any(d => d.ExpressionBody?.Expression is ThisExpressionSyntax)).ToList();
        return self.Count == 1 ? self[0] : null;
    }

    /*
     * A structure that is its own first lock (sighand_struct, whose siglock is the structure: `siglock => this`)
     * makes the lock in its constructor's base call, which is then the site; a constructor that passes its
     * creator's site on (wait_queue_head_t's) makes none of its own.
     */
    private static LockSite? SelfSite(ConstructorInitializerSyntax init, SemanticModel model, Func<ITypeSymbol?, bool> isLockType, CancellationToken cancellationToken)
    {
        if (init.Parent is not ConstructorDeclarationSyntax declaration ||
            model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol ctor ||
            TakesCreatorSite(ctor) || !isLockType(ctor.ContainingType) || SelfLock(ctor.ContainingType, isLockType) is not ISymbol self)
        {
            return null;
        }

        var path = new List<ISymbol> { self };
        if (ctor.ContainingType.BaseType is INamedTypeSymbol lockType && SelfLock(lockType, isLockType) is ISymbol inner)
        {
            path.Add(inner);
        }

        var line = init.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        return new LockSite(init.SyntaxTree.FilePath, line, LockResolver.ClassOfPath(path, false), ctor.ContainingType.Name + "." + string.Join(".", path.Select(m => m.Name)));
    }

    /* a constructor that takes its creator's site ([CallerFilePath]), as every lock primitive's does */
    private static bool TakesCreatorSite(IMethodSymbol ctor) =>
        ctor.Parameters.Any(p => p.GetAttributes().Any(a => a.AttributeClass?.Name == "CallerFilePathAttribute"));

    /* a type whose constructor takes its creator's site and whose one lock member is made with it */
    private static ISymbol? WrappedLock(INamedTypeSymbol type, SemanticModel model, BaseObjectCreationExpressionSyntax creation, Func<ITypeSymbol?, bool> isLockType, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(creation, cancellationToken).Symbol is not IMethodSymbol ctor || !TakesCreatorSite(ctor))
        {
            return null;
        }

        var locks = type.GetMembers().Where(m => !m.IsStatic && !m.IsImplicitlyDeclared && m switch
        {
            IFieldSymbol f => isLockType(f.Type),
            IPropertySymbol p => isLockType(p.Type),
            _ => false,
        }).ToList();
        return locks.Count == 1 ? locks[0] : null;
    }

    /* the field or property the new lock is stored into, and whether it is a kernel global (static, or a member of a type whose methods carry lock contracts: vmlinux) */
    private static (ISymbol? Member, bool Global) Target(BaseObjectCreationExpressionSyntax creation, SemanticModel model, KernelModel kernel, CancellationToken cancellationToken)
    {
        ISymbol? member = creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax v } => model.GetDeclaredSymbol(v, cancellationToken),
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax p } => model.GetDeclaredSymbol(p, cancellationToken),
            AssignmentExpressionSyntax a when a.Right == creation => model.GetSymbolInfo(a.Left, cancellationToken).Symbol,
            _ => null,
        };
        if (member is not (IFieldSymbol or IPropertySymbol))
        {
            return (null, false);
        }

        return (member, member.IsStatic || kernel.GlobalHolders.Contains(member.ContainingType, SymbolEqualityComparer.Default));
    }
}
