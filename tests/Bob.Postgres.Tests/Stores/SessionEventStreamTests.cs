using System.Text.Json;
using Bob.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The session event stream on real PostgreSQL: numbering, subscription, and what survives the listener dropping.</summary>
public sealed class SessionEventStreamTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private SessionEventListener _listener = null!;
    private PostgresSessionEventStream _stream = null!;

    public async Task InitializeAsync()
    {
        _listener = new SessionEventListener(database.DataSource, NullLogger<SessionEventListener>.Instance);
        _stream = new PostgresSessionEventStream(database.DataSource, _listener);
        await _listener.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _listener.Connections >= 1, "the listener connects");
    }

    public async Task DisposeAsync()
    {
        await _listener.StopAsync(CancellationToken.None);
        _listener.Dispose();
    }

    private async Task<Guid> SessionAsync()
    {
        var user = await SchemaRows.UserAsync(database.DataSource);
        return (Guid)(await SchemaRows.ScalarAsync(database.DataSource, "INSERT INTO chat_conversations (user_id) VALUES (@user) RETURNING id", ("user", user)))!;
    }

    private static JsonElement Payload(int n) => JsonDocument.Parse($$"""{"n":{{n}}}""").RootElement;

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task EightConcurrentWriters_GiveAGaplessSequence_InCommitOrder()
    {
        var session = await SessionAsync();

        var numbers = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < 25; i++)
            {
                mine.Add(await _stream.AppendAsync(session, "test.write", Payload((w * 100) + i)));
            }

            return mine;
        })));

        var all = numbers.SelectMany(n => n).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), all);
        var read = await _stream.ReadAfterAsync(session, 0, 1000);
        Assert.Equal(all, read.Select(e => e.Sequence));
        Assert.All(numbers, mine => Assert.Equal(mine.Order(), mine)); // each writer's own events in its order
    }

    [Fact]
    public async Task ASubscriber_GetsWhatWasThere_ThenWhatIsAppended_NoneTwice()
    {
        var session = await SessionAsync();
        await _stream.AppendAsync(session, "before", Payload(1));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<long>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in _stream.SubscribeAsync(session, 0, cancel.Token))
            {
                lock (seen)
                {
                    seen.Add(e.Sequence);
                }

                if (e.Sequence == 4)
                {
                    return;
                }
            }
        });

        await WaitUntilAsync(() => { lock (seen) { return seen.Count == 1; } }, "the first event arrives");
        var appendedAt = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 2; i <= 4; i++)
        {
            await _stream.AppendAsync(session, "after", Payload(i));
        }

        await reading.WaitAsync(cancel.Token);
        Assert.True(appendedAt.Elapsed < TimeSpan.FromSeconds(5), $"the events took {appendedAt.Elapsed} (the poll is 10 s: a notification woke the subscriber)");
        Assert.Equal([1L, 2, 3, 4], seen);
    }

    [Fact]
    public async Task WhenTheListenerConnectionDrops_EventsAppendedInTheGapStillArrive_InOrder()
    {
        var session = await SessionAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<long>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in _stream.SubscribeAsync(session, 0, cancel.Token))
            {
                lock (seen)
                {
                    seen.Add(e.Sequence);
                }

                if (e.Sequence == 6)
                {
                    return;
                }
            }
        });
        await _stream.AppendAsync(session, "one", Payload(1));
        await WaitUntilAsync(() => { lock (seen) { return seen.Count == 1; } }, "the first event arrives");

        // The listener's connection is killed; events are appended before it is back.
        var connections = _listener.Connections;
        await SchemaRows.ScalarAsync(database.DataSource, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{SessionEventListener.ApplicationName}' AND datname = current_database()");
        for (var i = 2; i <= 6; i++)
        {
            await _stream.AppendAsync(session, "gap", Payload(i));
        }

        await reading.WaitAsync(cancel.Token);
        Assert.Equal([1L, 2, 3, 4, 5, 6], seen);
        await WaitUntilAsync(() => _listener.Connections > connections, "the listener reconnects");
    }

    [Fact]
    public async Task AppendingToASessionThatDoesNotExist_IsSessionNotFound() =>
        await Assert.ThrowsAsync<Bob.Git.Abstractions.BobNotFoundException>(() => _stream.AppendAsync(Guid.NewGuid(), "nowhere"));
}
