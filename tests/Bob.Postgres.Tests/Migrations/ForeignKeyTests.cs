using Bob.Testing;

namespace Bob.Postgres.Tests.Migrations;

/// <summary>The plan's ON DELETE rules: user rows cascade, links to repositories, sessions and pull requests are set null.</summary>
public sealed class ForeignKeyTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task DeletingRepository_KeepsPullRequestAndTaskRun_WithNullLink()
    {
        var ids = await SchemaRows.SeedAsync(database.DataSource);

        await SchemaRows.ScalarAsync(database.DataSource, "DELETE FROM repositories WHERE id = @r", ("r", ids.RepositoryId));

        Assert.Equal(DBNull.Value, await SchemaRows.ScalarAsync(database.DataSource, "SELECT repository_id FROM pull_requests WHERE id = @p", ("p", ids.PullRequestId)));
        Assert.Equal(DBNull.Value, await SchemaRows.ScalarAsync(database.DataSource, "SELECT repository_id FROM task_runs WHERE user_id = @u", ("u", ids.UserId)));
    }

    [Fact]
    public async Task DeletingPullRequest_SetsTaskRunLinkToNull()
    {
        var ids = await SchemaRows.SeedAsync(database.DataSource);

        await SchemaRows.ScalarAsync(database.DataSource, "DELETE FROM pull_requests WHERE id = @p", ("p", ids.PullRequestId));

        Assert.Equal(DBNull.Value, await SchemaRows.ScalarAsync(database.DataSource, "SELECT pull_request_id FROM task_runs WHERE user_id = @u", ("u", ids.UserId)));
    }

    [Fact]
    public async Task DeletingUser_CascadesToTheirRows()
    {
        var ids = await SchemaRows.SeedAsync(database.DataSource);

        await SchemaRows.ScalarAsync(database.DataSource, "DELETE FROM users WHERE id = @u", ("u", ids.UserId));

        foreach (var table in new[] { "git_provider_connections", "repositories", "pull_requests", "task_runs", "chat_conversations" })
        {
            Assert.Equal(0L, await SchemaRows.ScalarAsync(database.DataSource, $"SELECT count(*) FROM {table} WHERE user_id = @u", ("u", ids.UserId)));
        }
    }

    [Fact]
    public async Task UpdatingConnection_SetsUpdatedAt()
    {
        var ids = await SchemaRows.SeedAsync(database.DataSource);

        await SchemaRows.ScalarAsync(database.DataSource, "UPDATE git_provider_connections SET scopes = 'repo' WHERE id = @c", ("c", ids.ConnectionId));

        Assert.NotEqual(DBNull.Value, await SchemaRows.ScalarAsync(database.DataSource, "SELECT updated_at FROM git_provider_connections WHERE id = @c", ("c", ids.ConnectionId)));
    }
}
