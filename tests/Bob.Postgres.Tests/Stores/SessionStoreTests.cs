using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The session store and event stream contract on real PostgreSQL, with the host's listener waking subscribers.</summary>
public sealed class SessionStoreTests(PostgresDatabase database) : SessionStoreContract, IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly SessionEventListener _listener = new(database.DataSource, NullLogger<SessionEventListener>.Instance);

    protected override ISessionStore Sessions => new PostgresSessionStore(database.DataSource);

    protected override ISessionEventStream Events => new PostgresSessionEventStream(database.DataSource, _listener);

    protected override Task<Guid> UserAsync() => SchemaRows.UserAsync(database.DataSource);

    protected override async Task<Guid> RepositoryAsync(Guid userId) => (Guid)(await SchemaRows.ScalarAsync(database.DataSource, """
        INSERT INTO repositories (user_id, name, remote_url, remote_provider, remote_owner, remote_name)
        VALUES (@u, 'web', 'https://github.com/acme/web.git', 'github', 'acme', gen_random_uuid()::text) RETURNING id
        """, ("u", userId)))!;

    protected override Task<IReadOnlyList<string>> QueuedAsync(string source, string prefix) => SchemaRows.QueuedAsync(database.DataSource, source, prefix);

    public async Task InitializeAsync()
    {
        await _listener.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (_listener.Connections < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the listener to connect");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        await _listener.StopAsync(CancellationToken.None);
        _listener.Dispose();
    }
}
