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

var benchCommand = new Command("bench", "Measure the model's speed; ends with a summary line.");
var countOption = new Option<int>("--count") { Description = "How many alloc_pid+free_pid pairs.", DefaultValueFactory = _ => 4 * 1024 * 1024 };
benchCommand.Options.Add(countOption);
benchCommand.SetAction(parseResult =>
{
    Console.Write(Bench.PidAllocFree(parseResult.GetValue(countOption)));
    return 0;
});
root.Subcommands.Add(benchCommand);

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

var stateFile = new Argument<string>("FILE") { Description = "A scenario file (.scn)." };
var stateCommand = new Command("state", "Run a file on the model and print the kernel's state afterwards.") { stateFile };
stateCommand.SetAction(p => ScenarioCommands.State(p.GetValue(stateFile)!, Console.Out, Console.Error));
root.Subcommands.Add(stateCommand);

return root.Parse(args).Invoke();
