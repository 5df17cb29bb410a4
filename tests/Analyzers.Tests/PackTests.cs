// SPDX-License-Identifier: GPL-2.0-only
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace Pidfs.Analyzers.Tests;

/// <summary>
/// <c>dotnet pack</c> of analyzers/ gives a package another project can use: the analyzer this run
/// built is packed (without building again) into a temporary folder, and a tiny sample project restores
/// it from there and fails its build with the analyzer's diagnostic. The sample declares no attribute:
/// the annotation vocabulary (<c>using Pidfs.Annotations;</c>) comes with the package as source, and its
/// lock primitives are lock primitives because they carry <c>__acquire</c> and <c>__release</c>.
/// Only obj/ of the tree is touched.
/// </summary>
/* three dotnet processes: started early, beside the in-process classes */
[StartOrder(3)]
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
            using Pidfs.Annotations;

            public sealed class spinlock_t { }

            public sealed class vmlinux
            {
                public spinlock_t pidmap_lock = new spinlock_t();
                [__acquire("l")] public void spin_lock(spinlock_t l) { }
                [__release("l")] public void spin_unlock(spinlock_t l) { }

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

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    // Each Kconfig variant keeps its output in folders of its own (bin32/, bin-lockdep_n-...): pack from
    // the build this run made, named by this test's own output folder (bin<variant>/<Configuration>/<tfm>/).
    private static readonly string Variant = Path.GetFileName(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..")))[3..];

    /// <summary>Pack, consume from a local folder, see KRN1001 fail the sample's build.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void PackageWorksInAnotherProject()
    {
        var temp = Path.Combine(Path.GetTempPath(), "pidfs-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            /* pack the analyzer this test run already built (no second build, nothing new in the tree but obj/) */
            var feed = Path.Combine(temp, "feed");
            var pack = Run(Repo.Root, null, "pack", "analyzers/Analyzers.csproj", "--no-build", "-c", Configuration, "-o", feed, "-nologo", "-p:KbuildVariant=" + Variant);
            Assert.True(pack.Code == 0, "dotnet pack failed:\n" + pack.Output);
            var nupkg = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
            Assert.EndsWith("pidfs.Analyzers.0.1.0.nupkg", nupkg, StringComparison.Ordinal);

            var sample = Path.Combine(temp, "sample");
            Directory.CreateDirectory(sample);
            File.WriteAllText(Path.Combine(sample, "Sample.csproj"), SampleProject);
            File.WriteAllText(Path.Combine(sample, "Sample.cs"), SampleSource);
            var packages = Path.Combine(temp, "packages");
            /* the local folder is added to the machine's own package sources, not in place of them */
            File.WriteAllText(Path.Combine(sample, "nuget.config"), $"<configuration><packageSources><add key=\"local\" value=\"{feed}\" /></packageSources></configuration>");

            // restore and build in one dotnet process (a second one costs seconds of start-up and evaluation)
            var build = Run(sample, packages, "build", "-nologo");
            Assert.True(File.Exists(Path.Combine(packages, "pidfs.analyzers", "0.1.0", "analyzers", "dotnet", "cs", "Pidfs.Analyzers.dll")), "analyzer dll not under analyzers/dotnet/cs (restore failed?):\n" + build.Output);
            Assert.True(File.Exists(Path.Combine(packages, "pidfs.analyzers", "0.1.0", "contentFiles", "cs", "any", "PidfsAnnotations.cs")), "the annotation vocabulary is not in the package");
            Assert.True(build.Code != 0, "the sample built although it has a violation:\n" + build.Output);
            const string expected = "error KRN1001: 'pidmap_lock' acquired here is still held when 'forgets_to_unlock' returns on the error path at line 20";
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
