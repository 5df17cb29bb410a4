// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/slab.h. The garbage collector owns memory; what a cache does
// here is what a kernel developer asks of slab debugging: count the objects
// that are live, refuse a double free, and name what leaked. kmalloc'd
// objects are accounted in one cache per type ("kmalloc-pidfs_attr").
using System;
using System.Collections.Generic;

namespace Linux;

/// <summary>struct kmem_cache.</summary>
public sealed class kmem_cache
{
    internal readonly HashSet<object> live = new(ReferenceEqualityComparer.Instance);

    internal kmem_cache(string name) => this.name = name;

    /// <summary>Gets the cache name.</summary>
    public string name { get; }

    /// <summary>Gets the number of objects allocated and not yet freed.</summary>
    public int active_objs
    {
        get
        {
            lock (this.live)
                return this.live.Count;
        }
    }

    /// <summary>Gets the total number of allocations since boot.</summary>
    public long total_allocs { get; internal set; }
}

/// <summary>Slab allocator.</summary>
public sealed partial class vmlinux
{
    private readonly Dictionary<string, kmem_cache> slab_caches = new(StringComparer.Ordinal);
    private readonly Dictionary<object, kmem_cache> slab_owner = new(ReferenceEqualityComparer.Instance);

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
    /// <returns>The cache (the existing one if the name is taken, as slab merging would).</returns>
    public kmem_cache kmem_cache_create(string name)
    {
        lock (this.slab_caches)
        {
            if (!this.slab_caches.TryGetValue(name, out var c))
                this.slab_caches[name] = c = new kmem_cache(name);
            return c;
        }
    }

    /// <summary>kmem_cache_alloc: accounts an object built by <paramref name="ctor"/> to the cache.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="cachep">The cache.</param>
    /// <param name="ctor">Builds the zeroed object.</param>
    /// <returns>The object.</returns>
    public T kmem_cache_alloc<T>(kmem_cache cachep, Func<T> ctor)
        where T : class
    {
        var obj = ctor();
        lock (cachep.live)
        {
            cachep.live.Add(obj);
            cachep.total_allocs++;
        }

        return obj;
    }

    /// <summary>kmem_cache_free: a free of an object the cache does not hold is a BUG (double free).</summary>
    /// <param name="cachep">The cache.</param>
    /// <param name="obj">The object.</param>
    public void kmem_cache_free(kmem_cache cachep, object obj)
    {
        bool ok;
        lock (cachep.live)
            ok = cachep.live.Remove(obj);
        if (!ok)
            this.BUG($"kmem_cache_free: double free or wrong cache for {obj.GetType().Name} in {cachep.name}");
    }

    /// <summary>kzalloc: a zeroed object accounted to kmalloc-&lt;type&gt;.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <returns>The object.</returns>
    public T kzalloc<T>()
        where T : class, new()
    {
        var cache = this.kmem_cache_create("kmalloc-" + typeof(T).Name);
        var obj = this.kmem_cache_alloc(cache, () => new T());
        lock (this.slab_owner)
            this.slab_owner[obj] = cache;
        return obj;
    }

    /// <summary>kfree: NULL is a no-op; the object returns to the cache it came from.</summary>
    /// <param name="obj">The object.</param>
    public void kfree(object? obj)
    {
        if (obj == null)
            return;
        kmem_cache? c;
        lock (this.slab_owner)
            this.slab_owner.TryGetValue(obj, out c);

        /* like the kernel's kfree, it also takes an object from any kmem_cache */
        c ??= this.slab_cache_of(obj);
        if (c == null)
            this.BUG($"kfree of {obj.GetType().Name} that was not kmalloc'd or is already free");
        lock (this.slab_owner)
            this.slab_owner.Remove(obj);
        this.kmem_cache_free(c!, obj);
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
}
