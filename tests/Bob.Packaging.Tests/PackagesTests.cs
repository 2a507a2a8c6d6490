using System.Diagnostics;
using System.IO.Compression;
using Bob.Testing;

namespace Bob.Packaging.Tests;

/// <summary>Packs every src/ project and builds a small consumer against the packages from a local folder feed, as a host app would.</summary>
public sealed class PackagesTests(PackedFeed packed) : IClassFixture<PackedFeed>
{
    private static readonly string[] Packages =
    [
        "Bob.Git.Abstractions", "Bob.Git", "Bob.Git.GitHub", "Bob.Git.GitLab", "Bob.Git.Gitea",
        "Bob.Vault", "Bob.Webhooks", "Bob.Webhooks.AspNetCore", "Bob.Tasks", "Bob.Notifications", "Bob.Postgres",
    ];

    /// <summary>What a worker that stores connections and processes deliveries references: no ASP.NET Core among them.</summary>
    private static readonly string[] WorkerPackages = [.. Packages.Where(p => p != "Bob.Webhooks.AspNetCore")];

    private string Feed => packed.Feed;

    [Fact]
    public void Pack_EachSrcProject_HasLibraryXmlDocsReadmeAndSymbols()
    {
        foreach (var package in Packages)
        {
            var nupkg = Path.Combine(Feed, $"{package}.{packed.Version}.nupkg");
            Assert.True(File.Exists(nupkg), $"{package} was not packed");
            Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), $"{package} has no symbol package");
            using var zip = ZipFile.OpenRead(nupkg);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains($"lib/net10.0/{package}.dll", entries);
            Assert.Contains($"lib/net10.0/{package}.xml", entries);
            Assert.Contains("README.md", entries);
        }

        Assert.DoesNotContain(Directory.GetFiles(Feed), f => Path.GetFileName(f).StartsWith("Bob.SampleHost", StringComparison.Ordinal) || Path.GetFileName(f).Contains("Tests", StringComparison.Ordinal));
    }

    /// <summary>A plain worker (no web SDK, no ASP.NET Core) builds and runs against every package but the ASP.NET Core receivers.</summary>
    [Fact]
    public async Task Consumer_BuildsAndRunsAgainstThePackages()
    {
        var app = await WriteConsumerAsync("consumer", "Microsoft.NET.Sdk", WorkerPackages, """
                <OutputType>Exe</OutputType>
            """, """
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using Bob.Git;
            using Bob.Git.Abstractions;
            using Bob.Notifications;
            using Bob.Tasks;
            using Microsoft.Extensions.DependencyInjection;

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddBobPostgres(o => o.ConnectionString = "Host=127.0.0.1;Database=unused");
            services.AddBobGit().AddGitHub().AddGitLab(o => o.BaseUrl = "https://git.example.org/gitlab/").AddGitea();
            services.AddBobWebhooks();
            using var provider = services.BuildServiceProvider();
            Console.WriteLine(provider.GetRequiredService<Bob.Webhooks.WebhookReceiver>().MaxBodyBytes);
            var remote = provider.GetRequiredService<GitInstanceRegistry>().Parser.Parse("git@git.example.org:platform/tools/cli.git").Identity;
            Console.WriteLine($"{remote.Provider.ToWireName()} {remote.InstanceUrl} {remote.FullName}");
            Console.WriteLine(SessionBranchName.Create(Guid.Empty, "Fix login"));
            Console.WriteLine(DeepLinks.Repository(Guid.Empty));
            """);

        var run = await RunAsync(app, "dotnet", "run", "--project", Path.Combine(app, "consumer.csproj"));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("gitlab https://git.example.org/gitlab platform/tools/cli", run.Output, StringComparison.Ordinal);
        Assert.Contains("bob/00000000/fix-login", run.Output, StringComparison.Ordinal);
        Assert.Contains("bob://repo/00000000-0000-0000-0000-000000000000", run.Output, StringComparison.Ordinal);
        Assert.Contains("26214400", run.Output, StringComparison.Ordinal);

        // The worker runs on .NET alone: no ASP.NET Core shared framework.
        var runtimeConfig = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(app, "bin"), "consumer.runtimeconfig.json", SearchOption.AllDirectories).Single());
        Assert.Contains("Microsoft.NETCore.App", runtimeConfig, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.AspNetCore.App", runtimeConfig, StringComparison.Ordinal);
    }

    /// <summary>
    /// A web host maps the webhook routes from Bob.Webhooks.AspNetCore, the one package that needs ASP.NET Core: one route per
    /// source its packages registered (GitHub from Bob.Git.GitHub, Kanbanger from Bob.Tasks), none for providers it left out.
    /// </summary>
    [Fact]
    public async Task WebHostConsumer_MapsTheWebhookRoutesFromThePackages()
    {
        var app = await WriteConsumerAsync("web-consumer", "Microsoft.NET.Sdk.Web", Packages, "", "");
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddBobPostgres(o => o.ConnectionString = "Host=127.0.0.1;Database=unused");
            builder.Services.AddBobGit().AddGitHub();
            builder.Services.AddBobTaskRuns();
            builder.Services.AddBobWebhooks();
            var app = builder.Build();
            app.MapBobWebhooks();
            foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
            {
                Console.WriteLine(endpoint.RoutePattern.RawText);
            }
            """);

        var run = await RunAsync(app, "dotnet", "run", "--project", Path.Combine(app, "web-consumer.csproj"));

        Assert.True(run.ExitCode == 0, run.Output);
        foreach (var source in new[] { "github", "kanbanger" })
        {
            Assert.Contains($"/api/webhooks/{source}", run.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("/api/webhooks/gitlab", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Writes a consumer project named <paramref name="name"/> referencing <paramref name="packages"/> from the local feed only.</summary>
    private async Task<string> WriteConsumerAsync(string name, string sdk, IEnumerable<string> packages, string properties, string items)
    {
        var app = Path.Combine(packed.Work, name);
        Directory.CreateDirectory(app);
        var references = string.Join(Environment.NewLine, packages.Select(p => $"    <PackageReference Include=\"{p}\" Version=\"{packed.Version}\" />"));
        await File.WriteAllTextAsync(Path.Combine(app, $"{name}.csproj"), $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
            {properties}
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{Path.Combine(packed.Work, "packages")}</RestorePackagesPath>
                <RestoreFallbackFolders>{NuGetGlobalFolder()}</RestoreFallbackFolders>
              </PropertyGroup>
              <ItemGroup>
            {references}
            {items}
              </ItemGroup>
            </Project>
            """);
        await WriteNuGetConfigAsync(app);
        return app;
    }

    /// <summary>Points a consumer at the local feed of packed packages only.</summary>
    private Task WriteNuGetConfigAsync(string app) =>
        File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="bob-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

    private static string NuGetGlobalFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    internal static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings must not leak into the child build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>Packs the solution once into a temporary folder feed with a unique version.</summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public string Work { get; } = Directory.CreateTempSubdirectory("bob-packaging-").FullName;

    public string Version { get; } = $"0.0.0-pkgtest.{Guid.NewGuid():N}"[..30];

    public string Feed => Path.Combine(Work, "feed");

    public async Task InitializeAsync()
    {
        var root = RepositoryPaths.Root;
        var result = await PackagesTests.RunAsync(root, "dotnet", "pack", Path.Combine(root, "Bob.sln"), "--no-build", "-c", RepositoryPaths.Configuration,
            "-o", Feed, $"-p:PackageVersion={Version}");
        Assert.True(result.ExitCode == 0, result.Output);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        return Task.CompletedTask;
    }
}
