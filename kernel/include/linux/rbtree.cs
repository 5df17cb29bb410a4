// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/rbtree.h and rbtree_types.h: the node and root of the
// kernel's intrusive red-black tree, and the inline helpers built on the
// core in lib/rbtree.cs. A node stores its parent and its colour together
// (C packs the colour into the low bit of the parent pointer; here they sit
// side by side in one value that is always copied as a whole). Child
// pointers are published with WRITE_ONCE/rcu_assign_pointer
// so that a lockless reader walking with rb_find_rcu() only ever sees nodes
// that are in, or were in, the tree and always reaches a leaf.
//
// Not ported: rb_root_cached and the *_cached helpers, rb_find_first,
// rb_next_match, rb_for_each, rbtree_postorder_for_each_entry_safe,
// rb_find_add (pidfs and simple_xattrs reach none of them).
using System;
using System.Threading;

namespace Linux;

/// <summary>__rb_parent_color: the parent pointer and the colour bit, always read and written as one value.</summary>
public struct rb_parent_color : IEquatable<rb_parent_color>
{
    /// <summary>The parent (the node itself for a cleared node, NULL for the root).</summary>
    public rb_node? parent;

    /// <summary>RB_RED (0) or RB_BLACK (1).</summary>
    public int color;

    /// <summary>Initializes a new instance of the <see cref="rb_parent_color"/> struct.</summary>
    /// <param name="parent">The parent.</param>
    /// <param name="color">The colour.</param>
    public rb_parent_color(rb_node? parent, int color)
    {
        this.parent = parent;
        this.color = color;
    }

    /// <inheritdoc/>
    public readonly bool Equals(rb_parent_color other) => ReferenceEquals(this.parent, other.parent) && this.color == other.color;

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is rb_parent_color o && this.Equals(o);

    /// <inheritdoc/>
    public override readonly int GetHashCode() => HashCode.Combine(this.parent, this.color);
}

/// <summary>
/// struct rb_node, its fields where upstream declares them: the parent and colour, then the two links. A
/// structure in a tree derives from rb_node and is its own node (C# gives an embedded node no identity of its
/// own), so rb_entry is the structure itself and no node keeps a pointer back to it. The layout is explicit
/// because the runtime would put references before the parent-and-colour value: this way the links are the
/// node's last words, and a derived structure's first field (a tree's key: pid.ino) follows them, so a
/// lookup reads one level's key and links in one stretch of 24 bytes, as upstream reads one cache line.
/// </summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
public abstract partial class rb_node
{
    [System.Runtime.InteropServices.FieldOffset(0)]
    public rb_parent_color __rb_parent_color;
    [System.Runtime.InteropServices.FieldOffset(16)]
    public rb_node? rb_right;
    [System.Runtime.InteropServices.FieldOffset(24)]
    public rb_node? rb_left;
}

/// <summary>struct rb_root.</summary>
public sealed class rb_root
{
    public rb_node? rb_node;
}

/// <summary>rbtree.h.</summary>
public sealed partial class vmlinux
{
    /// <summary>RB_ROOT: an empty tree.</summary>
    /// <returns>A new empty root.</returns>
    public static rb_root RB_ROOT() => new();

    /// <summary>rb_parent(r): the node's parent.</summary>
    /// <param name="r">The node.</param>
    /// <returns>The parent, NULL for the root.</returns>
    public static rb_node? rb_parent(rb_node r) => r.__rb_parent_color.parent;

    /// <summary>
    /// rb_entry(ptr, type, member): the structure embedding the node, which is the node itself. Like
    /// container_of it costs nothing at run time: a checked cast reads the object's type word, a load from
    /// another cache line than the node's links and key for most objects, at every level of a tree walk
    /// (a walk over 4,194,304 pids reads 1.53 lines per level with it, 1.22 without). The constraint
    /// is container_of's compile-time check; a debug build checks the type as well.
    /// </summary>
    /// <typeparam name="T">The embedding type.</typeparam>
    /// <param name="ptr">The node.</param>
    /// <returns>The structure.</returns>
    public static T rb_entry<T>(rb_node ptr)
        where T : rb_node
    {
#if DEBUG
        return (T)ptr;
#else
        return System.Runtime.CompilerServices.Unsafe.As<T>(ptr);
#endif
    }

    /// <summary>RB_EMPTY_ROOT(root).</summary>
    /// <param name="root">The root.</param>
    /// <returns>True for an empty tree.</returns>
    public static bool RB_EMPTY_ROOT(rb_root root) => READ_ONCE(ref root.rb_node) == null;

    /// <summary>RB_EMPTY_NODE(node): a node that is in no tree points at itself as its parent.</summary>
    /// <param name="node">The node.</param>
    /// <returns>True if the node was cleared.</returns>
    public static bool RB_EMPTY_NODE(rb_node node) => ReferenceEquals(node.__rb_parent_color.parent, node);

    /// <summary>RB_CLEAR_NODE(node): marks the node as in no tree.</summary>
    /// <param name="node">The node.</param>
    public static void RB_CLEAR_NODE(rb_node node) => node.__rb_parent_color = new rb_parent_color(node, RB_RED);

    /// <summary>rb_link_node: hangs a new red leaf under <paramref name="parent"/> at <paramref name="rb_link"/>.</summary>
    /// <param name="node">The new node.</param>
    /// <param name="parent">Its parent, NULL for the root.</param>
    /// <param name="rb_link">The child slot of the parent (or the root slot).</param>
    public static void rb_link_node(rb_node node, rb_node? parent, ref rb_node? rb_link)
    {
        node.__rb_parent_color = new rb_parent_color(parent, RB_RED);
        node.rb_left = node.rb_right = null;

        rb_link = node;
    }

    /// <summary>rb_link_node_rcu: as rb_link_node, but the node is fully set up before lockless readers can see it.</summary>
    /// <param name="node">The new node.</param>
    /// <param name="parent">Its parent, NULL for the root.</param>
    /// <param name="rb_link">The child slot of the parent (or the root slot).</param>
    public static void rb_link_node_rcu(rb_node node, rb_node? parent, ref rb_node? rb_link)
    {
        node.__rb_parent_color = new rb_parent_color(parent, RB_RED);
        node.rb_left = node.rb_right = null;

        rcu_assign_pointer(ref rb_link, node);
    }

    /// <summary>rb_add: inserts <paramref name="node"/>; equal keys go to the right of existing ones.</summary>
    /// <param name="node">The node to add.</param>
    /// <param name="tree">The tree.</param>
    /// <param name="less">Orders two nodes.</param>
    public static void rb_add(rb_node node, rb_root tree, Func<rb_node, rb_node, bool> less)
    {
        ref rb_node? link = ref tree.rb_node;
        rb_node? parent = null;

        while (link != null)
        {
            parent = link;
            if (less(node, parent))
                link = ref parent.rb_left;
            else
                link = ref parent.rb_right;
        }

        rb_link_node(node, parent, ref link);
        rb_insert_color(node, tree);
    }

    /// <summary>rb_find_add_rcu: inserts the node unless an equal one is there, publishing it for lockless readers.</summary>
    /// <param name="node">The node to add.</param>
    /// <param name="tree">The tree.</param>
    /// <param name="cmp">Compares the new node with a tree node.</param>
    /// <returns>The existing equal node (nothing was inserted), or NULL.</returns>
    public static rb_node? rb_find_add_rcu(rb_node node, rb_root tree, Func<rb_node, rb_node, int> cmp)
    {
        ref rb_node? link = ref tree.rb_node;
        rb_node? parent = null;
        int c;

        while (link != null)
        {
            parent = link;
            c = cmp(node, parent);

            if (c < 0)
                link = ref parent.rb_left;
            else if (c > 0)
                link = ref parent.rb_right;
            else
                return parent;
        }

        rb_link_node_rcu(node, parent, ref link);
        rb_insert_color(node, tree);
        return null;
    }

    /// <summary>rb_find: the node equal to <paramref name="key"/>, or NULL.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="tree">The tree.</param>
    /// <param name="cmp">Compares the key with a node.</param>
    /// <returns>The node or NULL.</returns>
    public static rb_node? rb_find<TKey>(TKey key, rb_root tree, Func<TKey, rb_node, int> cmp)
    {
        var node = tree.rb_node;

        while (node != null)
        {
            var c = cmp(key, node);

            if (c < 0)
                node = node.rb_left;
            else if (c > 0)
                node = node.rb_right;
            else
                return node;
        }

        return null;
    }

    /// <summary>
    /// rb_find_rcu: rb_find for a reader that holds no lock. It always ends, and a node it
    /// returns is the right one, but a concurrent rotation can make it miss a node that is
    /// there; callers retry under a sequence count.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="tree">The tree.</param>
    /// <param name="cmp">Compares the key with a node.</param>
    /// <returns>The node or NULL.</returns>
    public static rb_node? rb_find_rcu<TKey>(TKey key, rb_root tree, Func<TKey, rb_node, int> cmp)
    {
        var node = READ_ONCE(ref tree.rb_node);

        while (node != null)
        {
            var c = cmp(key, node);

            if (c < 0)
                node = READ_ONCE(ref node.rb_left);
            else if (c > 0)
                node = READ_ONCE(ref node.rb_right);
            else
                return node;
        }

        return null;
    }
}
