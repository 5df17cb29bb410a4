// SPDX-License-Identifier: GPL-2.0-only

using Linux;
using Xunit;

namespace Kernel.Tests;

/// <summary>Behaviour that follows from porting copy_process and copy_sighand as v6.19 has them.</summary>
public sealed class UpstreamFidelityTests : KernelTest
{
    /// <summary>A namespace init is SIGNAL_UNKILLABLE, and an init may not create siblings with CLONE_PARENT.</summary>
    [Fact]
    public void NamespaceInitIsUnkillableAndHasNoSiblings()
    {
        var a = this.Fork(this.Shell, "a");
        Assert.Equal(0, this.Unshare(a));
        var nsInit = this.Fork(a, "nsinit");
        var child = this.Fork(this.Shell, "child");

        Assert.NotEqual(0u, nsInit.signal.flags & vmlinux.SIGNAL_UNKILLABLE);
        Assert.Equal(0u, child.signal.flags & vmlinux.SIGNAL_UNKILLABLE);
        Assert.Equal(0u, a.signal.flags & vmlinux.SIGNAL_UNKILLABLE);

        var sibling = this.K.clone(nsInit, new kernel_clone_args { flags = vmlinux.CLONE_PARENT, comm = "sibling" });
        Assert.Equal(-errno.EINVAL, vmlinux.PTR_ERR(sibling));

        /* the parent namespace's SIGKILL is forced through; then reap both */
        this.Sys(a, k => k.kill_pid_info_type(vmlinux.SIGKILL, in vmlinux.SEND_SIG_NOINFO, vmlinux.task_pid(nsInit)!, pid_type.PIDTYPE_TGID));
        Assert.NotEqual(0, nsInit.exit_state);
        this.Reap(nsInit);
        this.Exit(child, 0);
        this.Reap(child);
    }

    /// <summary>A SIGKILL from inside its own namespace does not reach the namespace init.</summary>
    [Fact]
    public void NamespaceInitIgnoresSigkillFromInside()
    {
        var a = this.Fork(this.Shell, "a");
        Assert.Equal(0, this.Unshare(a));
        var nsInit = this.Fork(a, "nsinit");
        var inside = this.Fork(nsInit, "inside");

        this.Sys(inside, k => k.kill_pid_info_type(vmlinux.SIGKILL, in vmlinux.SEND_SIG_NOINFO, vmlinux.task_pid(nsInit)!, pid_type.PIDTYPE_TGID));
        Assert.Equal(0, nsInit.exit_state);
        Assert.Equal(0ul, nsInit.pending.signal & vmlinux.sigmask(vmlinux.SIGKILL));

        this.Exit(inside, 0);
        this.Reap(inside);
        this.Exit(nsInit, 0);
        this.Reap(nsInit);
    }

    /// <summary>CLONE_CLEAR_SIGHAND gives the child default handlers, except for ignored signals.</summary>
    [Fact]
    public void CloneClearSighandResetsCaughtSignals()
    {
        var a = this.Fork(this.Shell, "a");
        a.sighand!.action[vmlinux.SIGUSR1 - 1].sa_handler = vmlinux.SIG_HANDLER;
        a.sighand.action[vmlinux.SIGUSR2 - 1].sa_handler = vmlinux.SIG_IGN;

        var kept = this.K.clone(a, new kernel_clone_args { exit_signal = vmlinux.SIGCHLD, comm = "kept" });
        var cleared = this.K.clone(a, new kernel_clone_args { flags = vmlinux.CLONE_CLEAR_SIGHAND, exit_signal = vmlinux.SIGCHLD, comm = "cleared" });

        Assert.Equal(vmlinux.SIG_HANDLER, kept.sighand!.action[vmlinux.SIGUSR1 - 1].sa_handler);
        Assert.Equal(vmlinux.SIG_DFL, cleared.sighand!.action[vmlinux.SIGUSR1 - 1].sa_handler);
        Assert.Equal(vmlinux.SIG_IGN, cleared.sighand.action[vmlinux.SIGUSR2 - 1].sa_handler);

        foreach (var c in new[] { kept, cleared })
        {
            this.Exit(c, 0);
            this.Reap(c);
        }
    }
}
