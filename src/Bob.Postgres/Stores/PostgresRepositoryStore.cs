using Bob.Git.Abstractions;
using Dapper;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>The <see cref="IRepositoryStore"/> over the <c>repositories</c> table.</summary>
public sealed class PostgresRepositoryStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : IRepositoryStore
{
    private const string Columns =
        "id, user_id, name, remote_url, remote_provider, remote_owner, remote_name, remote_instance_url, git_provider_connection_id, created_at";

    /// <inheritdoc />
    public async Task<Repository> AddAsync(Guid userId, string name, ParsedRemoteUrl remote, Guid? connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(remote);
        var identity = remote.Identity;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // ON CONFLICT DO NOTHING keeps the insert from aborting; the existing row is then reported as the duplicate.
        var row = await connection.QuerySingleOrDefaultAsync<RepositoryRow>(new CommandDefinition(
            $"""
            INSERT INTO repositories (user_id, name, remote_url, remote_provider, remote_owner, remote_name, remote_instance_url, git_provider_connection_id)
            VALUES (@userId, @name, @remoteUrl, @provider, @owner, @repoName, @instanceUrl, @connectionId)
            ON CONFLICT DO NOTHING
            RETURNING {Columns}
            """,
            new
            {
                userId,
                name = name.Trim(),
                remoteUrl = remote.SanitizedUrl,
                provider = identity.Provider.ToWireName(),
                owner = identity.Owner,
                repoName = identity.Name,
                instanceUrl = identity.InstanceUrl,
                connectionId,
            },
            cancellationToken: cancellationToken));
        if (row is not null)
        {
            return row.ToRepository();
        }

        var existing = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            """
            SELECT id FROM repositories
            WHERE user_id = @userId AND remote_provider = @provider AND remote_instance_url IS NOT DISTINCT FROM @instanceUrl
              AND lower(remote_owner) = lower(@owner) AND lower(remote_name) = lower(@repoName)
            """,
            new { userId, provider = identity.Provider.ToWireName(), instanceUrl = identity.InstanceUrl, owner = identity.Owner, repoName = identity.Name },
            cancellationToken: cancellationToken));
        throw new DuplicateRepositoryException(identity, existing);
    }

    /// <inheritdoc />
    public async Task<Repository?> GetAsync(Guid userId, Guid repositoryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RepositoryRow>(new CommandDefinition(
            $"SELECT {Columns} FROM repositories WHERE id = @repositoryId AND user_id = @userId",
            new { userId, repositoryId },
            cancellationToken: cancellationToken));
        return row?.ToRepository();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Repository>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RepositoryRow>(new CommandDefinition(
            $"SELECT {Columns} FROM repositories WHERE user_id = @userId ORDER BY created_at DESC, id",
            new { userId },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRepository()).ToArray();
    }

    /// <inheritdoc />
    /// <remarks>A connection id is only set when the connection is the same user's.</remarks>
    public async Task<bool> SetConnectionAsync(Guid userId, Guid repositoryId, Guid? connectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE repositories SET git_provider_connection_id = @connectionId
            WHERE id = @repositoryId AND user_id = @userId
              AND (@connectionId IS NULL OR EXISTS (SELECT 1 FROM git_provider_connections c WHERE c.id = @connectionId AND c.user_id = @userId))
            """,
            new { userId, repositoryId, connectionId },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Repository>> FindByRemoteAsync(RemoteRepositoryIdentity remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RepositoryRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM repositories
            WHERE remote_provider = @provider AND remote_instance_url IS NOT DISTINCT FROM @instanceUrl
              AND lower(remote_owner) = lower(@owner) AND lower(remote_name) = lower(@repoName)
            ORDER BY created_at, id
            """,
            new { provider = remote.Provider.ToWireName(), instanceUrl = remote.InstanceUrl, owner = remote.Owner, repoName = remote.Name },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRepository()).ToArray();
    }

    /// <inheritdoc />
    public async Task<Repository?> DeleteAsync(Guid userId, Guid repositoryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RepositoryRow>(new CommandDefinition(
            $"DELETE FROM repositories WHERE id = @repositoryId AND user_id = @userId RETURNING {Columns}",
            new { userId, repositoryId },
            cancellationToken: cancellationToken));
        return row?.ToRepository();
    }

    /// <summary>The repositories with these ids, in the order of <paramref name="ids"/> (missing ones left out), in one query.</summary>
    internal static async Task<IReadOnlyList<Repository>> ReadByIdsAsync(NpgsqlDataSource dataSource, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<RepositoryRow>(new CommandDefinition(
            $"SELECT {Columns} FROM repositories WHERE id = ANY(@ids)", new { ids = ids.ToArray() }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.id);
        return [.. ids.Where(rows.ContainsKey).Select(id => rows[id].ToRepository())];
    }

    private sealed record RepositoryRow(
        Guid id,
        Guid user_id,
        string name,
        string remote_url,
        string remote_provider,
        string remote_owner,
        string remote_name,
        string? remote_instance_url,
        Guid? git_provider_connection_id,
        DateTime created_at)
    {
        public Repository ToRepository()
        {
            var instance = GitInstance.FromInstanceUrl(GitProviderNames.Parse(remote_provider), remote_instance_url);
            return new Repository(
                id,
                user_id,
                name,
                remote_url,
                new RemoteRepositoryIdentity(instance, remote_owner, remote_name),
                git_provider_connection_id,
                Internal.Timestamps.FromUtc(created_at));
        }
    }
}
