// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/err.h. In C an error travels inside a pointer whose value
// is in the last page of the address space. Here ERR_PTR(-E) returns, for
// each pointer type, one fixed instance per errno that is never a real
// object: it is made without running a constructor, and IS_ERR recognises
// it by identity. So a pointer-typed field can hold an error (pid->attr =
// PIDFS_PID_DEAD) exactly as in C.
//
// IS_ERR is on every path (each allocation, each lookup), so it must cost
// what the kernel's compare costs, not a hash: it never asks a valid object
// for its identity hash (that would write the object's header, on every new
// object). An error pointer of type T has runtime type T (ERR_PTR<T> makes
// it), so IS_ERR of a T first compares types, then looks through the few
// error pointers made for that type.
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Linux;

/// <summary>ERR_PTR and friends.</summary>
public sealed partial class vmlinux
{
    /// <summary>The largest errno an error pointer can carry.</summary>
    public const int MAX_ERRNO = 4095;

    private static readonly ConcurrentDictionary<object, long> err_ptrs = new(ReferenceEqualityComparer.Instance);

    /* the error pointers made so far, per runtime type (for IS_ERR of a pointer whose static type is a base type) */
    private static readonly ConcurrentDictionary<System.Type, object[]> err_ptrs_by_type = new();

    /// <summary>ERR_PTR(error): an error pointer of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The pointer's type.</typeparam>
    /// <param name="error">A negative errno.</param>
    /// <returns>The error pointer.</returns>
    [__err_ptr]
    public static T ERR_PTR<T>(long error)
        where T : class => err_ptr_cache<T>.get(error);

    /// <summary>IS_ERR(ptr): is this an error pointer?</summary>
    /// <typeparam name="T">The pointer's static type.</typeparam>
    /// <param name="ptr">The pointer.</param>
    /// <returns>True for an error pointer.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [__is_err]
    public static bool IS_ERR<T>([NotNullWhen(true)] T? ptr)
        where T : class => ptr != null && is_err_ptr(ptr);

    /// <summary>IS_ERR(ptr) of an untyped pointer (a NULL literal, an object): looked up by the runtime type.</summary>
    /// <param name="ptr">The pointer.</param>
    /// <returns>True for an error pointer.</returns>
    [__is_err]
    public static bool IS_ERR([NotNullWhen(true)] object? ptr) => ptr != null && is_err_ptr(ptr);

    /// <summary>IS_ERR_OR_NULL(ptr) of an untyped pointer (a NULL literal, an object).</summary>
    /// <param name="ptr">The pointer.</param>
    /// <returns>True for NULL or an error pointer.</returns>
    [__is_err]
    public static bool IS_ERR_OR_NULL([NotNullWhen(false)] object? ptr) => ptr == null || is_err_ptr(ptr);

    /// <summary>IS_ERR_OR_NULL(ptr).</summary>
    /// <typeparam name="T">The pointer's static type.</typeparam>
    /// <param name="ptr">The pointer.</param>
    /// <returns>True for NULL or an error pointer.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [__is_err]
    public static bool IS_ERR_OR_NULL<T>([NotNullWhen(false)] T? ptr)
        where T : class => ptr == null || is_err_ptr(ptr);

    /// <summary>PTR_ERR(ptr): the errno an error pointer carries (0 is returned for a valid pointer, where C would return its address).</summary>
    /// <param name="ptr">The pointer.</param>
    /// <returns>The negative errno.</returns>
    public static long PTR_ERR([__borrowed] object? ptr) => ptr != null && is_err_ptr(ptr) && err_ptrs.TryGetValue(ptr, out var e) ? e : 0;

    /// <summary>PTR_ERR_OR_ZERO(ptr).</summary>
    /// <param name="ptr">The pointer.</param>
    /// <returns>The negative errno, or 0.</returns>
    public static int PTR_ERR_OR_ZERO([__borrowed] object? ptr) => (int)PTR_ERR(ptr);

    /// <summary>ERR_CAST(ptr): the same error as a pointer of another type.</summary>
    /// <typeparam name="T">The new pointer type.</typeparam>
    /// <param name="ptr">An error pointer.</param>
    /// <returns>The error pointer of type T.</returns>
    [__err_ptr]
    public static T ERR_CAST<T>(object ptr)
        where T : class => ERR_PTR<T>(PTR_ERR(ptr));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool is_err_ptr<T>(T ptr)
        where T : class
    {
        if (ptr.GetType() == typeof(T))
            return in_list(READ_ONCE(ref err_ptr_cache<T>.made), ptr);
        return err_ptrs_by_type.TryGetValue(ptr.GetType(), out var made) && in_list(made, ptr);
    }

    private static bool in_list(object[] made, object ptr)
    {
        foreach (var e in made)
        {
            if (ReferenceEquals(e, ptr))
                return true;
        }

        return false;
    }

    private static class err_ptr_cache<T>
        where T : class
    {
        private static readonly T?[] cache = new T?[MAX_ERRNO + 1];

        /* every error pointer of this type made so far (copied on write: readers take no lock) */
        internal static object[] made = [];

        internal static T get(long error)
        {
            var e = (int)-error;
            if (e <= 0 || e > MAX_ERRNO)
                throw new kernel_bug($"ERR_PTR({error}) out of range");
            var p = READ_ONCE(ref cache[e]);
            if (p != null)
                return p;
            lock (cache)
            {
                p = cache[e];
                if (p == null)
                {
                    /* an array cannot be made uninitialised: a fresh empty one is as unique */
                    p = typeof(T).IsArray
                        ? (T)(object)System.Array.CreateInstance(typeof(T).GetElementType()!, 0)
                        : (T)RuntimeHelpers.GetUninitializedObject(typeof(T));
                    err_ptrs[p] = error;
                    object[] more = [.. made, p];
                    err_ptrs_by_type[typeof(T)] = more;
                    WRITE_ONCE(ref made, more);
                    WRITE_ONCE(ref cache[e], p);
                }

                return p;
            }
        }
    }
}
