// SPDX-License-Identifier: GPL-2.0-only

using System;

namespace Kpidfs.Scenario;

/// <summary>A line that a backend cannot run faithfully (it would block forever, signal a process the scenario does not own, …).</summary>
/// <param name="message">What is wrong.</param>
public class BackendException(string message) : Exception(message);
