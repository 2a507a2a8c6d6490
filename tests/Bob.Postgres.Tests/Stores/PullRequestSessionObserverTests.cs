using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>
/// Issue 19: the pull request store decides nothing for task runs; it tells the registered observers when a session's pull
/// request is linked, and writes the rows they return in the linking transaction, once.
/// </summary>
public sealed class PullRequestSessionObserverTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private sealed class RecordingObserver : IPullRequestSessionObserver
    {
        public List<PullRequestSessionChange> Changes { get; } = [];

        public IReadOnlyList<OutboxMessage> Changed(PullRequestSessionChange change)
        {
            Changes.Add(change);
            return [new OutboxMessage("observer-test", $"seen:{change.PullRequestId:N}:{change.Change}", "seen", new JsonObject { ["session"] = change.SessionId })];
        }
    }

    [Fact]
    public async Task LinkingAPullRequestToASession_TellsTheObservers_AndQueuesTheirRowsOnce()
    {
        var seeded = await SchemaRows.SeedAsync(database.DataSource);
        var pullRequest = (Guid)(await SchemaRows.ScalarAsync(database.DataSource, """
            INSERT INTO pull_requests (user_id, repository_id, provider, remote_owner, remote_name, number, head_branch, base_branch, title, status, url)
            VALUES (@u, @r, 'github', 'acme', gen_random_uuid()::text, 2, 'second', 'main', 'Second', 'draft', 'https://github.com/acme/web/pull/2') RETURNING id
            """, ("u", seeded.UserId), ("r", seeded.RepositoryId)))!;
        var observer = new RecordingObserver();
        var store = new PostgresPullRequestStore(database.DataSource, [observer]);

        var linked = await store.LinkSessionAsync(pullRequest, seeded.SessionId);
        var again = await store.LinkSessionAsync(pullRequest, seeded.SessionId);

        Assert.Equal((true, false), (linked, again));
        Assert.Equal(new PullRequestSessionChange(seeded.UserId, seeded.SessionId, pullRequest, "linked"), Assert.Single(observer.Changes));
        Assert.Equal(1L, await SchemaRows.ScalarAsync(database.DataSource, "SELECT count(*) FROM webhook_deliveries WHERE provider = 'observer-test' AND delivery_id = @d", ("d", $"seen:{pullRequest:N}:linked")));
        Assert.Equal(1L, await SchemaRows.ScalarAsync(database.DataSource, "SELECT count(*) FROM session_events WHERE session_id = @s AND kind = 'pr.created'", ("s", seeded.SessionId)));
    }
}
