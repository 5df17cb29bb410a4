// SPDX-License-Identifier: GPL-2.0-only

using Xunit;

/* host scenarios share this process's fd table: they must not run side by side */
[assembly: CollectionBehavior(DisableTestParallelization = true)]
