// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.CommandLine;
using Kpidfs;

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

return root.Parse(args).Invoke();
