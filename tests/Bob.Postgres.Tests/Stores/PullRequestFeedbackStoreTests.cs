using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Postgres.Tests.Stores;

/// <summary>The pull request feedback store contract on real PostgreSQL.</summary>
public sealed class PullRequestFeedbackStoreTests(PostgresDatabase database) : PullRequestFeedbackStoreContract, IClassFixture<PostgresDatabase>
{
    protected override IPullRequestFeedbackStore Store => new PostgresPullRequestFeedbackStore(database.DataSource);

    protected override async Task<Guid> PullRequestAsync() => (await SchemaRows.SeedAsync(database.DataSource)).PullRequestId;

    protected override async Task<IReadOnlyList<string>> QueuedAsync(string source, string prefix)
    {
        await using var command = database.DataSource.CreateCommand("SELECT delivery_id FROM webhook_deliveries WHERE provider = $1 AND starts_with(delivery_id, $2) ORDER BY received_at");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = source });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = prefix });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
