// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/rbtree.h: the node type embedded in structures kept in a
// red-black tree. The tree operations are in lib/rbtree.cs.
namespace Linux;

/// <summary>struct rb_node.</summary>
public sealed partial class rb_node
{
    /// <summary>Initializes a new instance of the <see cref="rb_node"/> class.</summary>
    /// <param name="owner">The embedding structure (what rb_entry returns).</param>
    public rb_node(object owner) => this.owner = owner;

    /// <summary>Gets the embedding structure.</summary>
    public object owner { get; }
}
