// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/rbtree_augmented.h: the colour helpers and the erase step
// that lib/rbtree.cs builds on. Every store to a child pointer (or to the
// root) is a WRITE_ONCE, as upstream, so that lockless
// readers never see a torn or half-linked tree.
//
// Not ported: the augmented callbacks (rb_augment_callbacks,
// RB_DECLARE_CALLBACKS*, rb_insert_augmented*, rb_erase_augmented*) and
// __rb_change_child_rcu. Nothing pidfs reaches keeps augmented data, so the
// erase step below is the one rb_erase() instantiates with dummy callbacks.
using System.Threading;

namespace Linux;

/// <summary>rbtree_augmented.h.</summary>
public sealed partial class vmlinux
{
    public const int RB_RED = 0;
    public const int RB_BLACK = 1;

    /// <summary>rb_color.</summary>
    /// <param name="rb">The node.</param>
    /// <returns>RB_RED or RB_BLACK.</returns>
    public static int rb_color(rb_node rb) => rb.__rb_parent_color.color;

    /// <summary>rb_is_red.</summary>
    /// <param name="rb">The node.</param>
    /// <returns>True if red.</returns>
    public static bool rb_is_red(rb_node rb) => rb.__rb_parent_color.color == RB_RED;

    /// <summary>rb_is_black.</summary>
    /// <param name="rb">The node.</param>
    /// <returns>True if black.</returns>
    public static bool rb_is_black(rb_node rb) => rb.__rb_parent_color.color == RB_BLACK;

    /// <summary>rb_set_parent: a new parent, the colour unchanged.</summary>
    /// <param name="rb">The node.</param>
    /// <param name="p">The parent.</param>
    public static void rb_set_parent(rb_node rb, rb_node? p) => rb.__rb_parent_color = new rb_parent_color(p, rb_color(rb));

    /// <summary>rb_set_parent_color.</summary>
    /// <param name="rb">The node.</param>
    /// <param name="p">The parent.</param>
    /// <param name="color">The colour.</param>
    public static void rb_set_parent_color(rb_node rb, rb_node? p, int color) => rb.__rb_parent_color = new rb_parent_color(p, color);

    /// <summary>__rb_change_child: makes <paramref name="parent"/> (or the root) point at <paramref name="new"/> instead of <paramref name="old"/>.</summary>
    /// <param name="old">The child being replaced.</param>
    /// <param name="new">Its replacement.</param>
    /// <param name="parent">Their parent, NULL at the root.</param>
    /// <param name="root">The tree.</param>
    public static void __rb_change_child(rb_node old, rb_node? @new, rb_node? parent, rb_root root)
    {
        if (parent != null)
        {
            if (parent.rb_left == old)
                WRITE_ONCE(ref parent.rb_left, @new);
            else
                WRITE_ONCE(ref parent.rb_right, @new);
        }
        else
            WRITE_ONCE(ref root.rb_node, @new);
    }

    /// <summary>
    /// __rb_erase_augmented (with the dummy callbacks): unlinks the node and returns
    /// where the tree needs rebalancing, or NULL when the colours could be fixed locally.
    /// </summary>
    /// <param name="node">The node to unlink.</param>
    /// <param name="root">The tree.</param>
    /// <returns>The node to rebalance from, or NULL.</returns>
    public static rb_node? __rb_erase_augmented(rb_node node, rb_root root)
    {
        var child = node.rb_right;
        var tmp = node.rb_left;
        rb_node? parent, rebalance;
        rb_parent_color pc;

        if (tmp == null)
        {
            /*
             * At most one child, on the right. A lone child is red and the
             * node black (properties 4 and 5), so the child can simply take
             * the node's place and colour.
             */
            pc = node.__rb_parent_color;
            parent = pc.parent;
            __rb_change_child(node, child, parent, root);
            if (child != null)
            {
                child.__rb_parent_color = pc;
                rebalance = null;
            }
            else
                rebalance = pc.color == RB_BLACK ? parent : null;
        }
        else if (child == null)
        {
            /* the same with the lone child on the left */
            tmp.__rb_parent_color = pc = node.__rb_parent_color;
            parent = pc.parent;
            __rb_change_child(node, tmp, parent, root);
            rebalance = null;
        }
        else
        {
            rb_node successor = child;
            rb_node? child2;

            tmp = child.rb_left;
            if (tmp == null)
            {
                /* the successor is the right child itself */
                parent = successor;
                child2 = successor.rb_right;
            }
            else
            {
                /*
                 * The successor is the leftmost node of the right subtree:
                 * detach it there (its right child moves up) and give it the
                 * node's right subtree.
                 */
                do
                {
                    parent = successor;
                    successor = tmp;
                    tmp = tmp.rb_left;
                }
                while (tmp != null);
                child2 = successor.rb_right;
                WRITE_ONCE(ref parent.rb_left, child2);
                WRITE_ONCE(ref successor.rb_right, child);
                rb_set_parent(child, successor);
            }

            tmp = node.rb_left!;
            WRITE_ONCE(ref successor.rb_left, tmp);
            rb_set_parent(tmp, successor);

            pc = node.__rb_parent_color;
            tmp = pc.parent;
            __rb_change_child(node, successor, tmp, root);

            if (child2 != null)
            {
                rb_set_parent_color(child2, parent, RB_BLACK);
                rebalance = null;
            }
            else
                rebalance = rb_is_black(successor) ? parent : null;
            successor.__rb_parent_color = pc;
        }

        return rebalance;
    }
}
