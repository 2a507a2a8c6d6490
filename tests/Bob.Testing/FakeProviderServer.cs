using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bob.Testing;

/// <summary>One request as the fake provider received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>A header's value, or <see langword="null"/>.</summary>
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>"METHOD /path?query", for assertions.</summary>
    public override string ToString() => $"{Method} {Path}{Query}";
}

/// <summary>What the fake provider answers.</summary>
public sealed record FakeResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    /// <summary>A JSON answer.</summary>
    public static FakeResponse Json(int status, string body, IReadOnlyDictionary<string, string>? headers = null) => new(status, body, headers);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a git provider's API: every request is recorded (method, path, query,
/// headers, body) for the test to check against the provider's documentation, and answered by the test's handler.
/// Requests the handler does not expect get 599, so a wrong path fails the test loudly.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeProviderServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>The server's base address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>
    /// When set, git's smart HTTP requests (<c>/{path}.git/info/refs</c>, <c>git-upload-pack</c>, <c>git-receive-pack</c>)
    /// are served from the bare repositories under this directory by the real <c>git http-backend</c>; everything else goes
    /// to <see cref="Handler"/>.
    /// </summary>
    public string? GitRoot { get; set; }

    /// <summary>The <c>Authorization</c> header git requests must carry (<see langword="null"/>: none needed); others get 401.</summary>
    public string? GitAuthorization { get; set; }

    /// <summary>When set, decides which <c>Authorization</c> headers git requests may carry (instead of <see cref="GitAuthorization"/>): tokens that change, as installation tokens do.</summary>
    public Func<string?, bool>? GitAuthorizes { get; set; }

    private int _inFlight;
    private int _maxInFlight;

    /// <summary>The most requests (other than git's) that were being answered at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }

    private sealed class Decrement(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    /// <summary>The answer for each request; <see langword="null"/> answers 599 (unexpected request).</summary>
    public Func<RecordedRequest, FakeResponse?> Handler { get; set; } = _ => null;

    /// <summary>Starts a server with no routes; set <see cref="Handler"/>.</summary>
    public static async Task<FakeProviderServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeProviderServer? server = null;
        app.Run(async context =>
        {
            if (server!.GitRoot is { } gitRoot && GitSmartHttp.IsGitRequest(context.Request.Path.Value))
            {
                var gitHeaders = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
                server.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "", gitHeaders, ""));
                await GitSmartHttp.ServeAsync(context, gitRoot, server.GitAuthorization, server.GitAuthorizes);
                return;
            }

            var inFlight = Interlocked.Increment(ref server!._inFlight);
            InterlockedMax(ref server._maxInFlight, inFlight);
            using var _ = new Decrement(() => Interlocked.Decrement(ref server._inFlight));

            // A gzipped body (Content-Encoding: gzip) is recorded as its text; the header stays in the record.
            Stream source = context.Request.Headers.ContentEncoding.ToString() == "gzip"
                ? new System.IO.Compression.GZipStream(context.Request.Body, System.IO.Compression.CompressionMode.Decompress)
                : context.Request.Body;
            using var reader = new StreamReader(source, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
            var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "", headers, body);
            server!.Requests.Enqueue(request);
            FakeResponse response;
            try
            {
                response = server.Handler(request) ?? new FakeResponse(599, $$"""{"message":"fake provider: unexpected {{request}}"}""");
            }
            catch (Exception ex)
            {
                // A broken test handler shows up as such, not as a provider 500 that clients may retry.
                response = new FakeResponse(598, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = $"fake provider handler threw: {ex}" }));
            }

            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = response.Status;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            if (response.Body is not null)
            {
                context.Response.ContentType ??= "application/json";
                await context.Response.WriteAsync(response.Body, context.RequestAborted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeProviderServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
