using System.Diagnostics;

namespace Bob.Testing;

/// <summary>
/// A PostgreSQL cluster of the test's own (<c>scripts/pg-local.sh</c> in a temporary folder), which the test may stop and
/// start again on the same port, as an operator or a crash would, without disturbing the cluster other tests share.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bob-test-own-pg.").FullName;

    /// <summary>Its connection string (the same after a restart).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Initialises and starts the cluster.</summary>
    public static async Task<LocalPostgresCluster> StartAsync()
    {
        var cluster = new LocalPostgresCluster();
        cluster.ConnectionString = await cluster.RunAsync("start");
        return cluster;
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>: open connections are terminated, new ones refused).</summary>
    public Task StopAsync() => RunAsync("stop");

    /// <summary>Starts it again, on its port.</summary>
    public async Task RestartAsync()
    {
        var again = await RunAsync("start");
        if (again != ConnectionString)
        {
            throw new InvalidOperationException("The cluster came back on another port.");
        }
    }

    private async Task<string> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "scripts", "pg-local.sh"));
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(_directory);
        start.Environment["PG_LOCAL_FAST"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? (await stdout).Trim()
            : throw new InvalidOperationException($"pg-local.sh {command} failed: {await stderr}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await RunAsync("destroy");
}
