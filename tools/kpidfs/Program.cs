// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.CommandLine;
using Kpidfs;
using Kpidfs.Commands;
using Kpidfs.Host;

if (args is [ChildMode.Command])
{
    return ChildMode.Serve();
}

var root = new RootCommand("kpidfs: run the pidfs.cs model kernel. With no command it runs the built-in demo.");
root.SetAction(_ =>
{
    Console.Write(Demo.Run());
    return 0;
});

root.Subcommands.Add(Kpidfs.Bench.BenchCommand.Create());
root.Subcommands.Add(Kpidfs.PortStatus.PortStatusCommand.Create());

var files = new Argument<string[]>("FILE") { Description = "Scenario files (.scn).", Arity = ArgumentArity.OneOrMore };
var backendOption = new Option<string>("--backend") { Description = "model or host.", DefaultValueFactory = _ => "model" };
backendOption.AcceptOnlyFromAmong("model", "host");
var runCommand = new Command("run", "Run scenario files and print their transcripts.") { files, backendOption };
runCommand.SetAction(p => ScenarioCommands.Run(p.GetValue(files)!, p.GetValue(backendOption)!, Console.Out, Console.Error));
root.Subcommands.Add(runCommand);

var diffFiles = new Argument<string[]>("FILE") { Description = "Scenario files (.scn).", Arity = ArgumentArity.OneOrMore };
var diffCommand = new Command("diff", "Run each file on the model and on the host; print same or a unified diff.") { diffFiles };
diffCommand.SetAction(p => ScenarioCommands.Diff(p.GetValue(diffFiles)!, Console.Out, Console.Error));
root.Subcommands.Add(diffCommand);

var fuzzSeed = new Option<int>("--seed") { Description = "The campaign seed (sequence i uses System.Random(seed*1000003+i)).", DefaultValueFactory = _ => 1 };
var fuzzCount = new Option<int>("--count") { Description = "How many sequences.", DefaultValueFactory = _ => 100 };
var fuzzStart = new Option<int>("--start") { Description = "The first sequence's index.", DefaultValueFactory = _ => 0 };
var fuzzOut = new Option<string>("--out") { Description = "Where divergent sequences go.", DefaultValueFactory = _ => "fuzz-out" };
var fuzzBackendOnly = new Option<string?>("--backend-only") { Description = "model: run only the model (finds crashes fast)." };
fuzzBackendOnly.AcceptOnlyFromAmong("model");
var fuzzPrint = new Option<bool>("--print") { Description = "Print the generated sequences instead of running them." };
var fuzzCommand = new Command("fuzz", "Run random valid scenarios on both backends; write each divergent one, shrunk, to a folder.")
{
    fuzzSeed, fuzzCount, fuzzStart, fuzzOut, fuzzBackendOnly, fuzzPrint,
};
fuzzCommand.SetAction(p => p.GetValue(fuzzPrint) ? FuzzCommand.Print(p.GetValue(fuzzSeed), p.GetValue(fuzzCount), p.GetValue(fuzzStart), Console.Out) : FuzzCommand.Run(p.GetValue(fuzzSeed), p.GetValue(fuzzCount), p.GetValue(fuzzStart), p.GetValue(fuzzOut)!, p.GetValue(fuzzBackendOnly), Console.Out, Console.Error));
root.Subcommands.Add(fuzzCommand);

var faultFiles = new Argument<string[]>("FILE") { Description = "Scenario files (.scn).", Arity = ArgumentArity.OneOrMore };
var faultsVerbose = new Option<bool>("--verbose") { Description = "Print every injected run (FILE:LINE: allocation i of n), not only the failing ones." };
var faultsCommand = new Command("faults", "Fail each allocation each scenario line makes, one run per allocation; check errno, WARNs and leaks.") { faultFiles, faultsVerbose };
faultsCommand.SetAction(p => Kpidfs.Faults.FaultsCommand.Run(p.GetValue(faultFiles)!, Console.Out, Console.Error, p.GetValue(faultsVerbose)));
root.Subcommands.Add(faultsCommand);

var lockdepFile = new Argument<string>("FILE") { Description = "A scenario file (.scn)." };
var lockdepCommand = new Command("lockdep", "Run a file on the model and print the lock chains lockdep saw, like /proc/lockdep_chains.") { lockdepFile };
lockdepCommand.SetAction(p => ScenarioCommands.Lockdep(p.GetValue(lockdepFile)!, Console.Out, Console.Error));
root.Subcommands.Add(lockdepCommand);

var stressCpus = new Option<int>("--cpus") { Description = "How many CPUs (host threads).", DefaultValueFactory = _ => 2 };
var stressOps = new Option<long>("--ops") { Description = "How many operations in all.", DefaultValueFactory = _ => 10000 };
var stressSeed = new Option<int>("--seed") { Description = "The seed (CPU i uses System.Random(seed*1000003+i)).", DefaultValueFactory = _ => 1 };
var stressCommand = new Command("stress", "Run a random mix of process and pidfd operations on N CPUs of one kernel, lockdep on, with a hang watchdog.") { stressCpus, stressOps, stressSeed };
stressCommand.SetAction(p => Kpidfs.Stress.StressCommand.Run(p.GetValue(stressCpus), p.GetValue(stressOps), p.GetValue(stressSeed), Console.Out));
root.Subcommands.Add(stressCommand);

var stateFile = new Argument<string>("FILE") { Description = "A scenario file (.scn)." };
var stateCommand = new Command("state", "Run a file on the model and print the kernel's state afterwards.") { stateFile };
stateCommand.SetAction(p => ScenarioCommands.State(p.GetValue(stateFile)!, Console.Out, Console.Error));
root.Subcommands.Add(stateCommand);

return root.Parse(args).Invoke();
