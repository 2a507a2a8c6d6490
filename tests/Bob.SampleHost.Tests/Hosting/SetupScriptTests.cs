using System.Diagnostics;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 18.9: the README's commands set up what they need, or stop before building with one line naming what is missing
/// and how to get it. Run here on a PATH without git, dotnet and PostgreSQL, with installing turned off.
/// </summary>
public sealed class SetupScriptTests : IDisposable
{
    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("bob-bare-path.");

    public SetupScriptTests()
    {
        foreach (var tool in new[] { "bash", "ls", "id", "dirname", "cat", "mktemp", "env" })
        {
            var path = new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, tool)).First(File.Exists);
            File.CreateSymbolicLink(Path.Combine(_bin.FullName, tool), path);
        }
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_bin.FullName, "bash")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "scripts", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = _bin.FullName;
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["PG_BIN"] = "/nonexistent/postgresql/bin";
        start.Environment["BOB_CHROMIUM"] = "/nonexistent/chromium";
        start.Environment["BOB_SETUP_NO_INSTALL"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("setup.sh", "test", "postgresql git chromium npm")]
    [InlineData("setup.sh", "run", "postgresql git")]
    [InlineData("test.sh", "", "postgresql git chromium npm")]
    [InlineData("run-sample-host.sh", "", "postgresql git")]
    public async Task OnAMachineWithoutWhatItNeeds_TheCommandStopsBeforeBuilding_WithOneLineSayingWhatAndHow(string script, string argument, string missing)
    {
        var (exit, stdout, stderr) = argument.Length > 0 ? await RunAsync(script, argument) : await RunAsync(script);

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"missing {missing};", line, StringComparison.Ordinal);
        Assert.Contains($"apt-get install {missing}", line, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    public void Dispose() => _bin.Delete(recursive: true);
}
