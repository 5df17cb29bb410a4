// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pidfs.Analyzers.Core;

/// <summary>
/// The contract vocabulary: attributes found by their class name, in any namespace. The lock
/// primitives, too, are known only by what their attributes declare, never by their own names.
/// </summary>
internal static class Vocabulary
{
    public const string MustHold = "__must_hold";
    public const string MustNotHold = "__must_not_hold";
    public const string Acquires = "__acquires";
    public const string Releases = "__releases";
    public const string CondAcquires = "__cond_acquires";
    public const string GuardedBy = "__guarded_by";
    public const string LockOrder = "lock_order";
    public const string LockClass = "__lock_class";
    public const string ReturnsRef = "__returns_ref";
    public const string Borrowed = "__borrowed";
    public const string Consumes = "__consumes";
    public const string ReleasesRef = "__releases_ref";
    public const string MayTake = "__may_take";
    public const string MightSleep = "__might_sleep";
    public const string ContextUnsafe = "__context_unsafe";
    public const string CondReleases = "__cond_releases";
    public const string NeverNest = "lock_never_nest";
    public const string GetsRef = "__gets_ref";
    public const string RefsUnsafe = "__refs_unsafe";
    public const string Malloc = "__malloc";
    public const string Unpublished = "__unpublished";
    public const string Init = "__init";
    public const string Acquire = "__acquire";
    public const string Release = "__release";
    public const string CondAcquire = "__cond_acquire";
    public const string Guard = "__guard";
    public const string AssertHeld = "__assert_held";
    public const string AssertNotHeld = "__assert_not_held";
    public const string IsErr = "__is_err";
    public const string ErrPtr = "__err_ptr";
    public const string Returned = "__returned";
    public const string DataRacy = "__data_racy";
    public const string Cleanup = "__cleanup";
    public const string NoFree = "__no_free";

    private static readonly HashSet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        MustHold, MustNotHold, Acquires, Releases, CondAcquires, GuardedBy, LockOrder, LockClass, ReturnsRef, Borrowed, Consumes, ReleasesRef, MayTake, MightSleep, ContextUnsafe, CondReleases, NeverNest, GetsRef, RefsUnsafe, Malloc, Unpublished, Init,
        Acquire, Release, CondAcquire, Guard, AssertHeld, AssertNotHeld, IsErr, ErrPtr, Returned, DataRacy, Cleanup, NoFree,
    };

    private static readonly ConditionalWeakTable<ISymbol, StrongBox<ImmutableArray<AttributeData>>> Cache = new ConditionalWeakTable<ISymbol, StrongBox<ImmutableArray<AttributeData>>>();

    private static readonly ConditionalWeakTable<IMethodSymbol, StrongBox<LockOp?>> OpCache = new ConditionalWeakTable<IMethodSymbol, StrongBox<LockOp?>>();

    private static readonly ConditionalWeakTable<ITypeSymbol, StrongBox<bool>> SleepingCache = new ConditionalWeakTable<ITypeSymbol, StrongBox<bool>>();

    private static readonly ConditionalWeakTable<ITypeSymbol, StrongBox<ulong?>> BitsCache = new ConditionalWeakTable<ITypeSymbol, StrongBox<ulong?>>();

    /// <summary>Gets whether a symbol carries an attribute of the given simple name.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="name">The attribute class name.</param>
    /// <returns>True when present.</returns>
    public static bool Has(ISymbol? symbol, string name)
    {
        if (symbol == null)
        {
            return false;
        }

        foreach (var a in Of(symbol))
        {
            if (a.AttributeClass?.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets the attributes of the given simple name.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="name">The attribute class name.</param>
    /// <returns>The attributes.</returns>
    public static IEnumerable<AttributeData> Get(ISymbol? symbol, string name) =>
        symbol == null ? Enumerable.Empty<AttributeData>() : Of(symbol).Where(a => a.AttributeClass?.Name == name);

    /// <summary>Gets the vocabulary attributes of a symbol (cached; usually none).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>Its attributes whose class name is in the vocabulary.</returns>
    public static ImmutableArray<AttributeData> Of(ISymbol symbol) =>
        Cache.GetValue(symbol, s => new StrongBox<ImmutableArray<AttributeData>>(s.GetAttributes().Where(a => a.AttributeClass != null && Names.Contains(a.AttributeClass.Name)).ToImmutableArray())).Value;

    /// <summary>
    /// Gets the lock primitive a method is (cached; null for every other method): what its __acquire,
    /// __release, __cond_acquire, __guard, __assert_held or __assert_not_held attribute declares.
    /// </summary>
    /// <param name="method">The method.</param>
    /// <returns>The primitive, or null.</returns>
    public static LockOp? LockOpOf(IMethodSymbol method) =>
        OpCache.GetValue(method.OriginalDefinition, m => new StrongBox<LockOp?>(BuildLockOp(m))).Value;

    /// <summary>Gets whether a lock of this type sleeps (the type or a base type carries __might_sleep: mutex, rw_semaphore).</summary>
    /// <param name="type">The lock's type.</param>
    /// <returns>True for a sleeping lock.</returns>
    public static bool IsSleepingLock(ITypeSymbol? type) =>
        type != null && SleepingCache.GetValue(type, t => new StrongBox<bool>(Has(t, MightSleep) || IsSleepingLock(t.BaseType))).Value;

    /// <summary>
    /// Gets the bits of a flags enum whose presence in a mask means the call may sleep (its members that
    /// carry __might_sleep: gfp_t's __GFP_DIRECT_RECLAIM), or null for an enum with none (cached).
    /// </summary>
    /// <param name="type">An enum type.</param>
    /// <returns>The bits, or null.</returns>
    public static ulong? SleepingBits(INamedTypeSymbol type) =>
        BitsCache.GetValue(type, t =>
        {
            ulong? bits = null;
            foreach (var f in t.GetMembers().OfType<IFieldSymbol>())
            {
                if (f.HasConstantValue && f.ConstantValue != null && Has(f, MightSleep))
                {
                    bits = (bits ?? 0) | Convert.ToUInt64(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return new StrongBox<ulong?>(bits);
        }).Value;

    /// <summary>Gets the string arguments (flattening params arrays) of an attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>Every string argument.</returns>
    public static IEnumerable<string> Strings(AttributeData attribute)
    {
        foreach (var arg in attribute.ConstructorArguments)
        {
            if (arg.Kind == TypedConstantKind.Array && !arg.IsNull)
            {
                foreach (var item in arg.Values)
                {
                    if (item.Value is string s)
                    {
                        yield return s;
                    }
                }
            }
            else if (arg.Kind == TypedConstantKind.Primitive && arg.Value is string s)
            {
                yield return s;
            }
        }
    }

    /// <summary>Gets the lock expressions of every attribute with that name.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="name">The attribute class name.</param>
    /// <returns>The expressions.</returns>
    public static List<string> LockStrings(ISymbol? symbol, string name) => Get(symbol, name).SelectMany(Strings).ToList();

    /// <summary>Gets whether a method declares any lock-context attribute.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True when annotated.</returns>
    public static bool HasLockContract(IMethodSymbol method) => Of(method).Any(a =>
        a.AttributeClass?.Name is MustHold or MustNotHold or Acquires or Releases or CondAcquires or CondReleases);

    /// <summary>Gets whether a method declares reference ownership of its result.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True when annotated.</returns>
    public static bool HasRefContract(IMethodSymbol method) =>
        Has(method, ReturnsRef) || Has(method, Borrowed) || method.GetReturnTypeAttributes().Any(a => a.AttributeClass?.Name is ReturnsRef or Borrowed) ||
        method.Parameters.Any(p => Has(p, Consumes) || Has(p, ReleasesRef) || IsRefOut(p));

    /// <summary>Gets whether an out or ref parameter hands a counted reference to the caller ([__returns_ref] out path p).</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>True when the caller owns what the parameter holds at a successful return.</returns>
    public static bool IsRefOut(IParameterSymbol parameter) =>
        parameter.RefKind is RefKind.Out or RefKind.Ref && Has(parameter, ReturnsRef);

    /// <summary>Gets whether a method returns a counted reference ([return: __returns_ref]).</summary>
    /// <param name="method">The method.</param>
    /// <returns>True when the caller owns the result.</returns>
    public static bool ReturnsCountedRef(IMethodSymbol method) =>
        Has(method, ReturnsRef) || method.GetReturnTypeAttributes().Any(a => a.AttributeClass?.Name == ReturnsRef) || IsCleanupTake(method);

    /// <summary>Gets whether a method returns a borrowed pointer (__borrowed).</summary>
    /// <param name="method">The method.</param>
    /// <returns>True when the result must not be put.</returns>
    public static bool ReturnsBorrowed(IMethodSymbol method) =>
        Has(method, Borrowed) || method.GetReturnTypeAttributes().Any(a => a.AttributeClass?.Name == Borrowed);

    /// <summary>Gets whether a parameter drops the passed reference (__releases_ref).</summary>
    /// <param name="method">The callee.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns>True for a put parameter.</returns>
    public static bool IsPut(IMethodSymbol method, IParameterSymbol parameter) => Has(parameter, ReleasesRef);

    /// <summary>Gets whether a parameter takes over the passed reference (__consumes).</summary>
    /// <param name="method">The callee.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns>True for a consuming parameter.</returns>
    public static bool IsConsume(IMethodSymbol method, IParameterSymbol parameter) => Has(parameter, Consumes);

    /// <summary>Gets whether a parameter gets one more reference on the object passed (__gets_ref: get_pid, dget, path_get).</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>True for a get parameter.</returns>
    public static bool IsGet(IParameterSymbol parameter) => Has(parameter, GetsRef);

    /// <summary>Gets whether the method puts any of its parameters.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True for put functions.</returns>
    public static bool IsPutter(IMethodSymbol method) => method.Parameters.Any(p => Has(p, ReleasesRef));

    /// <summary>
    /// Gets the argument whose value a call returns (its parameter carries __returned: READ_ONCE, data_race,
    /// rcu_dereference and its checked forms), or null.
    /// </summary>
    /// <param name="inv">The call.</param>
    /// <returns>The argument's value, or null.</returns>
    public static IOperation? ReturnedArgument(IInvocationOperation inv)
    {
        foreach (var arg in inv.Arguments)
        {
            if (arg.Parameter != null && Has(arg.Parameter, Returned))
            {
                return arg.Value;
            }
        }

        return null;
    }

    /// <summary>Gets whether the method is one of err.h's tests (__is_err: IS_ERR, IS_ERR_OR_NULL): true means the pointer holds no object.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True for those tests.</returns>
    public static bool IsErrCheck(IMethodSymbol method) => Has(method, IsErr);

    /// <summary>Gets whether the method makes an error pointer (__err_ptr: ERR_PTR, ERR_CAST), not an object.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True for those.</returns>
    public static bool MakesErrPtr(IMethodSymbol method) => Has(method, ErrPtr);

    /// <summary>Gets whether the method makes a cleanup.h __free scope (__cleanup): its pointer argument is put when the scope ends.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True for __free.</returns>
    public static bool IsCleanup(IMethodSymbol method) => Has(method, Cleanup);

    /// <summary>Gets whether the method takes the pointer out of a __free scope (__no_free: no_free_ptr, return_ptr).</summary>
    /// <param name="method">The method.</param>
    /// <returns>True for no_free_ptr and return_ptr.</returns>
    public static bool IsCleanupTake(IMethodSymbol method) => Has(method, NoFree);

    private static LockOp? BuildLockOp(IMethodSymbol method)
    {
        foreach (var a in Of(method))
        {
            var kind = a.AttributeClass?.Name switch
            {
                Acquire => LockOpKind.Acquire,
                Release => LockOpKind.Release,
                CondAcquire => LockOpKind.TryAcquire,
                Guard => LockOpKind.Guard,
                AssertHeld => LockOpKind.AssertHeld,
                AssertNotHeld => LockOpKind.AssertNotHeld,
                _ => (LockOpKind?)null,
            };
            if (kind != null && Strings(a).FirstOrDefault() is string expr)
            {
                var heldWhen = kind != LockOpKind.TryAcquire || a.ConstructorArguments.FirstOrDefault().Value is not false;
                return new LockOp(method, kind.Value, expr, heldWhen);
            }
        }

        return null;
    }
}
