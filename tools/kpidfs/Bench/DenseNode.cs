// SPDX-License-Identifier: GPL-2.0-only

using Linux;

namespace Kpidfs.Bench;

/// <summary>A node of the reference tree: an rb_node that is its own structure, and its key.</summary>
internal sealed class DenseNode : rb_node
{
    /// <summary>Initializes a new instance of the <see cref="DenseNode"/> class.</summary>
    /// <param name="key">The key.</param>
    public DenseNode(ulong key) => this.Key = key;

    /// <summary>Gets the key (an inode number of the population).</summary>
    public ulong Key { get; }
}
