// SPDX-License-Identifier: GPL-2.0-only

//
// lib/rbtree.c: red-black tree insertion and erasure, and in-order walks.
//
// The rules a red-black tree keeps: every node is red or black, the root is
// black, a red node has only black children, and every path from a node
// down to a leaf crosses the same number of black nodes. Together they keep
// the longest path at most twice the shortest.
//
// Lockless lookups (rb_find_rcu) rely on two promises of the writers: every
// change of a child pointer is a single published store, and no sequence of
// stores ever makes a cycle, even for a moment. A lockless walk may then
// miss nodes during a rotation (so such readers retry under a seqcount) but
// it always ends, and what it finds is a real node of the tree.
//
// Not ported: the augmented entry points (__rb_insert_augmented,
// __rb_erase_color), rb_replace_node_rcu and rb_first_postorder /
// rb_next_postorder: pidfs and simple_xattrs reach none of them.
using System.Threading;

namespace Linux;

/// <summary>lib/rbtree.c.</summary>
public sealed partial class vmlinux
{
    private static void rb_set_black(rb_node rb) => rb.__rb_parent_color.color = RB_BLACK;

    /* a red node's stored value is its bare parent (red is 0) */
    private static rb_node? rb_red_parent(rb_node red) => red.__rb_parent_color.parent;

    /*
     * A rotation helper: @new takes over @old's parent and colour, and @old
     * becomes a child of @new with the given colour.
     */
    private static void __rb_rotate_set_parents(rb_node old, rb_node @new, rb_root root, int color)
    {
        var parent = rb_parent(old);
        @new.__rb_parent_color = old.__rb_parent_color;
        rb_set_parent_color(old, @new, color);
        __rb_change_child(old, @new, parent, root);
    }

    private static void __rb_insert(rb_node node, rb_root root)
    {
        rb_node? parent = rb_red_parent(node), gparent, tmp;

        while (true)
        {
            /* invariant: node is red */
            if (parent == null)
            {
                /* node is the root: first node, or the recolouring climbed all the way up */
                rb_set_parent_color(node, null, RB_BLACK);
                break;
            }

            /* a black parent keeps every property: nothing to fix */
            if (rb_is_black(parent))
                break;

            /* a red parent is never the root, so the grandparent exists */
            gparent = rb_red_parent(parent)!;

            tmp = gparent.rb_right;
            if (parent != tmp)
            {
                /* parent is gparent's left child */
                if (tmp != null && rb_is_red(tmp))
                {
                    /*
                     * Red uncle: push the grandparent's black down to parent
                     * and uncle and continue from the grandparent, which is
                     * now red and may have a red parent.
                     */
                    rb_set_parent_color(tmp, gparent, RB_BLACK);
                    rb_set_parent_color(parent, gparent, RB_BLACK);
                    node = gparent;
                    parent = rb_parent(node);
                    rb_set_parent_color(node, parent, RB_RED);
                    continue;
                }

                tmp = parent.rb_right;
                if (node == tmp)
                {
                    /*
                     * Black uncle, node on the inside: rotate left at the
                     * parent so the red pair lines up on the outside.
                     */
                    tmp = node.rb_left;
                    WRITE_ONCE(ref parent.rb_right, tmp);
                    WRITE_ONCE(ref node.rb_left, parent);
                    if (tmp != null)
                        rb_set_parent_color(tmp, parent, RB_BLACK);
                    rb_set_parent_color(parent, node, RB_RED);
                    parent = node;
                    tmp = node.rb_right;
                }

                /*
                 * Black uncle, red pair on the outside: rotate right at the
                 * grandparent; parent becomes the black top of the subtree.
                 */
                WRITE_ONCE(ref gparent.rb_left, tmp); /* was parent's right child */
                WRITE_ONCE(ref parent.rb_right, gparent);
                if (tmp != null)
                    rb_set_parent_color(tmp, gparent, RB_BLACK);
                __rb_rotate_set_parents(gparent, parent, root, RB_RED);
                break;
            }
            else
            {
                /* the mirror image: parent is gparent's right child */
                tmp = gparent.rb_left;
                if (tmp != null && rb_is_red(tmp))
                {
                    rb_set_parent_color(tmp, gparent, RB_BLACK);
                    rb_set_parent_color(parent, gparent, RB_BLACK);
                    node = gparent;
                    parent = rb_parent(node);
                    rb_set_parent_color(node, parent, RB_RED);
                    continue;
                }

                tmp = parent.rb_left;
                if (node == tmp)
                {
                    tmp = node.rb_right;
                    WRITE_ONCE(ref parent.rb_left, tmp);
                    WRITE_ONCE(ref node.rb_right, parent);
                    if (tmp != null)
                        rb_set_parent_color(tmp, parent, RB_BLACK);
                    rb_set_parent_color(parent, node, RB_RED);
                    parent = node;
                    tmp = node.rb_left;
                }

                WRITE_ONCE(ref gparent.rb_right, tmp); /* was parent's left child */
                WRITE_ONCE(ref parent.rb_left, gparent);
                if (tmp != null)
                    rb_set_parent_color(tmp, gparent, RB_BLACK);
                __rb_rotate_set_parents(gparent, parent, root, RB_RED);
                break;
            }
        }
    }

    /*
     * Rebalancing after an erase removed a black node below @parent: every
     * path through @node (NULL at first) is one black node short.
     */
    private static void ____rb_erase_color(rb_node parent, rb_root root)
    {
        rb_node? node = null, sibling, tmp1, tmp2;

        while (true)
        {
            /*
             * Invariants: node is black or NULL, node is not the root, and
             * paths through parent and node lack one black node.
             */
            sibling = parent.rb_right;
            if (node != sibling)
            {
                /* node is parent's left child, so the sibling exists */
                if (rb_is_red(sibling!))
                {
                    /*
                     * Red sibling: rotate left at parent so that node gets a
                     * black sibling; parent turns red.
                     */
                    tmp1 = sibling!.rb_left!;
                    WRITE_ONCE(ref parent.rb_right, tmp1);
                    WRITE_ONCE(ref sibling.rb_left, parent);
                    rb_set_parent_color(tmp1, parent, RB_BLACK);
                    __rb_rotate_set_parents(parent, sibling, root, RB_RED);
                    sibling = tmp1;
                }

                tmp1 = sibling!.rb_right;
                if (tmp1 == null || rb_is_black(tmp1))
                {
                    tmp2 = sibling.rb_left;
                    if (tmp2 == null || rb_is_black(tmp2))
                    {
                        /*
                         * Black sibling with black children: paint it red,
                         * which evens the two sides. A red parent then turns
                         * black and we are done; a black one passes the
                         * shortfall up.
                         */
                        rb_set_parent_color(sibling, parent, RB_RED);
                        if (rb_is_red(parent))
                            rb_set_black(parent);
                        else
                        {
                            node = parent;
                            parent = rb_parent(node)!;
                            if (parent != null)
                                continue;
                        }

                        break;
                    }

                    /*
                     * Black sibling whose inner child is red: rotate right at
                     * the sibling so the red child is on the outside. Any red
                     * pair this leaves is fixed by the last step.
                     */
                    tmp1 = tmp2.rb_right;
                    WRITE_ONCE(ref sibling.rb_left, tmp1);
                    WRITE_ONCE(ref tmp2.rb_right, sibling);
                    WRITE_ONCE(ref parent.rb_right, tmp2);
                    if (tmp1 != null)
                        rb_set_parent_color(tmp1, sibling, RB_BLACK);
                    tmp1 = sibling;
                    sibling = tmp2;
                }

                /*
                 * Black sibling with a red outer child: rotate left at parent
                 * and recolour; the sibling takes parent's colour, parent and
                 * the outer child become black, and the shortfall is gone.
                 */
                tmp2 = sibling.rb_left;
                WRITE_ONCE(ref parent.rb_right, tmp2);
                WRITE_ONCE(ref sibling.rb_left, parent);
                rb_set_parent_color(tmp1!, sibling, RB_BLACK);
                if (tmp2 != null)
                    rb_set_parent(tmp2, parent);
                __rb_rotate_set_parents(parent, sibling, root, RB_BLACK);
                break;
            }
            else
            {
                /* the mirror image: node is parent's right child */
                sibling = parent.rb_left;
                if (rb_is_red(sibling!))
                {
                    tmp1 = sibling!.rb_right!;
                    WRITE_ONCE(ref parent.rb_left, tmp1);
                    WRITE_ONCE(ref sibling.rb_right, parent);
                    rb_set_parent_color(tmp1, parent, RB_BLACK);
                    __rb_rotate_set_parents(parent, sibling, root, RB_RED);
                    sibling = tmp1;
                }

                tmp1 = sibling!.rb_left;
                if (tmp1 == null || rb_is_black(tmp1))
                {
                    tmp2 = sibling.rb_right;
                    if (tmp2 == null || rb_is_black(tmp2))
                    {
                        rb_set_parent_color(sibling, parent, RB_RED);
                        if (rb_is_red(parent))
                            rb_set_black(parent);
                        else
                        {
                            node = parent;
                            parent = rb_parent(node)!;
                            if (parent != null)
                                continue;
                        }

                        break;
                    }

                    tmp1 = tmp2.rb_left;
                    WRITE_ONCE(ref sibling.rb_right, tmp1);
                    WRITE_ONCE(ref tmp2.rb_left, sibling);
                    WRITE_ONCE(ref parent.rb_left, tmp2);
                    if (tmp1 != null)
                        rb_set_parent_color(tmp1, sibling, RB_BLACK);
                    tmp1 = sibling;
                    sibling = tmp2;
                }

                tmp2 = sibling.rb_right;
                WRITE_ONCE(ref parent.rb_left, tmp2);
                WRITE_ONCE(ref sibling.rb_right, parent);
                rb_set_parent_color(tmp1!, sibling, RB_BLACK);
                if (tmp2 != null)
                    rb_set_parent(tmp2, parent);
                __rb_rotate_set_parents(parent, sibling, root, RB_BLACK);
                break;
            }
        }
    }

    /// <summary>rb_insert_color: rebalances after rb_link_node() hung a new red leaf.</summary>
    /// <param name="node">The new node.</param>
    /// <param name="root">The tree.</param>
    public static void rb_insert_color(rb_node node, rb_root root) => __rb_insert(node, root);

    /// <summary>rb_erase: unlinks the node and rebalances.</summary>
    /// <param name="node">The node.</param>
    /// <param name="root">The tree.</param>
    public static void rb_erase(rb_node node, rb_root root)
    {
        rb_node? rebalance;
        rebalance = __rb_erase_augmented(node, root);
        if (rebalance != null)
            ____rb_erase_color(rebalance, root);
    }

    /// <summary>rb_first: the smallest node.</summary>
    /// <param name="root">The tree.</param>
    /// <returns>The node, NULL for an empty tree.</returns>
    public static rb_node? rb_first(rb_root root)
    {
        rb_node? n;

        n = root.rb_node;
        if (n == null)
            return null;
        while (n.rb_left != null)
            n = n.rb_left;
        return n;
    }

    /// <summary>rb_last: the largest node.</summary>
    /// <param name="root">The tree.</param>
    /// <returns>The node, NULL for an empty tree.</returns>
    public static rb_node? rb_last(rb_root root)
    {
        rb_node? n;

        n = root.rb_node;
        if (n == null)
            return null;
        while (n.rb_right != null)
            n = n.rb_right;
        return n;
    }

    /// <summary>rb_next: the in-order successor.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The next node, or NULL.</returns>
    public static rb_node? rb_next(rb_node node)
    {
        rb_node? parent;

        if (RB_EMPTY_NODE(node))
            return null;

        /* with a right subtree, the successor is its leftmost node */
        if (node.rb_right != null)
        {
            node = node.rb_right;
            while (node.rb_left != null)
                node = node.rb_left;
            return node;
        }

        /*
         * Otherwise climb while we are a right child; the first ancestor
         * reached from its left side is the successor.
         */
        while ((parent = rb_parent(node)) != null && node == parent.rb_right)
            node = parent;

        return parent;
    }

    /// <summary>rb_prev: the in-order predecessor.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The previous node, or NULL.</returns>
    public static rb_node? rb_prev(rb_node node)
    {
        rb_node? parent;

        if (RB_EMPTY_NODE(node))
            return null;

        /* with a left subtree, the predecessor is its rightmost node */
        if (node.rb_left != null)
        {
            node = node.rb_left;
            while (node.rb_right != null)
                node = node.rb_right;
            return node;
        }

        /* otherwise climb while we are a left child */
        while ((parent = rb_parent(node)) != null && node == parent.rb_left)
            node = parent;

        return parent;
    }

    /// <summary>rb_replace_node: puts <paramref name="new"/> where <paramref name="victim"/> is, without rebalancing (the keys must be equal).</summary>
    /// <param name="victim">The node leaving the tree.</param>
    /// <param name="new">Its replacement.</param>
    /// <param name="root">The tree.</param>
    public static void rb_replace_node(rb_node victim, rb_node @new, rb_root root)
    {
        var parent = rb_parent(victim);

        /* the replacement takes the victim's links and colour */
        @new.__rb_parent_color = victim.__rb_parent_color;
        @new.rb_left = victim.rb_left;
        @new.rb_right = victim.rb_right;

        /* and its neighbours now point at the replacement */
        if (victim.rb_left != null)
            rb_set_parent(victim.rb_left, @new);
        if (victim.rb_right != null)
            rb_set_parent(victim.rb_right, @new);
        __rb_change_child(victim, @new, parent, root);
    }
}
