using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Bob.SampleHost.Tests;

/// <summary>The built sample host serving on a free loopback port as a real process (Kestrel, its own GC), until disposed.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Task<string> _stdout;

    private RunningHost(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _stderr = process.StandardError.ReadToEndAsync();
        _stdout = process.StandardOutput.ReadToEndAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>The process's working set now, in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public static async Task<RunningHost> StartAsync(string connectionString, IDictionary<string, string?> settings)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostProcess.HostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ConnectionStrings__Bob"] = connectionString;
        start.Environment["GIT_TOKEN_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var host = new RunningHost(Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started."), new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        // Waits for start-up (migrations included); the bound only keeps a broken build from hanging.
        for (var i = 0; i < 600; i++)
        {
            if (host._process.HasExited)
            {
                throw new InvalidOperationException($"The sample host exited with {host._process.ExitCode}: {await host._stderr}");
            }

            try
            {
                if ((await client.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await host.DisposeAsync();
        throw new TimeoutException("The sample host did not answer /healthz.");
    }

    /// <summary>Stops the process (SIGKILL) and returns what it logged (the console logger writes to standard output).</summary>
    public async Task<string> StopAndReadLogAsync()
    {
        await KillAsync();
        return await _stdout + await _stderr;
    }

    /// <summary>Kills the process with SIGKILL, as a crash would: no shutdown, no lease released, no request finished.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
