// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/list.h and rculist.h: intrusive circular lists (list_head)
// and hash lists (hlist_head/hlist_node). Heads and nodes are embedded in
// the structures that own them, as upstream's; a pointer to one names the
// structure and which of its heads or nodes it is, so list_entry() and
// hlist_entry() are the structure itself.
//
// A head or node is two references, as upstream's is two pointers; which
// head of the pointed-at structure a pointer means is a byte the structure
// keeps apart (list_head_slot, hlist_node_slot), where it does not pad every
// link out by a word. A pointer and its head number are two stores, as they
// were when they sat side by side, so no walk may take the pair from the
// middle of an update, and none does: the walks that run under RCU alone
// (pid_task's hlist_first_rcu, hlist_entries) follow first and next, one
// reference each, and take the node number from the head (its member), and
// only writers, under the list's lock, read pprev's head number. list_head
// lists are walked under their locks (tasklist_lock, siglock).
//
// The _rcu deletions are upstream's: a deleted entry keeps its forward
// pointer, so a reader standing on it still reaches the rest of the list,
// and its back pointer is poisoned (LIST_POISON2), so a writer that follows
// it fails at once instead of corrupting a list.
using System.Collections.Generic;

namespace Linux;

/// <summary>A structure that embeds list heads: it hands out the storage of its head number <c>index</c>.</summary>
public interface list_head_container
{
    /// <summary>The storage of an embedded list head.</summary>
    /// <param name="index">Which of the structure's list heads.</param>
    /// <returns>References to its next and prev pointers and to their head numbers.</returns>
    list_head_slot list_head_at(int index);
}

/// <summary>
/// The pointers of an embedded struct list_head: next and prev, each the structure embedding the head it
/// points at. Exactly two references, as upstream's head is two pointers: the numbers of the heads they
/// point at (<see cref="list_head_index"/>) are kept apart, packed with the structure's other small fields,
/// so that they do not pad every head out by a word. A structure keeps one of each per list_head member.
/// </summary>
public struct list_head_links
{
    internal list_head_container? next;
    internal list_head_container? prev;
}

/// <summary>
/// Which heads of their structures <see cref="list_head_links"/>' next and prev point at, for a structure
/// that keeps them in an array. One byte each, stored on their own (never as bits of a shared word): the heads
/// of one structure sit on lists that different locks guard, so a read-modify-write of a shared word could
/// lose another list's update.
/// </summary>
public struct list_head_index
{
    internal byte next;
    internal byte prev;
}

/// <summary>
/// What <see cref="list_head_container.list_head_at"/> hands out: references to one embedded head's pointers
/// and to their head numbers, which the structure stores apart (two byte fields beside its other small ones,
/// or a <see cref="list_head_index"/> of an array).
/// </summary>
public readonly ref struct list_head_slot
{
    internal readonly ref list_head_links links;
    internal readonly ref byte next_index;
    internal readonly ref byte prev_index;

    /// <summary>Initializes a new instance of the <see cref="list_head_slot"/> struct.</summary>
    /// <param name="links">The head's pointers.</param>
    /// <param name="next_index">The number of the head next points at.</param>
    /// <param name="prev_index">The number of the head prev points at.</param>
    public list_head_slot(ref list_head_links links, ref byte next_index, ref byte prev_index)
    {
        this.links = ref links;
        this.next_index = ref next_index;
        this.prev_index = ref prev_index;
    }

    /// <summary>Initializes a new instance of the <see cref="list_head_slot"/> struct.</summary>
    /// <param name="links">The head's pointers.</param>
    /// <param name="index">Their head numbers.</param>
    public list_head_slot(ref list_head_links links, ref list_head_index index)
        : this(ref links, ref index.next, ref index.prev)
    {
    }
}

/// <summary>
/// A <c>struct list_head *</c>: names a list head embedded in a structure (its container and its
/// number there), as <see cref="hlist_head"/> names an embedded hlist head. The container is what
/// list_entry() returns.
/// </summary>
public readonly struct list_head : System.IEquatable<list_head>
{
    internal readonly list_head_container container;
    internal readonly int index;

    /// <summary>Initializes a new instance of the <see cref="list_head"/> struct.</summary>
    /// <param name="container">The structure embedding the head.</param>
    /// <param name="index">Which of its heads.</param>
    public list_head(list_head_container container, int index)
    {
        this.container = container;
        this.index = index;
    }

    /// <summary>Gets the embedding structure (list_entry / container_of).</summary>
    public object owner => this.container;

    /// <summary>Gets or sets the next head.</summary>
    public list_head next
    {
        get
        {
            var l = this.container.list_head_at(this.index);
            return new(l.links.next!, l.next_index);
        }

        set
        {
            var l = this.container.list_head_at(this.index);
            l.links.next = value.container;
            l.next_index = (byte)value.index;
        }
    }

    /// <summary>Gets or sets the previous head.</summary>
    public list_head prev
    {
        get
        {
            var l = this.container.list_head_at(this.index);
            return new(l.links.prev!, l.prev_index);
        }

        set
        {
            var l = this.container.list_head_at(this.index);
            l.links.prev = value.container;
            l.prev_index = (byte)value.index;
        }
    }

    /// <summary>Pointer equality.</summary>
    /// <param name="left">One head.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when both name the same head.</returns>
    public static bool operator ==(list_head left, list_head right) => left.Equals(right);

    /// <summary>Pointer inequality.</summary>
    /// <param name="left">One head.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when they name different heads.</returns>
    public static bool operator !=(list_head left, list_head right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(list_head other) => ReferenceEquals(this.container, other.container) && this.index == other.index;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is list_head h && this.Equals(h);

    /// <inheritdoc/>
    public override int GetHashCode() => System.HashCode.Combine(this.container, this.index);
}

/// <summary>LIST_HEAD(name): a list head of its own, not inside a structure (upstream's on the stack).</summary>
internal sealed class list_head_on_stack : list_head_container
{
    private list_head_links links;
    private byte next_index;
    private byte prev_index;

    /// <inheritdoc/>
    public list_head_slot list_head_at(int index) => new(ref this.links, ref this.next_index, ref this.prev_index);
}

/// <summary>
/// LIST_POISON2: what a deleted entry's back pointer (a list_head's prev, an hlist_node's pprev) is left
/// pointing at. Upstream's poison is an address that faults; following this one throws, so a writer that
/// touches an entry it already deleted stops there instead of corrupting a list.
/// </summary>
internal sealed class list_poison : list_head_container, hlist_node_container, hlist_head_container
{
    /// <inheritdoc/>
    public list_head_slot list_head_at(int index) => throw poisoned();

    /// <inheritdoc/>
    public hlist_node_slot hlist_node_at(int index) => throw poisoned();

    /// <inheritdoc/>
    public ref hlist_node_container? hlist_head_first(int index) => throw poisoned();

    /// <inheritdoc/>
    public override string ToString() => "LIST_POISON2";

    private static System.InvalidOperationException poisoned() =>
        new("LIST_POISON2 followed: a list pointer of an entry deleted with an _rcu deletion was used");
}

/// <summary>A structure that embeds hlist heads: it hands out the first-node pointer of its head number <c>index</c>.</summary>
public interface hlist_head_container
{
    /// <summary>The <c>first</c> pointer of an embedded head: the structure whose node is first (see <see cref="hlist_head"/>).</summary>
    /// <param name="index">Which of the structure's heads.</param>
    /// <returns>A reference to the head's first pointer.</returns>
    ref hlist_node_container? hlist_head_first(int index);
}

/// <summary>A structure that embeds hlist nodes: it hands out the storage of its node number <c>index</c>.</summary>
public interface hlist_node_container
{
    /// <summary>The storage of an embedded node.</summary>
    /// <param name="index">Which of the structure's nodes.</param>
    /// <returns>References to its next and pprev pointers and to pprev's head number.</returns>
    hlist_node_slot hlist_node_at(int index);
}

/// <summary>
/// A <c>struct hlist_head *</c>. The head itself, one pointer, is embedded in the structure that owns
/// it (as upstream embeds it: struct pid's tasks[] and inodes); this value names where it is, so that
/// a node can find its head again (the C pprev of the first node). It also names which node of its
/// entries links the list (<see cref="member"/>, what C's hlist_entry and hlist_for_each_entry name):
/// a list links one member of its entries, so a pointer to the next entry needs only the entry.
/// </summary>
public readonly struct hlist_head : System.IEquatable<hlist_head>
{
    internal readonly hlist_head_container? container;
    internal readonly int index;
    internal readonly int member;

    /// <summary>Initializes a new instance of the <see cref="hlist_head"/> struct.</summary>
    /// <param name="container">The structure embedding the head.</param>
    /// <param name="index">Which of its heads.</param>
    /// <param name="member">Which node of each entry links this list.</param>
    public hlist_head(hlist_head_container container, int index, int member)
    {
        this.container = container;
        this.index = index;
        this.member = member;
    }

    /// <summary>Gets a value indicating whether this names no head (a node on no list).</summary>
    public bool is_null => this.container == null;

    /// <summary>Gets the first entry (a reference into the embedding structure): its node <see cref="member"/> is the first node.</summary>
    public ref hlist_node_container? first => ref this.container!.hlist_head_first(this.index);

    /// <inheritdoc/>
    public bool Equals(hlist_head other) => ReferenceEquals(this.container, other.container) && this.index == other.index;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is hlist_head h && this.Equals(h);

    /// <inheritdoc/>
    public override int GetHashCode() => System.HashCode.Combine(this.container, this.index);
}

/// <summary>
/// The pointers of an embedded struct hlist_node: next, and pprev, what holds the pointer to this node.
/// Both name entries, not nodes: the next entry's node of the same number follows this one. Exactly two
/// references, as upstream's node is two pointers: pprev's head number is kept apart (see
/// <see cref="hlist_node_slot"/>), packed with the structure's other small fields.
/// </summary>
public struct hlist_node_links
{
    /* the next entry, or NULL */
    internal hlist_node_container? next;

    /*
     * pprev: the previous entry (its node of this number has the next pointer to this one), or,
     * for the first node, the structure embedding the head, with the slot's pprev_index the head's
     * number; NULL when the node is on no list.
     */
    internal object? pprev;
}

/// <summary>
/// What <see cref="hlist_node_container.hlist_node_at"/> hands out: references to one embedded node's
/// pointers and to pprev's head number (<see cref="hlist_node.PPREV_ENTRY"/> when pprev is the previous
/// entry), which the structure stores apart, a byte per node. Only writers, under the list's lock, read
/// pprev_index; a lockless reader follows next (and a head's first), one reference each.
/// </summary>
public readonly ref struct hlist_node_slot
{
    internal readonly ref hlist_node_links links;
    internal readonly ref sbyte pprev_index;

    /// <summary>Initializes a new instance of the <see cref="hlist_node_slot"/> struct.</summary>
    /// <param name="links">The node's pointers.</param>
    /// <param name="pprev_index">pprev's head number.</param>
    public hlist_node_slot(ref hlist_node_links links, ref sbyte pprev_index)
    {
        this.links = ref links;
        this.pprev_index = ref pprev_index;
    }
}

/// <summary>A <c>struct hlist_node *</c>: names a node embedded in a structure (its container and its number there).</summary>
public readonly struct hlist_node
{
    /* pprev_index when pprev is the previous entry rather than a head */
    internal const int PPREV_ENTRY = -1;

    internal readonly hlist_node_container container;
    internal readonly int index;

    /// <summary>Initializes a new instance of the <see cref="hlist_node"/> struct.</summary>
    /// <param name="container">The structure embedding the node.</param>
    /// <param name="index">Which of its nodes.</param>
    public hlist_node(hlist_node_container container, int index)
    {
        this.container = container;
        this.index = index;
    }

    /// <summary>Gets the embedding structure (hlist_entry / container_of).</summary>
    public object owner => this.container;

    /// <summary>Gets the node's storage.</summary>
    internal hlist_node_slot slot => this.container.hlist_node_at(this.index);
}

/// <summary>List operations.</summary>
public sealed partial class vmlinux
{
    /* LIST_POISON2 (poison.h): the back pointer of an entry deleted under RCU */
    internal static readonly list_poison LIST_POISON2 = new();

    /// <summary>LIST_HEAD: a new empty list head of its own (C declares it on the stack; C# keeps one on the heap, as nodes point at it).</summary>
    /// <returns>The head.</returns>
    public static list_head LIST_HEAD()
    {
        var head = new list_head(new list_head_on_stack(), 0);
        INIT_LIST_HEAD(head);
        return head;
    }

    /// <summary>INIT_LIST_HEAD.</summary>
    /// <param name="list">The list.</param>
    public static void INIT_LIST_HEAD(list_head list)
    {
        list.next = list;
        list.prev = list;
    }

    /// <summary>list_is_last: is <paramref name="list"/> the last entry of <paramref name="head"/>?</summary>
    /// <param name="list">An entry.</param>
    /// <param name="head">The list.</param>
    /// <returns>True if its next is the head.</returns>
    public static bool list_is_last(list_head list, list_head head) => list.next == head;

    /// <summary>list_empty.</summary>
    /// <param name="head">The list.</param>
    /// <returns>True if empty.</returns>
    public static bool list_empty(list_head head) => head.next == head;

    private static void __list_add(list_head n, list_head prev, list_head next)
    {
        next.prev = n;
        n.next = next;
        n.prev = prev;
        prev.next = n;
    }

    /// <summary>list_add (at the head).</summary>
    /// <param name="n">The new node.</param>
    /// <param name="head">The list.</param>
    public static void list_add(list_head n, list_head head) => __list_add(n, head, head.next);

    /// <summary>list_add_tail.</summary>
    /// <param name="n">The new node.</param>
    /// <param name="head">The list.</param>
    public static void list_add_tail(list_head n, list_head head) => __list_add(n, head.prev, head);

    /// <summary>list_add_tail_rcu.</summary>
    /// <param name="n">The new node.</param>
    /// <param name="head">The list.</param>
    public static void list_add_tail_rcu(list_head n, list_head head) => __list_add(n, head.prev, head);

    /// <summary>list_del_init.</summary>
    /// <param name="entry">The node.</param>
    public static void list_del_init(list_head entry)
    {
        __list_del(entry.prev, entry.next);
        INIT_LIST_HEAD(entry);
    }

    /* __list_del: the entries either side of a removed one point at each other */
    private static void __list_del(list_head prev, list_head next)
    {
        next.prev = prev;
        prev.next = next;
    }

    /// <summary>list_del_rcu: off the list; its next pointer stays, so a reader standing on it goes on, and its prev is poisoned.</summary>
    /// <param name="entry">The node.</param>
    public static void list_del_rcu(list_head entry)
    {
        __list_del(entry.prev, entry.next);
        entry.prev = new(LIST_POISON2, 0);
    }

    /// <summary>list_replace: <paramref name="n"/> takes <paramref name="old"/>'s place on its list.</summary>
    /// <param name="old">The node on the list.</param>
    /// <param name="n">Its replacement.</param>
    public static void list_replace(list_head old, list_head n)
    {
        var next = old.next;
        var prev = old.prev;
        n.next = next;
        next.prev = n;
        n.prev = prev;
        prev.next = n;
    }

    /// <summary>list_replace_init: list_replace, and <paramref name="old"/> is left empty.</summary>
    /// <param name="old">The node on the list.</param>
    /// <param name="n">Its replacement.</param>
    public static void list_replace_init(list_head old, list_head n)
    {
        list_replace(old, n);
        INIT_LIST_HEAD(old);
    }

    /// <summary>list_replace_rcu: <paramref name="n"/> takes <paramref name="old"/>'s place; old keeps its next pointer (readers on it go on) and its prev is poisoned.</summary>
    /// <param name="old">The node on the list.</param>
    /// <param name="n">Its replacement.</param>
    public static void list_replace_rcu(list_head old, list_head n)
    {
        /* list_replace fills in n before prev's next, the store that makes it reachable going forward */
        list_replace(old, n);
        old.prev = new(LIST_POISON2, 0);
    }

    /// <summary>list_move_tail.</summary>
    /// <param name="entry">The node.</param>
    /// <param name="head">The new list.</param>
    public static void list_move_tail(list_head entry, list_head head)
    {
        list_del_init(entry);
        list_add_tail(entry, head);
    }

    /// <summary>list_for_each_entry: the structures on a list, in order (safe against removal of the current one).</summary>
    /// <typeparam name="T">The entry type.</typeparam>
    /// <param name="head">The list.</param>
    /// <returns>The entries.</returns>
    public static IEnumerable<T> list_entries<T>(list_head head)
        where T : class
    {
        for (var pos = head.next; pos != head;)
        {
            var next = pos.next;
            yield return (T)pos.owner!;
            pos = next;
        }
    }

    /// <summary>list_first_entry.</summary>
    /// <typeparam name="T">The entry type.</typeparam>
    /// <param name="head">A non-empty list.</param>
    /// <returns>The first entry.</returns>
    public static T list_first_entry<T>(list_head head)
        where T : class => (T)head.next.owner!;

    /// <summary>INIT_HLIST_HEAD.</summary>
    /// <param name="h">The list.</param>
    public static void INIT_HLIST_HEAD(hlist_head h) => h.first = null;

    /// <summary>INIT_HLIST_NODE: a node on no list.</summary>
    /// <param name="h">The node.</param>
    public static void INIT_HLIST_NODE(hlist_node h)
    {
        ref var l = ref h.slot.links;
        l.next = null;
        l.pprev = null;
    }

    /// <summary>hlist_empty.</summary>
    /// <param name="h">The list.</param>
    /// <returns>True if empty.</returns>
    public static bool hlist_empty(hlist_head h) => READ_ONCE(ref h.first) == null;

    /// <summary>hlist_unhashed.</summary>
    /// <param name="n">The node.</param>
    /// <returns>True when on no list.</returns>
    public static bool hlist_unhashed(hlist_node n) => n.slot.links.pprev == null;

    /// <summary>hlist_add_head_rcu: the node is complete before the head's first pointer publishes it.</summary>
    /// <param name="n">The node.</param>
    /// <param name="h">The list (its entries are linked by node number n's).</param>
    public static void hlist_add_head_rcu(hlist_node n, hlist_head h)
    {
        var first = h.first;
        var l = n.slot;
        l.links.next = first;
        hlist_set_pprev_head(l, h);
        smp_store_release(ref h.first, n.container);
        if (first != null)
            hlist_set_pprev_entry(first.hlist_node_at(n.index), n.container);
    }

    /// <summary>hlist_del_rcu: off the list; its next pointer stays, so a reader standing on it goes on, and its pprev is poisoned.</summary>
    /// <param name="n">The node (on a list).</param>
    public static void hlist_del_rcu(hlist_node n)
    {
        var l = n.slot;
        __hlist_del(l, n.index);
        hlist_set_pprev_entry(l, LIST_POISON2);
    }

    /* __hlist_del: whatever pointed at the node points at its successor, which takes over its pprev */
    private static void __hlist_del(hlist_node_slot l, int member)
    {
        var next = l.links.next;
        WRITE_ONCE(ref hlist_pprev_ref(l, member), next);
        if (next != null)
        {
            var nl = next.hlist_node_at(member);
            nl.links.pprev = l.links.pprev;
            nl.pprev_index = l.pprev_index;
        }
    }

    /// <summary>hlist_replace_rcu: <paramref name="n"/> takes <paramref name="old"/>'s place; old keeps its next pointer and its pprev is poisoned.</summary>
    /// <param name="old">The node on the list.</param>
    /// <param name="n">Its replacement (the same node number of another entry).</param>
    public static void hlist_replace_rcu(hlist_node old, hlist_node n)
    {
        var o = old.slot;
        var l = n.slot;
        var next = o.links.next;
        l.links.next = next;
        l.links.pprev = o.links.pprev;
        l.pprev_index = o.pprev_index;
        smp_store_release(ref hlist_pprev_ref(l, n.index), n.container);
        if (next != null)
            hlist_set_pprev_entry(next.hlist_node_at(n.index), n.container);
        hlist_set_pprev_entry(o, LIST_POISON2);
    }

    /* *n->pprev: the pointer that points at a hashed node (the previous node's next, or the head's first) */
    private static ref hlist_node_container? hlist_pprev_ref(hlist_node_slot n, int member)
    {
        if (n.pprev_index == hlist_node.PPREV_ENTRY)
            return ref ((hlist_node_container)n.links.pprev!).hlist_node_at(member).links.next;
        return ref ((hlist_head_container)n.links.pprev!).hlist_head_first(n.pprev_index);
    }

    /* n->pprev = &prev->next */
    private static void hlist_set_pprev_entry(hlist_node_slot n, hlist_node_container prev)
    {
        n.links.pprev = prev;
        n.pprev_index = hlist_node.PPREV_ENTRY;
    }

    /* n->pprev = &h->first */
    private static void hlist_set_pprev_head(hlist_node_slot n, hlist_head h)
    {
        n.links.pprev = h.container;
        n.pprev_index = (sbyte)h.index;
    }

    /// <summary>hlist_first_rcu (rculist.h): the head's first pointer, as a location to rcu_dereference (the first entry: hlist_entry of it is a cast).</summary>
    /// <param name="head">The list.</param>
    /// <returns>A reference to head->first.</returns>
    public static ref hlist_node_container? hlist_first_rcu(hlist_head head) => ref head.first;

    /// <summary>hlist_first_entry / hlist_entry_safe of the first node.</summary>
    /// <typeparam name="T">The entry type.</typeparam>
    /// <param name="h">The list.</param>
    /// <returns>The first entry or null.</returns>
    public static T? hlist_first_entry<T>(hlist_head h)
        where T : class => h.first as T;

    /// <summary>hlist_for_each_entry.</summary>
    /// <typeparam name="T">The entry type.</typeparam>
    /// <param name="h">The list.</param>
    /// <returns>The entries.</returns>
    public static IEnumerable<T> hlist_entries<T>(hlist_head h)
        where T : class
    {
        for (var n = h.first; n != null; n = n.hlist_node_at(h.member).links.next)
            yield return (T)n;
    }

    /// <summary>list_splice_tail_init: moves every entry of <paramref name="list"/> to the end of <paramref name="head"/>.</summary>
    /// <param name="list">The list to empty.</param>
    /// <param name="head">The list to append to.</param>
    public static void list_splice_tail_init(list_head list, list_head head)
    {
        if (list_empty(list))
            return;
        var first = list.next;
        var last = list.prev;
        var at = head.prev;
        first.prev = at;
        at.next = first;
        last.next = head;
        head.prev = last;
        INIT_LIST_HEAD(list);
    }

    /// <summary>hlists_swap_heads_rcu: two lists exchange their entries.</summary>
    /// <param name="left">One list.</param>
    /// <param name="right">The other (linked by the same node number).</param>
    public static void hlists_swap_heads_rcu(hlist_head left, hlist_head right)
    {
        var node1 = left.first;
        var node2 = right.first;
        left.first = node2;
        right.first = node1;

        /* only a first node points into its head; the others point at the node before them */
        if (node2 != null)
            hlist_set_pprev_head(node2.hlist_node_at(left.member), left);
        if (node1 != null)
            hlist_set_pprev_head(node1.hlist_node_at(right.member), right);
    }
}
