// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/slab.h and the allocation hooks of mm/slub.c. The garbage
// collector owns memory; what a cache does here is what a kernel developer
// asks of slab debugging: count the objects that are live, refuse a double
// free, and name what leaked. Every allocation takes upstream's gfp_t and
// goes through slab_pre_alloc_hook, so one that may sleep is checked
// against the context (might_alloc) and any may fail (should_failslab) and
// return NULL. kmalloc'd objects are accounted in one cache per type
// ("kmalloc-pidfs_attr").
//
// Object tracking is CONFIG_DEBUG_KMEMLEAK: with it every live object is in
// its cache's set (a leak is named, a double free refused, kfree finds the
// cache of any object); without it a cache only counts its objects, as
// /proc/slabinfo does, and kfree finds the cache from the object's type.
using System;
using System.Collections.Generic;

namespace Linux;

/// <summary>struct kmem_cache.</summary>
public sealed class kmem_cache
{
#if CONFIG_DEBUG_KMEMLEAK
    internal readonly HashSet<object> live = new(ReferenceEqualityComparer.Instance);
#endif

    /* objects allocated and not yet freed */
    internal int active;
    internal long allocs;
    internal long failed;

#if !CONFIG_DEBUG_KMEMLEAK
    /* the object type last registered in slab_type_cache for this cache: a compare, not a lookup, on every allocation */
    internal Type? registered_type;
#endif

    internal kmem_cache(string name, int object_size, uint flags)
    {
        this.name = name;
        this.object_size = object_size;
        this.flags = flags;
    }

    /// <summary>Gets the cache name.</summary>
    public string name { get; }

    /// <summary>Gets the object size failslab's space knob counts (upstream's sizeof on x86-64 where known).</summary>
    public int object_size { get; }

    /// <summary>Gets the SLAB_* flags (SLAB_FAILSLAB may change: failslab_store).</summary>
    public uint flags { get; internal set; }

    /// <summary>Gets the number of objects allocated and not yet freed.</summary>
    public int active_objs => System.Threading.Volatile.Read(ref this.active);

    public long total_allocs => System.Threading.Interlocked.Read(ref this.allocs);

    /// <summary>Gets the number of allocations failslab refused.</summary>
    public long failed_allocs => System.Threading.Interlocked.Read(ref this.failed);
}

/// <summary>Slab allocator.</summary>
public sealed partial class vmlinux
{
    /// <summary>SLAB_FAILSLAB: the cache may fail when failslab's cache-filter is on.</summary>
    public const uint SLAB_FAILSLAB = 0x00000200;

    /// <summary>The size a cache gets when its creator does not say (kmalloc's smallest bucket above most port objects).</summary>
    private const int SLAB_DEFAULT_SIZE = 64;

    private readonly Dictionary<string, kmem_cache> slab_caches = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, slab_type_entry> kmalloc_caches = new();

    /* the kmalloc cache used last: the next kmalloc of the same type finds it by one compare, not a lookup */
    private slab_type_entry? kmalloc_hint;
#if !CONFIG_DEBUG_KMEMLEAK
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, slab_type_entry> slab_type_cache = new();
#endif

    /* the type-to-cache entry kfree used last (an entry never changes once added) */
    private slab_type_entry? kfree_hint;

    /// <summary>Gets every cache, in name order.</summary>
    public IReadOnlyList<kmem_cache> slabinfo
    {
        get
        {
            lock (this.slab_caches)
            {
                var list = new List<kmem_cache>(this.slab_caches.Values);
                list.Sort((a, b) => string.CompareOrdinal(a.name, b.name));
                return list;
            }
        }
    }

    /// <summary>kmem_cache_create.</summary>
    /// <param name="name">The cache name.</param>
    /// <param name="size">The object size.</param>
    /// <param name="flags">SLAB_* flags.</param>
    /// <returns>The cache (the existing one if the name is taken, as slab merging would).</returns>
    public kmem_cache kmem_cache_create(string name, int size = SLAB_DEFAULT_SIZE, uint flags = 0)
    {
        lock (this.slab_caches)
        {
            if (!this.slab_caches.TryGetValue(name, out var c))
                this.slab_caches[name] = c = new kmem_cache(name, size, flags);
            return c;
        }
    }

    /// <summary>
    /// slab_pre_alloc_hook: an allocation that may sleep is checked against the context
    /// (might_alloc), then failslab may refuse it.
    /// </summary>
    /// <param name="s">The cache.</param>
    /// <param name="flags">The allocation flags.</param>
    /// <returns>False to fail the allocation.</returns>
    private bool slab_pre_alloc_hook(kmem_cache s, gfp_t flags)
    {
        this.might_alloc(flags);
        if (this.should_failslab(s, flags) != 0)
        {
            System.Threading.Interlocked.Increment(ref s.failed);
            return false;
        }

        return true;
    }

    /// <summary>might_alloc: an allocation that may enter direct reclaim may sleep.</summary>
    /// <param name="gfp_mask">The allocation flags.</param>
    /// <param name="caller">The allocating function.</param>
    /// <param name="line">Its line.</param>
    /// <param name="file">Its file.</param>
    public void might_alloc([__might_sleep] gfp_t gfp_mask, [System.Runtime.CompilerServices.CallerMemberName] string caller = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0, [System.Runtime.CompilerServices.CallerFilePath] string file = "")
    {
        if (gfpflags_allow_blocking(gfp_mask))
            this.might_sleep(caller, line, file);
    }

    /// <summary>kmem_cache_alloc: an object built by <paramref name="ctor"/>, accounted to the cache; NULL when the allocation fails.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="cachep">The cache.</param>
    /// <param name="flags">The allocation flags, as upstream's call passes them.</param>
    /// <param name="ctor">Builds the object.</param>
    /// <returns>The object, or NULL.</returns>
    [__malloc]
    public T? kmem_cache_alloc<T>(kmem_cache cachep, gfp_t flags, Func<T> ctor)
        where T : class
    {
        if (!this.slab_pre_alloc_hook(cachep, flags))
            return null;
        return this.slab_post_alloc_hook(cachep, ctor());
    }

    /// <summary>slab_post_alloc_hook: accounts a new object to its cache (and tracks it, with kmemleak).</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="cachep">The cache.</param>
    /// <param name="obj">The new object.</param>
    /// <returns>The object.</returns>
    private T slab_post_alloc_hook<T>(kmem_cache cachep, T obj)
        where T : class
    {
#if CONFIG_DEBUG_KMEMLEAK
        lock (cachep.live)
            cachep.live.Add(obj);
#else
        /* a lock-free look first: TryAdd would take a bucket lock on every allocation */
        if (cachep.registered_type != obj.GetType())
        {
            if (!this.slab_type_cache.ContainsKey(obj.GetType()))
                this.slab_type_cache.TryAdd(obj.GetType(), new slab_type_entry(obj.GetType(), cachep));
            cachep.registered_type = obj.GetType();
        }
#endif
        System.Threading.Interlocked.Increment(ref cachep.active);
        System.Threading.Interlocked.Increment(ref cachep.allocs);
        return obj;
    }

    /// <summary>kmem_cache_zalloc: kmem_cache_alloc with __GFP_ZERO (every new object of the port is zeroed).</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="cachep">The cache.</param>
    /// <param name="flags">The allocation flags.</param>
    /// <param name="ctor">Builds the object.</param>
    /// <returns>The object, or NULL.</returns>
    [__malloc]
    public T? kmem_cache_zalloc<T>(kmem_cache cachep, gfp_t flags, Func<T> ctor)
        where T : class => this.kmem_cache_alloc(cachep, flags | gfp_t.__GFP_ZERO, ctor);

    /// <summary>kmem_cache_free: a free of an object the cache does not hold is a BUG (double free).</summary>
    /// <param name="cachep">The cache.</param>
    /// <param name="obj">The object.</param>
    public void kmem_cache_free(kmem_cache cachep, object obj)
    {
#if CONFIG_DEBUG_KMEMLEAK
        if (!kmemleak_free(cachep, obj))
            this.BUG($"kmem_cache_free: double free or wrong cache for {obj.GetType().Name} in {cachep.name}");
#endif
        this.slab_free(cachep, obj);
    }

    /* slab_free: the object leaves its cache's count; no lock may live inside it */
    private void slab_free(kmem_cache cachep, object obj)
    {
        System.Threading.Interlocked.Decrement(ref cachep.active);
        this.debug_check_no_locks_freed(obj);
    }

    /// <summary>
    /// An allocation the port accounts by count only: an object upstream has but the port
    /// represents by a count (a radix tree node: the idr keeps the tree's shape, not its nodes).
    /// It goes through the same hooks as kmem_cache_alloc, so it may fail.
    /// </summary>
    /// <param name="cachep">The cache.</param>
    /// <param name="flags">The allocation flags.</param>
    /// <returns>False when the allocation fails.</returns>
    internal bool kmem_cache_alloc_counted(kmem_cache cachep, gfp_t flags)
    {
        if (!this.slab_pre_alloc_hook(cachep, flags))
            return false;
        System.Threading.Interlocked.Increment(ref cachep.active);
        System.Threading.Interlocked.Increment(ref cachep.allocs);
        return true;
    }

    /// <summary>The free of a <see cref="kmem_cache_alloc_counted"/> object: a count going below zero is a double free.</summary>
    /// <param name="cachep">The cache.</param>
    internal void kmem_cache_free_counted(kmem_cache cachep)
    {
        if (System.Threading.Interlocked.Decrement(ref cachep.active) < 0)
            this.BUG($"kmem_cache_free: more objects freed than allocated in {cachep.name}");
    }

    /// <summary>kmalloc: an object accounted to kmalloc-&lt;type&gt;; NULL when the allocation fails.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="flags">The allocation flags.</param>
    /// <param name="ctor">Builds the object (default: its parameterless constructor).</param>
    /// <returns>The object, or NULL.</returns>
    [__malloc]
    public T? kmalloc<T>(gfp_t flags, Func<T>? ctor = null)
        where T : class, new() => this.kmalloc_obj(flags, ctor ?? (() => new T()));

    /// <summary>
    /// kmalloc(struct_size(p, member, count), flags): a structure with a flexible array member of
    /// <paramref name="count"/> elements, accounted to kmalloc-&lt;type&gt;; NULL when the allocation fails.
    /// </summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="flags">The allocation flags.</param>
    /// <param name="ctor">Builds the object for a count (a static lambda: the count is passed, not captured, so the call allocates nothing but the object).</param>
    /// <param name="count">The flexible array's length.</param>
    /// <returns>The object, or NULL.</returns>
    [__malloc]
    public T? kmalloc<T>(gfp_t flags, Func<int, T> ctor, int count)
        where T : class
    {
        var cache = this.kmalloc_cache(typeof(T));
        if (!this.slab_pre_alloc_hook(cache, flags))
            return null;
        return this.slab_post_alloc_hook(cache, ctor(count));
    }

    /// <summary>kzalloc(struct_size(p, member, count), flags): the flexible-array kmalloc with __GFP_ZERO.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="flags">The allocation flags.</param>
    /// <param name="ctor">Builds the object for a count.</param>
    /// <param name="count">The flexible array's length.</param>
    /// <returns>The object, or NULL.</returns>
    [__malloc]
    public T? kzalloc<T>(gfp_t flags, Func<int, T> ctor, int count)
        where T : class => this.kmalloc(flags | gfp_t.__GFP_ZERO, ctor, count);

    /// <summary>kmemdup: a kmalloc'd copy made by <paramref name="copy"/>; NULL when the allocation fails.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="copy">Makes the copy.</param>
    /// <param name="flags">The allocation flags.</param>
    /// <returns>The copy, or NULL.</returns>
    public T? kmemdup<T>(Func<T> copy, gfp_t flags)
        where T : class => this.kmalloc_obj(flags, copy);

    /// <summary>kzalloc: kmalloc with __GFP_ZERO.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="flags">The allocation flags.</param>
    /// <param name="ctor">Builds the object (default: its parameterless constructor).</param>
    /// <returns>The object, or NULL.</returns>
    [__malloc]
    public T? kzalloc<T>(gfp_t flags, Func<T>? ctor = null)
        where T : class, new() => this.kmalloc(flags | gfp_t.__GFP_ZERO, ctor);

    /// <summary>kvmalloc: kmalloc here (the vmalloc fallback is not modelled).</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="flags">The allocation flags.</param>
    /// <param name="ctor">Builds the object.</param>
    /// <returns>The object, or NULL.</returns>
    public T? kvmalloc<T>(gfp_t flags, Func<T>? ctor = null)
        where T : class, new() => this.kmalloc(flags, ctor);

    /// <summary>kfree: NULL is a no-op; the object returns to the cache it came from.</summary>
    /// <param name="obj">The object.</param>
    public void kfree(object? obj)
    {
        if (obj == null)
            return;
#if CONFIG_DEBUG_KMEMLEAK
        /*
         * kmemleak knows every live object: the kmalloc cache of the object's
         * type, if it holds the object, gives it up in one removal; otherwise
         * any cache that holds it (like the kernel's kfree, it also takes an
         * object from a kmem_cache), and none is a double free.
         */
        var c = cache_of_type(ref this.kfree_hint, obj.GetType(), this.kmalloc_caches);
        if (c == null || !kmemleak_free(c, obj))
        {
            c = this.slab_cache_of(obj);
            if (c == null || !kmemleak_free(c, obj))
                this.BUG($"kfree of {obj.GetType().Name} that was not kmalloc'd or is already free");
        }

        this.slab_free(c!, obj);
#else
        /* the cache that first allocated an object of this type (the kernel reads it from the slab page) */
        var c = cache_of_type(ref this.kfree_hint, obj.GetType(), this.slab_type_cache);
        if (c == null)
            this.BUG($"kfree of {obj.GetType().Name} that was never allocated from a cache");
        this.kmem_cache_free(c!, obj);
#endif
    }

    /* a type's cache in a type-keyed table, by one compare with the entry its caller found last (hint) */
    private static kmem_cache? cache_of_type(ref slab_type_entry? hint, Type type, System.Collections.Concurrent.ConcurrentDictionary<Type, slab_type_entry> table)
    {
        var e = hint;
        if (e == null || e.type != type)
        {
            if (!table.TryGetValue(type, out e))
                return null;
            hint = e;
        }

        return e.cache;
    }

    /// <summary>DEFINE_FREE(kfree): the cleanup of __free(kfree).</summary>
    /// <param name="kernel">The kernel.</param>
    /// <param name="obj">The object.</param>
    public static void kfree(vmlinux kernel, object obj) => kernel.kfree(obj);

    /// <summary>kstrdup: a private copy of <paramref name="s"/> (its own string instance, accounted to kmalloc-char); NULL when the allocation fails.</summary>
    /// <param name="s">The string (NULL gives NULL).</param>
    /// <param name="gfp">The allocation flags.</param>
    /// <returns>The copy, or NULL.</returns>
    public string? kstrdup(string? s, gfp_t gfp)
    {
        if (s == null)
            return null;
        var cache = this.kmalloc_cache(typeof(string));
        return this.kmem_cache_alloc(cache, gfp, () => new string(s.AsSpan()));
    }

    /// <summary>kvmalloc_array: an array made by <paramref name="ctor"/>, accounted like kvmalloc; NULL when the allocation fails.</summary>
    /// <typeparam name="T">The array type.</typeparam>
    /// <param name="flags">The allocation flags.</param>
    /// <param name="ctor">Makes the array.</param>
    /// <returns>The array, or NULL.</returns>
    public T? kvmalloc_array<T>(gfp_t flags, Func<T> ctor)
        where T : class => this.kmalloc_obj(flags, ctor);

    /// <summary>kvfree: kfree.</summary>
    /// <param name="obj">The object.</param>
    public void kvfree(object? obj) => this.kfree(obj);

    private T? kmalloc_obj<T>(gfp_t flags, Func<T> ctor)
        where T : class
    {
        var cache = this.kmalloc_cache(typeof(T));
        return this.kmem_cache_alloc(cache, flags, ctor);
    }

    /* the kmalloc cache of a type, created once: no name is built, and no delegate made, per allocation */
    private kmem_cache kmalloc_cache(Type type) =>
        cache_of_type(ref this.kmalloc_hint, type, this.kmalloc_caches)
            ?? (this.kmalloc_hint = this.kmalloc_caches.GetOrAdd(type, static (t, k) => new slab_type_entry(t, k.kmem_cache_create(t == typeof(string) ? "kmalloc-char" : "kmalloc-" + t.Name)), this)).cache;

    /* a type and its cache: the value of the type-keyed tables, and what their hints hold */
    private sealed class slab_type_entry(Type type, kmem_cache cache)
    {
        public readonly Type type = type;
        public readonly kmem_cache cache = cache;
    }

#if CONFIG_DEBUG_KMEMLEAK
    /* kmemleak_free: the cache forgets a freed object; false when it did not hold it */
    private static bool kmemleak_free(kmem_cache cachep, object obj)
    {
        lock (cachep.live)
            return cachep.live.Remove(obj);
    }

    private kmem_cache? slab_cache_of(object obj)
    {
        foreach (var cache in this.slabinfo)
        {
            lock (cache.live)
            {
                if (cache.live.Contains(obj))
                    return cache;
            }
        }

        return null;
    }
#endif
}
