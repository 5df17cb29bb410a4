// SPDX-License-Identifier: GPL-2.0-only

using Kpidfs.Scenario;

namespace Kpidfs.Host;

/// <summary>A child died while it made a call for the scenario (no answer, and it has exited).</summary>
/// <param name="message">What it was doing.</param>
internal sealed class ChildDiedException(string message) : BackendException(message);
