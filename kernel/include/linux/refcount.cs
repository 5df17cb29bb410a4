// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/refcount.h with the kernel's semantics: an increment from
// zero warns (use after free), a decrement below zero warns (underflow), and
// a counter that overflows saturates at REFCOUNT_SATURATED and stays there,
// leaking the object rather than freeing it under a user.
using System.Threading;

namespace Linux;

/// <summary>refcount_t.</summary>
public struct refcount_t
{
    /// <summary>The counter.</summary>
    internal int refs;

    /// <summary>Initializes a new instance of the <see cref="refcount_t"/> struct (REFCOUNT_INIT).</summary>
    /// <param name="n">The initial value.</param>
    public refcount_t(int n) => this.refs = n;

    /// <inheritdoc/>
    public override readonly string ToString() => this.refs.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>refcount_t operations.</summary>
public sealed partial class vmlinux
{
    /// <summary>The value a saturated counter is pinned at (INT_MIN / 2).</summary>
    public const int REFCOUNT_SATURATED = int.MinValue / 2;

    /// <summary>refcount_set.</summary>
    /// <param name="r">The counter.</param>
    /// <param name="n">The value.</param>
    public static void refcount_set(ref refcount_t r, int n) => Volatile.Write(ref r.refs, n);

    /// <summary>refcount_read.</summary>
    /// <param name="r">The counter.</param>
    /// <returns>Its value.</returns>
    public static int refcount_read(ref refcount_t r) => Volatile.Read(ref r.refs);

    /// <summary>refcount_inc: warns on an increment from zero (the object may be freed already).</summary>
    /// <param name="r">The counter.</param>
    public void refcount_inc(ref refcount_t r) => this.refcount_add(1, ref r);

    /// <summary>refcount_add.</summary>
    /// <param name="i">How much.</param>
    /// <param name="r">The counter.</param>
    public void refcount_add(int i, ref refcount_t r)
    {
        var old = Interlocked.Add(ref r.refs, i) - i;
        if (old == 0)
            this.refcount_warn_saturate(ref r, "addition on 0; use-after-free");
        else if (old < 0 || old + i < 0)
            this.refcount_warn_saturate(ref r, "saturated; leaking memory");
    }

    /// <summary>refcount_inc_not_zero.</summary>
    /// <param name="r">The counter.</param>
    /// <returns>False if the counter was zero (nothing changed).</returns>
    public bool refcount_inc_not_zero(ref refcount_t r)
    {
        var old = Volatile.Read(ref r.refs);
        while (true)
        {
            if (old == 0)
                return false;
            var seen = Interlocked.CompareExchange(ref r.refs, old + 1, old);
            if (seen == old)
                break;
            old = seen;
        }

        if (old < 0 || old + 1 < 0)
            this.refcount_warn_saturate(ref r, "saturated; leaking memory");
        return true;
    }

    /// <summary>refcount_dec_and_test: true when this drop released the last reference.</summary>
    /// <param name="r">The counter.</param>
    /// <returns>True when the counter reached zero.</returns>
    public bool refcount_dec_and_test(ref refcount_t r) => this.refcount_sub_and_test(1, ref r);

    /// <summary>refcount_sub_and_test.</summary>
    /// <param name="i">How much.</param>
    /// <param name="r">The counter.</param>
    /// <returns>True when the counter reached zero.</returns>
    public bool refcount_sub_and_test(int i, ref refcount_t r)
    {
        var old = Volatile.Read(ref r.refs);
        if (old < 0)
        {
            /* saturated: stays saturated, never frees */
            this.refcount_warn_saturate(ref r, "decrement hit 0; leaking memory");
            return false;
        }

        var now = Interlocked.Add(ref r.refs, -i);
        if (now == 0)
            return true;
        if (now < 0)
            this.refcount_warn_saturate(ref r, "underflow; use-after-free");
        return false;
    }

    /// <summary>refcount_dec: a drop that must never be the last one.</summary>
    /// <param name="r">The counter.</param>
    public void refcount_dec(ref refcount_t r)
    {
        if (this.refcount_dec_and_test(ref r))
            this.WARN_ON_ONCE(true, "refcount_t: decrement hit 0; leaking memory");
    }

    private void refcount_warn_saturate(ref refcount_t r, string what)
    {
        Volatile.Write(ref r.refs, REFCOUNT_SATURATED);
        this.__warn("refcount_t: " + what, "refcount.c", 0);
    }
}
