// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/compiler.h: data_race(expr), the kernel's mark for an access
// that races on purpose (a warning that tolerates a stale value, a heuristic
// that is rechecked under the lock). KCSAN does not report what it wraps, and
// neither do the analyzers: a read of a __guarded_by field inside data_race()
// needs no lock. Unlike READ_ONCE it gives no ordering and no tearing
// guarantee, so it is for plain reads whose value is only advisory.
namespace Linux;

/// <summary>compiler.h.</summary>
public sealed partial class vmlinux
{
    /// <summary>data_race(expr): the value of an expression read racily on purpose.</summary>
    /// <typeparam name="T">The expression's type.</typeparam>
    /// <param name="expr">The expression (evaluated by the caller).</param>
    /// <returns>Its value.</returns>
    public static T data_race<T>([__returned][__data_racy] T expr) => expr;
}
