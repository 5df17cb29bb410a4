// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.CodeAnalysis;

namespace Pidfs.Analyzers;

/// <summary>Every diagnostic the kernel analyzers report, in one place.</summary>
public static class Descriptors
{
    /// <summary>The category of every kernel diagnostic.</summary>
    public const string Category = "Kernel";

    /// <summary>Where the doc pages live, relative to the repository root.</summary>
    public const string HelpRoot = "analyzers/docs/";

    /// <summary>KRN1001: a lock acquired in the function is still held when it returns.</summary>
    public static readonly DiagnosticDescriptor LockHeldAtReturn = new DiagnosticDescriptor(
        "KRN1001",
        "Lock still held at return",
        "'{0}' acquired here is still held when '{1}' returns {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every lock a function acquires must be released on every path out of it, unless the function is declared __acquires.",
        helpLinkUri: HelpRoot + "KRN1001.md");

    /// <summary>KRN1002: acquiring a lock that is already held.</summary>
    public static readonly DiagnosticDescriptor DoubleAcquire = new DiagnosticDescriptor(
        "KRN1002",
        "Lock acquired twice",
        "Acquiring '{0}' that is already held (acquired at line {1})",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A spinlock, rwlock writer or mutex taken twice by the same context deadlocks (lockdep: possible recursive locking).",
        helpLinkUri: HelpRoot + "KRN1002.md");

    /// <summary>KRN1003: releasing a lock that is not held.</summary>
    public static readonly DiagnosticDescriptor ReleaseNotHeld = new DiagnosticDescriptor(
        "KRN1003",
        "Release of a lock that is not held",
        "Releasing '{0}' that is not held{1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Releasing a lock that is not held corrupts the lock (lockdep: bad unlock balance detected).",
        helpLinkUri: HelpRoot + "KRN1003.md");

    /// <summary>KRN1004: calling a __must_hold function without the lock.</summary>
    public static readonly DiagnosticDescriptor MustHold = new DiagnosticDescriptor(
        "KRN1004",
        "Call requires a lock that is not held",
        "Calling '{0}' requires holding '{1}'{2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The callee is declared __must_hold (or was inferred to need the lock); the caller must hold the lock at the call.",
        helpLinkUri: HelpRoot + "KRN1004.md");

    /// <summary>KRN1005: calling a __must_not_hold function with the lock held.</summary>
    public static readonly DiagnosticDescriptor MustNotHold = new DiagnosticDescriptor(
        "KRN1005",
        "Call forbidden while a lock is held",
        "Calling '{0}' while holding '{1}', which it must not be called with{2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The callee is declared __must_not_hold (lockdep_assert_not_held): calling it with the lock held deadlocks or breaks its contract.",
        helpLinkUri: HelpRoot + "KRN1005.md");

    /// <summary>KRN1006: access to a __guarded_by field without its lock.</summary>
    public static readonly DiagnosticDescriptor GuardedAccess = new DiagnosticDescriptor(
        "KRN1006",
        "Guarded field accessed without its lock",
        "{0} '{1}' requires holding '{2}'",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A field declared __guarded_by may be read or written only with its lock held.",
        helpLinkUri: HelpRoot + "KRN1006.md");

    /// <summary>KRN1007: reader and writer forms of a rwlock mixed up.</summary>
    public static readonly DiagnosticDescriptor ReadWriteMismatch = new DiagnosticDescriptor(
        "KRN1007",
        "Reader/writer form mismatch",
        "'{0}' is held for {1}, but {2} needs it held for {3}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A rwlock_t taken with read_lock must be released with read_unlock, and writes need the write lock.",
        helpLinkUri: HelpRoot + "KRN1007.md");

    /// <summary>KRN1008: a function that may sleep is called in atomic context.</summary>
    public static readonly DiagnosticDescriptor SleepInAtomic = new DiagnosticDescriptor(
        "KRN1008",
        "Sleeping call in atomic context",
        "Calling '{0}', which may sleep, while holding '{1}'{2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Functions that may sleep (might_sleep, __might_sleep, mutex_lock and rw_semaphore acquisitions, allocations whose gfp mask allows direct reclaim such as GFP_KERNEL, and anything that calls them) must not be called with a spinlock, rwlock or the RCU read side held.",
        helpLinkUri: HelpRoot + "KRN1008.md");

    /// <summary>KRN1009: the function's declared lock contract does not hold at return.</summary>
    public static readonly DiagnosticDescriptor ContractAtReturn = new DiagnosticDescriptor(
        "KRN1009",
        "Lock contract not met at return",
        "'{0}' must hold '{1}' when it returns ({2}), but does not {3}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A function declared __acquires or __must_hold must return with the lock held on every path.",
        helpLinkUri: HelpRoot + "KRN1009.md");

    /// <summary>KRN1012: a conditional lock contract (__cond_acquires, __cond_releases) does not hold at a return.</summary>
    public static readonly DiagnosticDescriptor CondContractAtReturn = new DiagnosticDescriptor(
        "KRN1012",
        "Conditional lock contract not met at return",
        "'{0}' returns {3} against its contract on '{1}' ({2}): {4}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A function declared __cond_acquires(ret, x) must return holding x exactly when its result's truth (nonzero, non-null, true) is ret; one declared __cond_releases(ret, x) must have released x exactly then.",
        helpLinkUri: HelpRoot + "KRN1012.md");

    /// <summary>KRN1013: an object that may already be visible to others is passed to an __unpublished parameter.</summary>
    public static readonly DiagnosticDescriptor NotUnpublished = new DiagnosticDescriptor(
        "KRN1013",
        "Published object initialised without its locks",
        "'{0}' initialises its parameter '{1}' without locks (__unpublished), but '{2}' may already be visible to others: pass an object allocated here and not yet stored or handed on",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A function whose parameter is __unpublished writes the object's guarded fields without their locks, as the kernel does between allocation and publication; it may only be given an object nobody else can reach yet.",
        helpLinkUri: HelpRoot + "KRN1013.md");

    /// <summary>KRN2001: lock acquired against the declared lock order.</summary>
    public static readonly DiagnosticDescriptor LockOrder = new DiagnosticDescriptor(
        "KRN2001",
        "Lock order violation",
        "Acquiring '{0}' while holding '{1}' inverts the declared lock order '{2}' -> '{3}'{4}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "lock_order declares which lock may be taken under which; taking an outer lock while holding an inner one can deadlock.",
        helpLinkUri: HelpRoot + "KRN2001.md");

    /// <summary>KRN2002: a cycle in the whole-program lock dependency graph.</summary>
    public static readonly DiagnosticDescriptor LockCycle = new DiagnosticDescriptor(
        "KRN2002",
        "Possible circular locking dependency",
        "Possible circular locking dependency: {0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The lock dependency graph inferred for the whole program has a cycle: two paths take the same locks in opposite orders and can deadlock.",
        helpLinkUri: HelpRoot + "KRN2002.md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>KRN3001: a counted reference is leaked.</summary>
    public static readonly DiagnosticDescriptor RefLeak = new DiagnosticDescriptor(
        "KRN3001",
        "Counted reference leaked",
        "Reference from '{0}' is leaked {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A counted reference (get_pid, find_get_pid, get_pid_task, dget, fget, ...) must be put, returned or consumed on every path.",
        helpLinkUri: HelpRoot + "KRN3001.md");

    /// <summary>KRN3002: a reference is put twice.</summary>
    public static readonly DiagnosticDescriptor RefDoublePut = new DiagnosticDescriptor(
        "KRN3002",
        "Reference put twice",
        "'{0}' is put twice (first put at line {1})",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Putting a reference twice drops somebody else's reference and leads to a use after free.",
        helpLinkUri: HelpRoot + "KRN3002.md");

    /// <summary>KRN3003: a reference is used after it was put or consumed.</summary>
    public static readonly DiagnosticDescriptor RefUseAfterPut = new DiagnosticDescriptor(
        "KRN3003",
        "Reference used after put",
        "'{0}' is used after its reference was {1} at line {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "After put or after being passed to a consuming parameter, the caller no longer owns the object and must not touch it.",
        helpLinkUri: HelpRoot + "KRN3003.md");

    /// <summary>KRN3004: a borrowed reference is put.</summary>
    public static readonly DiagnosticDescriptor RefPutBorrowed = new DiagnosticDescriptor(
        "KRN3004",
        "Borrowed reference put or handed on as owned",
        "'{0}' holds a borrowed reference from '{1}' and must not be {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A borrowed pointer (pidfd_pid's result, a parameter the function does not consume) carries no reference: putting it, handing it to a __consumes parameter or returning it from a [return: __returns_ref] function drops or gives away the owner's reference.",
        helpLinkUri: HelpRoot + "KRN3004.md");

    /// <summary>KRN4001: a put whose release path takes a lock is called under a conflicting lock.</summary>
    public static readonly DiagnosticDescriptor ReleasePathLock = new DiagnosticDescriptor(
        "KRN4001",
        "Release path takes a lock that conflicts with a held lock",
        "'{0}' may drop the last reference and take '{1}' on its release path while '{2}' is held{3}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A put that may drop the last reference runs a release path that takes a lock; calling it while holding that lock or one ordered after it can deadlock.",
        helpLinkUri: HelpRoot + "KRN4001.md");

    /// <summary>KRN1010: a contract attribute names no lock.</summary>
    public static readonly DiagnosticDescriptor UnknownLock = new DiagnosticDescriptor(
        "KRN1010",
        "Contract names no lock",
        "'{0}' in [{1}] names no lock: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every lock expression of a contract (__must_hold, __acquires, __guarded_by, lock_order, ...) must name a parameter or global plus a field path, a declared lock class, or rcu.",
        helpLinkUri: HelpRoot + "KRN1010.md");

    /// <summary>KRN1011: a lock is held on some paths into a join and not on others.</summary>
    public static readonly DiagnosticDescriptor PartialAtJoin = new DiagnosticDescriptor(
        "KRN1011",
        "Lock held on some paths only",
        "'{0}' is held on some paths into this point and not on others (acquired at line {1}){2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Where control flow joins (a label, the end of an if or a loop), every incoming path must agree on the held locks; conditional locking needs a declared contract (__cond_acquires, __cond_releases).",
        helpLinkUri: HelpRoot + "KRN1011.md");

    /// <summary>KRN2003: two lock classes that must never nest are nested.</summary>
    public static readonly DiagnosticDescriptor NeverNest = new DiagnosticDescriptor(
        "KRN2003",
        "Locks that must never nest are nested",
        "'{0}' is taken while '{1}' is held (held since {2}){3}; the lock hierarchy declares that they never nest",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "lock_never_nest declares lock classes that are never held together, in either order (tasklist_lock and pidmap_lock since v6.15).",
        helpLinkUri: HelpRoot + "KRN2003.md");

    /// <summary>KRN2004: a nesting the lock hierarchy does not declare.</summary>
    public static readonly DiagnosticDescriptor UndeclaredNesting = new DiagnosticDescriptor(
        "KRN2004",
        "Lock nesting not declared in the hierarchy",
        "'{0}' is taken while '{1}' is held{2}, but the lock hierarchy does not declare '{1}' -> '{0}'",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every nesting of two lock classes must be covered by the declared hierarchy (lock_order), so the hierarchy documents every order the code uses.",
        helpLinkUri: HelpRoot + "KRN2004.md");

    /// <summary>KRN9001: the analysis could not finish a method.</summary>
    public static readonly DiagnosticDescriptor NotAnalysed = new DiagnosticDescriptor(
        "KRN9001",
        "Method could not be analysed",
        "The kernel analyzers could not finish '{0}': {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The analysis gave up on the method (an internal error or the step limit); no rule was checked in it, so the build fails instead of staying silent.",
        helpLinkUri: HelpRoot + "KRN9001.md");
}
