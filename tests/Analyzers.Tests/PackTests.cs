// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// <c>dotnet pack</c> of analyzers/ gives a package another project can use: a copy of the analyzer
/// sources is packed into a temporary folder, and a tiny sample project restores it from there and
/// fails its build with the analyzer's diagnostic. Nothing is written into the repository.
/// </summary>
public class PackTests
{
    private const string SampleProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>disable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="pidfs.Analyzers" Version="0.1.0" PrivateAssets="all" />
          </ItemGroup>
        </Project>
        """;

    private const string SampleSource = """
        namespace Sample
        {
            using System;

            [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
            public sealed class __must_hold : Attribute { public __must_hold(params string[] locks) { } }

            public sealed class spinlock_t { }

            public sealed class vmlinux
            {
                public spinlock_t pidmap_lock = new spinlock_t();
                public void spin_lock(spinlock_t l) { }
                public void spin_unlock(spinlock_t l) { }

                [__must_hold("pidmap_lock")]
                public void pidfs_add_pid() { }

                public int forgets_to_unlock(int x)
                {
                    spin_lock(pidmap_lock);
                    if (x > 0)
                        return -22;
                    pidfs_add_pid();
                    spin_unlock(pidmap_lock);
                    return 0;
                }
            }
        }
        """;

    /// <summary>Pack, consume from a local folder, see KRN1001 fail the sample's build.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void PackageWorksInAnotherProject()
    {
        var temp = Path.Combine(Path.GetTempPath(), "pidfs-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var src = Path.Combine(temp, "src");
            Directory.CreateDirectory(src);
            foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Kbuild.props", "stylecop.json", ".editorconfig" })
            {
                File.Copy(Path.Combine(Repo.Root, file), Path.Combine(src, file));
            }

            var analyzers = Path.Combine(Repo.Root, "analyzers");
            foreach (var file in Directory.EnumerateFiles(analyzers, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(analyzers, file);
                if (rel.Split(Path.DirectorySeparatorChar).First() is "bin" or "obj")
                {
                    continue;
                }

                var target = Path.Combine(src, "analyzers", rel);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var feed = Path.Combine(temp, "feed");
            var pack = Run(src, null, "pack", "analyzers/Analyzers.csproj", "-c", "Release", "-o", feed, "-nologo");
            Assert.True(pack.Code == 0, "dotnet pack failed:\n" + pack.Output);
            var nupkg = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
            Assert.EndsWith("pidfs.Analyzers.0.1.0.nupkg", nupkg, StringComparison.Ordinal);

            var sample = Path.Combine(temp, "sample");
            Directory.CreateDirectory(sample);
            File.WriteAllText(Path.Combine(sample, "Sample.csproj"), SampleProject);
            File.WriteAllText(Path.Combine(sample, "Sample.cs"), SampleSource);
            var packages = Path.Combine(temp, "packages");
            var restore = Run(sample, packages, "restore", "--source", feed, "--source", "https://api.nuget.org/v3/index.json");
            Assert.True(restore.Code == 0, "restore failed:\n" + restore.Output);
            Assert.True(File.Exists(Path.Combine(packages, "pidfs.analyzers", "0.1.0", "analyzers", "dotnet", "cs", "Pidfs.Analyzers.dll")), "analyzer dll not under analyzers/dotnet/cs");
            var build = Run(sample, packages, "build", "--no-restore", "-nologo");
            Assert.True(build.Code != 0, "the sample built although it has a violation:\n" + build.Output);
            const string expected = "error KRN1001: 'pidmap_lock' acquired here is still held when 'forgets_to_unlock' returns on the error path at line 23";
            Assert.True(build.Output.Contains(expected, StringComparison.Ordinal), build.Output);
        }
        finally
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // a build server may still hold a file; the folder is in /tmp
            }
        }
    }

    private static (int Code, string Output) Run(string dir, string? packages, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.ArgumentList.Add("-p:UseSharedCompilation=false");
        if (packages != null)
        {
            psi.Environment["NUGET_PACKAGES"] = packages;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(180_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, "timeout\n" + stdout.Result + stderr.Result);
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
