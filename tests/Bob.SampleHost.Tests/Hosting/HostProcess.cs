using System.Diagnostics;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>Runs the built sample host as a real process, the way a user runs it.</summary>
internal static class HostProcess
{
    public static string HostDll
    {
        get
        {
            var dll = Path.Combine(RepositoryPaths.Root, "samples", "Bob.SampleHost", "bin", RepositoryPaths.Configuration, RepositoryPaths.TargetFramework, "Bob.SampleHost.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the sample host first.", dll);
        }
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IDictionary<string, string?> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "ConnectionStrings__Bob", "GIT_TOKEN_ENCRYPTION_KEY", "GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS", "ASPNETCORE_URLS", "URLS" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The sample host did not exit within {timeout}. stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
