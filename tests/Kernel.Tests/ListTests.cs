// SPDX-License-Identifier: GPL-2.0-only

// include/linux/list.cs against reference lists: random list_head and hlist
// operations on structures that embed several heads and nodes (a head and
// the nodes of its list in the same type, as task_struct's children and
// sibling), checked forwards and backwards after every operation. A link
// keeps the number of the head it points at apart from the pointer, so a
// number stored for the wrong head, or lost, shows here as a walk that leaves
// its list.
using System;
using System.Collections.Generic;
using System.Linq;
using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>list_head and hlist operations.</summary>
public sealed class ListTests
{
    private const int Entries = 10;

    /* Item's list heads: a head (like children), the node of those lists (like sibling), the node of one global list */
    private const int Head = 0;
    private const int Sibling = 1;
    private const int Global = 2;

    /// <summary>list_add, list_add_tail(_rcu), list_del_init, list_del_rcu, list_move_tail, list_replace(_init/_rcu), list_splice_tail_init.</summary>
    [Fact]
    public void RandomListOperationsMatchReferenceLists()
    {
        var rng = new Random(4242);
        var items = Enumerable.Range(0, Entries).Select(i => new Item(i)).ToArray();
        var global = vmlinux.LIST_HEAD();
        var lists = new Dictionary<list_head, List<Item>> { [global] = [] };
        foreach (var it in items)
        {
            lists[it.Head(Head)] = [];
        }

        var onList = new Dictionary<list_head, list_head>();

        for (var op = 0; op < 3000; op++)
        {
            var it = items[rng.Next(Entries)];
            var member = rng.Next(2) == 0 ? Sibling : Global;
            var node = it.Head(member);
            list_head[] heads = member == Global ? [global] : [.. items.Where(x => x != it).Select(x => x.Head(Head))];
            var head = heads[rng.Next(heads.Length)];
            if (!onList.TryGetValue(node, out var at))
            {
                Add(lists[head], it, rng.Next(3), node, head);
                onList[node] = head;
            }
            else
            {
                switch (rng.Next(5))
                {
                    case 0:
                        vmlinux.list_del_init(node);
                        lists[at].Remove(it);
                        onList.Remove(node);
                        break;
                    case 1:
                        vmlinux.list_del_rcu(node);
                        lists[at].Remove(it);
                        onList.Remove(node);
                        break;
                    case 2:
                        vmlinux.list_move_tail(node, head);
                        lists[at].Remove(it);
                        lists[head].Add(it);
                        onList[node] = head;
                        break;
                    case 3:
                        Replace(lists, onList, items, node, at, member, rng);
                        break;
                    default:
                        Splice(lists, onList, at, head);
                        break;
                }
            }

            foreach (var (h, expected) in lists)
            {
                Check(h, expected);
            }
        }

        foreach (var node in onList.Keys)
        {
            vmlinux.list_del_init(node);
        }

        foreach (var h in lists.Keys)
        {
            Assert.True(vmlinux.list_empty(h));
        }
    }

    /// <summary>hlist_add_head_rcu, hlist_del_rcu, hlist_replace_rcu and hlists_swap_heads_rcu, with heads whose number differs from the member they link.</summary>
    [Fact]
    public void RandomHlistOperationsMatchReferenceLists()
    {
        var rng = new Random(2424);
        var items = Enumerable.Range(0, Entries).Select(i => new Item(i)).ToArray();

        /* head number h of every item links the items' node number 1 - h */
        var lists = new Dictionary<hlist_head, List<Item>>();
        foreach (var it in items)
        {
            lists[it.HlistHead(0)] = [];
            lists[it.HlistHead(1)] = [];
        }

        var onList = new Dictionary<hlist_node, hlist_head>();

        /* nodes deleted or replaced under RCU: their pprev is LIST_POISON2, so upstream's hlist_unhashed says no */
        var poisoned = new HashSet<hlist_node>();
        for (var op = 0; op < 3000; op++)
        {
            var it = items[rng.Next(Entries)];
            var member = rng.Next(2);
            var node = new hlist_node(it, member);
            var head = items[rng.Next(Entries)].HlistHead(1 - member);
            if (!onList.TryGetValue(node, out var at))
            {
                Assert.Equal(!poisoned.Remove(node), vmlinux.hlist_unhashed(node));
                vmlinux.hlist_add_head_rcu(node, head);
                lists[head].Insert(0, it);
                onList[node] = head;
            }
            else if (rng.Next(3) == 0)
            {
                vmlinux.hlist_del_rcu(node);
                Assert.False(vmlinux.hlist_unhashed(node));
                poisoned.Add(node);
                lists[at].Remove(it);
                onList.Remove(node);
            }
            else if (rng.Next(2) == 0)
            {
                var other = items.Select(x => new hlist_node(x, member)).Where(n => !onList.ContainsKey(n)).ToArray();
                if (other.Length == 0)
                {
                    continue;
                }

                var n = other[rng.Next(other.Length)];
                vmlinux.hlist_replace_rcu(node, n);
                poisoned.Remove(n);
                poisoned.Add(node);
                lists[at][lists[at].IndexOf(it)] = (Item)n.owner;
                onList.Remove(node);
                onList[n] = at;
            }
            else
            {
                vmlinux.hlists_swap_heads_rcu(at, head);
                (lists[at], lists[head]) = (lists[head], lists[at]);
                foreach (var n in onList.Where(e => e.Value.Equals(at) || e.Value.Equals(head)).ToArray())
                {
                    onList[n.Key] = n.Value.Equals(at) ? head : at;
                }
            }

            foreach (var (h, expected) in lists)
            {
                Assert.Equal(expected, vmlinux.hlist_entries<Item>(h));
            }
        }

        /* deleting goes through each node's pprev: a wrong head number there corrupts another list */
        foreach (var node in onList.Keys.OrderBy(_ => rng.Next()).ToArray())
        {
            vmlinux.hlist_del_rcu(node);
            lists[onList[node]].Remove((Item)node.owner);
            foreach (var (h, expected) in lists)
            {
                Assert.Equal(expected, vmlinux.hlist_entries<Item>(h));
            }
        }

        Assert.All(lists.Keys, h => Assert.True(vmlinux.hlist_empty(h)));
    }

    /// <summary>
    /// list_del_rcu, list_replace_rcu, hlist_del_rcu and hlist_replace_rcu leave the old entry's forward pointer
    /// where it was, so a reader standing on it still reaches the rest of the list, and poison its back pointer.
    /// </summary>
    [Fact]
    public void RcuDeletionsLetAReaderOnTheEntryGoOn()
    {
        var items = Enumerable.Range(0, 4).Select(i => new Item(i)).ToArray();
        var list = vmlinux.LIST_HEAD();
        foreach (var it in items.Take(3))
        {
            vmlinux.list_add_tail_rcu(it.Head(Global), list);
        }

        var reader = items[1].Head(Global);
        vmlinux.list_del_rcu(reader);
        Assert.Equal([items[0], items[2]], vmlinux.list_entries<Item>(list));
        Assert.Equal(items[2].Head(Global), reader.next);
        Assert.Throws<InvalidOperationException>(() => reader.prev.next);

        reader = items[2].Head(Global);
        vmlinux.list_replace_rcu(reader, items[3].Head(Global));
        Assert.Equal([items[0], items[3]], vmlinux.list_entries<Item>(list));
        Assert.Equal(list, reader.next);
        Assert.Throws<InvalidOperationException>(() => reader.prev.next);

        var head = items[0].HlistHead(0);
        foreach (var it in items.Skip(1).Reverse())
        {
            vmlinux.hlist_add_head_rcu(new hlist_node(it, 1), head);
        }

        var node = new hlist_node(items[2], 1);
        vmlinux.hlist_del_rcu(node);
        Assert.Equal([items[1], items[3]], vmlinux.hlist_entries<Item>(head));
        Assert.Same(items[3], node.slot.links.next);
        Assert.False(vmlinux.hlist_unhashed(node));
        Assert.Throws<InvalidOperationException>(() => vmlinux.hlist_del_rcu(node));

        node = new hlist_node(items[1], 1);
        vmlinux.hlist_replace_rcu(node, new hlist_node(items[2], 1));
        Assert.Equal([items[2], items[3]], vmlinux.hlist_entries<Item>(head));
        Assert.Same(items[3], node.slot.links.next);
        Assert.Throws<InvalidOperationException>(() => vmlinux.hlist_del_rcu(node));

        foreach (var it in items.Skip(2))
        {
            vmlinux.hlist_del_rcu(new hlist_node(it, 1));
        }

        Assert.True(vmlinux.hlist_empty(head));
    }

    private static void Add(List<Item> expected, Item it, int how, list_head node, list_head head)
    {
        if (how == 0)
        {
            vmlinux.list_add(node, head);
            expected.Insert(0, it);
        }
        else
        {
            if (how == 1)
            {
                vmlinux.list_add_tail(node, head);
            }
            else
            {
                vmlinux.list_add_tail_rcu(node, head);
            }

            expected.Add(it);
        }
    }

    /* another item's node of the same number, on no list, takes the node's place */
    private static void Replace(Dictionary<list_head, List<Item>> lists, Dictionary<list_head, list_head> onList, Item[] items, list_head node, list_head at, int member, Random rng)
    {
        var free = items.Select(x => x.Head(member)).Where(n => !onList.ContainsKey(n) && !(member == Sibling && n.owner == at.owner)).ToArray();
        if (free.Length == 0)
        {
            return;
        }

        var n = free[rng.Next(free.Length)];
        switch (rng.Next(3))
        {
            case 0:
                vmlinux.list_replace(node, n);
                vmlinux.INIT_LIST_HEAD(node);
                break;
            case 1:
                vmlinux.list_replace_init(node, n);
                break;
            default:
                vmlinux.list_replace_rcu(node, n);
                break;
        }

        var list = lists[at];
        list[list.FindIndex(x => x.Head(member) == node)] = (Item)n.owner;
        onList.Remove(node);
        onList[n] = at;
    }

    /* the entries of the node's list move to the end of another item's head (never onto their own) */
    private static void Splice(Dictionary<list_head, List<Item>> lists, Dictionary<list_head, list_head> onList, list_head from, list_head to)
    {
        if (from == to || lists[from].Any(x => x.Head(Head) == to))
        {
            return;
        }

        vmlinux.list_splice_tail_init(from, to);
        foreach (var moved in lists[from])
        {
            onList[moved.Head(Sibling)] = to;
        }

        lists[to].AddRange(lists[from]);
        lists[from].Clear();
    }

    /* forwards by next and backwards by prev, each link's other end pointing back */
    private static void Check(list_head head, List<Item> expected)
    {
        Assert.Equal(expected, vmlinux.list_entries<Item>(head));
        var backwards = new List<Item>();
        for (var pos = head.prev; pos != head; pos = pos.prev)
        {
            Assert.Equal(pos, pos.next.prev);
            backwards.Add((Item)pos.owner);
        }

        backwards.Reverse();
        Assert.Equal(expected, backwards);
        Assert.Equal(expected.Count == 0, vmlinux.list_empty(head));
    }

    /* a structure with three list heads, two hlist nodes and two hlist heads, its links' head numbers stored apart */
    private sealed class Item : list_head_container, hlist_node_container, hlist_head_container
    {
        private readonly list_head_links[] links = new list_head_links[3];
        private readonly list_head_index[] indices = new list_head_index[3];
        private readonly hlist_node_links[] nodes = new hlist_node_links[2];
        private readonly sbyte[] pprev = new sbyte[2];
        private readonly hlist_node_container?[] first = new hlist_node_container?[2];
        private readonly int id;

        public Item(int id)
        {
            this.id = id;
            for (var i = 0; i < 3; i++)
            {
                vmlinux.INIT_LIST_HEAD(new list_head(this, i));
            }
        }

        public list_head Head(int index) => new(this, index);

        public hlist_head HlistHead(int index) => new(this, index, 1 - index);

        list_head_slot list_head_container.list_head_at(int index) => new(ref this.links[index], ref this.indices[index]);

        hlist_node_slot hlist_node_container.hlist_node_at(int index) => new(ref this.nodes[index], ref this.pprev[index]);

        ref hlist_node_container? hlist_head_container.hlist_head_first(int index) => ref this.first[index];

        public override string ToString() => $"item{this.id}";
    }
}
