using Bob.Git.Abstractions;
using Dapper;
using Npgsql;

namespace Bob.Postgres;

/// <summary>The <see cref="IGitConnectionStore"/> over <c>git_provider_connections</c>. It never selects token columns.</summary>
public sealed class PostgresGitConnectionStore(NpgsqlDataSource dataSource) : IGitConnectionStore
{
    private const string Columns =
        "id, user_id, provider, instance_url, provider_account_id, scopes, access_token_expires_at, revoked_at, created_at";

    /// <inheritdoc />
    public async Task<GitConnection?> GetAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ConnectionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM git_provider_connections WHERE id = @connectionId AND user_id = @userId",
            new { userId, connectionId },
            cancellationToken: cancellationToken));
        return row?.ToConnection();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GitConnection>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConnectionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM git_provider_connections WHERE user_id = @userId ORDER BY created_at DESC, id",
            new { userId },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToConnection()).ToArray();
    }

    private sealed record ConnectionRow(
        Guid id,
        Guid user_id,
        string provider,
        string? instance_url,
        string provider_account_id,
        string? scopes,
        DateTime? access_token_expires_at,
        DateTime? revoked_at,
        DateTime created_at)
    {
        public GitConnection ToConnection() => new(
            id,
            user_id,
            GitInstance.FromInstanceUrl(GitProviderNames.Parse(provider), instance_url),
            provider_account_id,
            scopes,
            Internal.Timestamps.FromUtc(access_token_expires_at),
            Internal.Timestamps.FromUtc(revoked_at),
            Internal.Timestamps.FromUtc(created_at));
    }
}
