using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary><c>GET /api/sessions/{id}/events</c> through the host: server-sent events, resumable, never twice, private.</summary>
public sealed class SessionEventsTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static JsonElement Payload(int n) => JsonDocument.Parse($$"""{"n":{{n}},"note":"event {{n}}"}""").RootElement;

    private async Task<(HttpClient Client, Guid SessionId)> SessionAsync(string name)
    {
        var (client, _) = await host.CreateUserClientAsync(name);
        var created = await client.PostAsJsonAsync("/api/sessions", new { title = "Live" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (client, JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
    }

    private ISessionEventStream Stream => host.Factory.Services.GetRequiredService<ISessionEventStream>();

    /// <summary>Reads server-sent events until <paramref name="count"/> have come: (id, event, data) each.</summary>
    internal static async Task<List<(long Id, string Kind, JsonElement Data)>> ReadEventsAsync(Stream body, int count, TimeSpan timeout)
    {
        using var reader = new StreamReader(body);
        using var cancel = new CancellationTokenSource(timeout);
        var events = new List<(long, string, JsonElement)>();
        long id = 0;
        string kind = "";
        while (events.Count < count)
        {
            var line = await reader.ReadLineAsync(cancel.Token) ?? throw new EndOfStreamException($"the stream ended after {events.Count} events");
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((id, kind, JsonDocument.Parse(line[6..]).RootElement.Clone()));
            }
        }

        return events;
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    [Fact]
    public async Task AClientGetsOldThenLiveEvents_AndAfterReconnectingWithLastEventIdExactlyWhatItMissed_InOrder()
    {
        var (client, session) = await SessionAsync("listener");
        await Stream.AppendAsync(session, "test.one", Payload(1));
        await Stream.AppendAsync(session, "test.two", Payload(2));

        List<(long Id, string Kind, JsonElement Data)> first;
        using (var response = await OpenAsync(client, $"/api/sessions/{session}/events"))
        {
            var body = await response.Content.ReadAsStreamAsync();
            var reading = ReadEventsAsync(body, 3, TimeSpan.FromSeconds(10));
            await Stream.AppendAsync(session, "test.three", Payload(3));
            first = await reading;
        }

        // Disconnected; three more happen; the client resumes after the last id it saw.
        for (var n = 4; n <= 6; n++)
        {
            await Stream.AppendAsync(session, $"test.{n}", Payload(n));
        }

        using var resumed = await OpenAsync(client, $"/api/sessions/{session}/events", lastEventId: first[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rest = await ReadEventsAsync(await resumed.Content.ReadAsStreamAsync(), 3, TimeSpan.FromSeconds(10));

        Assert.Equal([1L, 2, 3], first.Select(e => e.Id));
        Assert.Equal(("test.one", 1), (first[0].Kind, first[0].Data.GetProperty("n").GetInt32()));
        Assert.Equal([4L, 5, 6], rest.Select(e => e.Id));
        Assert.Equal([4, 5, 6], rest.Select(e => e.Data.GetProperty("n").GetInt32()));
        using var after = await OpenAsync(client, $"/api/sessions/{session}/events?after=5");
        Assert.Equal(6, (await ReadEventsAsync(await after.Content.ReadAsStreamAsync(), 1, TimeSpan.FromSeconds(10)))[0].Id);
    }

    [Fact]
    public async Task AnotherUsersSession_Is404_AndABadLastEventIdIs400()
    {
        var (_, session) = await SessionAsync("owner");
        var (stranger, _) = await host.CreateUserClientAsync("stranger");
        var (mine, own) = await SessionAsync("mine");

        using var foreign = await stranger.GetAsync($"/api/sessions/{session}/events", HttpCompletionOption.ResponseHeadersRead);
        using var bad = await mine.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{own}/events") { Headers = { { "Last-Event-ID", "yesterday" } } }, HttpCompletionOption.ResponseHeadersRead);
        using var anonymous = await host.Factory.CreateClient().GetAsync($"/api/sessions/{session}/events", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}

/// <summary>A client that stops reading: its buffer fills, it is dropped, and appending never waited for it.</summary>
public sealed class SlowSessionEventClientTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    /// <summary>A response body that never finishes a write (a client that stopped reading, its TCP window full).</summary>
    private sealed class StalledBody : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    [Fact]
    public async Task AClientThatStopsReading_IsDroppedWhenItsBufferOverflows_AndNeverSlowsTheWriter()
    {
        Guid userId;
        using (var scope = host.Factory.Services.CreateScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<Bob.Postgres.UserStore>().CreateAsync($"stalled-{Guid.NewGuid():N}", false)).Id;
        }

        var services = host.Factory.Services;
        var session = await services.GetRequiredService<Bob.Git.SessionService>().CreateAsync(userId, null, "Stalled");
        var stream = services.GetRequiredService<ISessionEventStream>();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = services };
        context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId.ToString())], "test"));
        context.Response.Body = new StalledBody();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The first event's write never completes; the stream keeps reading behind it into the client's bounded buffer.
        await stream.AppendAsync(session.Id, "test.first");
        var serving = Bob.SampleHost.Endpoints.SessionEventStreaming.StreamAsync(
            session.Id, null, context, services.GetRequiredService<Bob.Git.SessionService>(), stream, giveUp.Token);
        var writing = System.Diagnostics.Stopwatch.StartNew();
        // Enough that the buffer overflows whatever the stalled write took with it (at most EventsPerWrite events).
        var flood = Bob.SampleHost.Endpoints.SessionEventStreaming.BufferedEvents + Bob.SampleHost.Endpoints.SessionEventStreaming.EventsPerWrite + 50;
        for (var i = 0; i < flood; i++)
        {
            await stream.AppendAsync(session.Id, "test.flood");
        }

        var wrote = writing.Elapsed;
        await serving.WaitAsync(TimeSpan.FromSeconds(20)); // dropped: the handler returned although the client never read

        Assert.False(giveUp.IsCancellationRequested);
        Assert.True(wrote < TimeSpan.FromSeconds(10), $"appending {flood} events took {wrote}");
    }
}
