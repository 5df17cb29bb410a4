// SPDX-License-Identifier: GPL-2.0-only

//
// include/linux/nsproxy.h: the namespaces a task uses. Only the pid
// namespace for children is modelled; the other namespaces are not reached
// by the pid core (pidfs's namespace ioctls, which would need them, are not
// ported).
namespace Linux;

/// <summary>struct nsproxy.</summary>
public sealed class nsproxy
{
    public refcount_t count = new(1);
    public pid_namespace pid_ns_for_children = null!;
}
