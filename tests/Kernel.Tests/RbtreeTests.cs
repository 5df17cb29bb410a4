// SPDX-License-Identifier: GPL-2.0-only

// lib/rbtree.cs against a reference set: random inserts and erases keep the
// red-black properties and the order, and a lockless reader walking the tree
// while it is rebalanced always gets to a leaf.
using System;
using System.Collections.Generic;
using System.Threading;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>The red-black tree.</summary>
public sealed class RbtreeTests : KernelTest
{
    /// <summary>Random inserts and erases, checked against a SortedSet after every operation.</summary>
    [Fact]
    public void RandomInsertEraseKeepsInvariantsAndOrder()
    {
        var rng = new Random(1234);
        var root = vmlinux.RB_ROOT();
        var nodes = new Dictionary<int, Item>();
        var set = new SortedSet<int>();

        for (var op = 0; op < 1500; op++)
        {
            var key = rng.Next(200);
            if (rng.Next(3) != 0)
            {
                var item = new Item(key);
                var dup = vmlinux.rb_find_add_rcu(item.Node, root, Cmp);
                Assert.Equal(set.Add(key), dup == null);
                if (dup == null)
                {
                    nodes[key] = item;
                }
                else
                {
                    Assert.Same(nodes[key], vmlinux.rb_entry<Item>(dup));
                }
            }
            else if (nodes.Remove(key, out var item))
            {
                vmlinux.rb_erase(item.Node, root);
                vmlinux.RB_CLEAR_NODE(item.Node);
                Assert.True(vmlinux.RB_EMPTY_NODE(item.Node));
                Assert.True(set.Remove(key));
            }

            CheckTree(root, set);
        }

        /* rb_find and rb_prev agree with the set */
        foreach (var k in set)
        {
            Assert.Equal(k, vmlinux.rb_entry<Item>(vmlinux.rb_find(k, root, Find)!).Key);
        }

        Assert.Null(vmlinux.rb_find(-1, root, Find));
        var back = new List<int>();
        for (var n = vmlinux.rb_last(root); n != null; n = vmlinux.rb_prev(n))
        {
            back.Add(vmlinux.rb_entry<Item>(n).Key);
        }

        back.Reverse();
        Assert.Equal(set, back);
    }

    /// <summary>rb_add keeps duplicates, each after the equal ones already there.</summary>
    [Fact]
    public void RbAddKeepsDuplicatesInInsertionOrder()
    {
        var root = vmlinux.RB_ROOT();
        var items = new List<Item>();
        for (var i = 0; i < 50; i++)
        {
            var it = new Item(i % 5) { Seq = i };
            items.Add(it);
            vmlinux.rb_add(it.Node, root, (a, b) => vmlinux.rb_entry<Item>(a).Key < vmlinux.rb_entry<Item>(b).Key);
        }

        var seen = new List<(int Key, int Seq)>();
        for (var n = vmlinux.rb_first(root); n != null; n = vmlinux.rb_next(n))
        {
            seen.Add((vmlinux.rb_entry<Item>(n).Key, vmlinux.rb_entry<Item>(n).Seq));
        }

        Assert.Equal(50, seen.Count);
        for (var i = 1; i < seen.Count; i++)
        {
            Assert.True(seen[i - 1].Key < seen[i].Key || (seen[i - 1].Key == seen[i].Key && seen[i - 1].Seq < seen[i].Seq));
        }

        CheckColours(root);
    }

    /// <summary>rb_replace_node swaps a node in place, keeping the shape and colours.</summary>
    [Fact]
    public void ReplaceNodeKeepsTheTree()
    {
        var root = vmlinux.RB_ROOT();
        var set = new SortedSet<int>();
        var items = new Dictionary<int, Item>();
        for (var i = 0; i < 40; i++)
        {
            items[i] = new Item(i);
            vmlinux.rb_find_add_rcu(items[i].Node, root, Cmp);
            set.Add(i);
        }

        var fresh = new Item(17);
        vmlinux.rb_replace_node(items[17].Node, fresh.Node, root);
        Assert.Same(fresh, vmlinux.rb_entry<Item>(vmlinux.rb_find(17, root, Find)!));
        CheckTree(root, set);
    }

    /// <summary>A lockless reader keeps finding stable keys (or retrying) while writers rotate the tree, and always terminates.</summary>
    [Fact]
    public void LocklessReaderTerminatesDuringWrites()
    {
        var root = vmlinux.RB_ROOT();
        var stable = new List<int>();
        for (var k = 0; k < 2000; k += 10)
        {
            vmlinux.rb_find_add_rcu(new Item(k).Node, root, Cmp);
            stable.Add(k);
        }

        var stop = 0;
        long lookups = 0, found = 0;
        var reader = new Thread(() =>
        {
            var rng = new Random(7);
            while (Volatile.Read(ref stop) == 0)
            {
                var k = stable[rng.Next(stable.Count)];
                var n = vmlinux.rb_find_rcu(k, root, Find);
                lookups++;
                if (n != null)
                {
                    /* anything found must be the right node */
                    Assert.Equal(k, vmlinux.rb_entry<Item>(n).Key);
                    found++;
                }
            }
        });
        reader.Start();

        var wrng = new Random(99);
        var volatileNodes = new Dictionary<int, Item>();
        var writerSet = new SortedSet<int>(stable);
        var deadline = DateTime.UtcNow.AddMilliseconds(200);
        while (DateTime.UtcNow < deadline)
        {
            var k = (wrng.Next(2000) * 10) + 1 + wrng.Next(9);
            if (volatileNodes.Remove(k, out var it))
            {
                vmlinux.rb_erase(it.Node, root);
                writerSet.Remove(k);
            }
            else
            {
                it = new Item(k);
                vmlinux.rb_find_add_rcu(it.Node, root, Cmp);
                volatileNodes[k] = it;
                writerSet.Add(k);
            }
        }

        Volatile.Write(ref stop, 1);
        Assert.True(reader.Join(TimeSpan.FromSeconds(5)), "lockless reader did not terminate");
        Assert.True(lookups > 0);
        Assert.True(found > 0);
        CheckTree(root, writerSet);
    }

    private static int Cmp(rb_node a, rb_node b) => vmlinux.rb_entry<Item>(a).Key.CompareTo(vmlinux.rb_entry<Item>(b).Key);

    private static int Find(int key, rb_node n) => key.CompareTo(vmlinux.rb_entry<Item>(n).Key);

    private static void CheckTree(rb_root root, SortedSet<int> set)
    {
        var inorder = new List<int>();
        for (var n = vmlinux.rb_first(root); n != null; n = vmlinux.rb_next(n))
        {
            inorder.Add(vmlinux.rb_entry<Item>(n).Key);
        }

        Assert.Equal(set, inorder);
        CheckColours(root);
    }

    private static void CheckColours(rb_root root)
    {
        var r = root.rb_node;
        if (r == null)
        {
            return;
        }

        Assert.Null(vmlinux.rb_parent(r));
        Assert.True(vmlinux.rb_is_black(r), "root is red");
        BlackHeight(r);
    }

    private static int BlackHeight(rb_node? n)
    {
        if (n == null)
        {
            return 1;
        }

        if (vmlinux.rb_is_red(n))
        {
            Assert.True(n.rb_left == null || vmlinux.rb_is_black(n.rb_left), "red node with red left child");
            Assert.True(n.rb_right == null || vmlinux.rb_is_black(n.rb_right), "red node with red right child");
        }

        if (n.rb_left != null)
        {
            Assert.Same(n, vmlinux.rb_parent(n.rb_left));
        }

        if (n.rb_right != null)
        {
            Assert.Same(n, vmlinux.rb_parent(n.rb_right));
        }

        var l = BlackHeight(n.rb_left);
        var r = BlackHeight(n.rb_right);
        Assert.Equal(l, r);
        return l + (vmlinux.rb_is_black(n) ? 1 : 0);
    }

    private sealed class Item : rb_node
    {
        public Item(int key) => this.Key = key;

        public int Key { get; }

        public int Seq { get; set; }

        public rb_node Node => this;
    }
}
