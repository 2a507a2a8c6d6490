using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres;

/// <summary>The <see cref="IGitSyncStore"/> over <c>repositories</c>, <c>pull_requests</c> and <c>git_sync_state</c>.</summary>
public sealed class PostgresGitSyncStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : IGitSyncStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<Repository>> ListTargetsAsync(DateTimeOffset activeSince, CancellationToken cancellationToken = default)
    {
        // One registration per remote, preferring the oldest whose connection is live.
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (r.remote_provider, r.remote_instance_url, lower(r.remote_owner), lower(r.remote_name)) r.user_id, r.id
            FROM repositories r
            JOIN git_provider_connections c ON c.id = r.git_provider_connection_id AND c.revoked_at IS NULL AND c.reauthorization_required_at IS NULL
            WHERE r.created_at >= $1 OR coalesce(r.updated_at, r.created_at) >= $1 OR EXISTS (
                SELECT 1 FROM pull_requests p
                WHERE p.provider = r.remote_provider AND p.instance_url IS NOT DISTINCT FROM r.remote_instance_url
                  AND lower(p.remote_owner) = lower(r.remote_owner) AND lower(p.remote_name) = lower(r.remote_name) AND p.status IN ('open', 'draft'))
            ORDER BY r.remote_provider, r.remote_instance_url, lower(r.remote_owner), lower(r.remote_name), r.created_at, r.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = activeSince.ToUniversalTime() });
        var ids = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(1));
            }
        }

        // The registrations read in one query (was one query per remote).
        return await PostgresRepositoryStore.ReadByIdsAsync(dataSource, ids, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Guid?> TryLeaseAsync(RemoteRepositoryIdentity remote, DateTimeOffset roundStart, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var id = Guid.NewGuid();
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO git_sync_state AS s (provider, instance_url, owner_key, name_key, lease_id, lease_until)
            VALUES ($1, $2, lower($3), lower($4), $5, now() + $7)
            ON CONFLICT ON CONSTRAINT git_sync_state_key DO UPDATE SET lease_id = EXCLUDED.lease_id, lease_until = EXCLUDED.lease_until
            WHERE (s.lease_until IS NULL OR s.lease_until < now()) AND (s.last_synced_at IS NULL OR s.last_synced_at < $6)
            RETURNING lease_id
            """);
        AddRemote(command, remote);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = roundStart.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        return await command.ExecuteScalarAsync(cancellationToken) is Guid taken ? taken : null;
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(RemoteRepositoryIdentity remote, Guid leaseId, bool synced, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        await using var command = dataSource.CreateCommand(
            """
            UPDATE git_sync_state SET lease_id = NULL, lease_until = NULL, last_synced_at = CASE WHEN $6 THEN now() ELSE last_synced_at END
            WHERE provider = $1 AND instance_url IS NOT DISTINCT FROM $2 AND owner_key = lower($3) AND name_key = lower($4) AND lease_id = $5
            """);
        AddRemote(command, remote);
        command.Parameters.Add(new NpgsqlParameter { Value = leaseId });
        command.Parameters.Add(new NpgsqlParameter { Value = synced });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<int>> OpenNumbersAsync(RemoteRepositoryIdentity remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        await using var command = dataSource.CreateCommand(
            """
            SELECT number FROM pull_requests
            WHERE provider = $1 AND instance_url IS NOT DISTINCT FROM $2 AND lower(remote_owner) = lower($3) AND lower(remote_name) = lower($4)
              AND status IN ('open', 'draft')
            ORDER BY number
            """);
        AddRemote(command, remote);
        var numbers = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            numbers.Add(reader.GetInt32(0));
        }

        return numbers;
    }

    private static void AddRemote(NpgsqlCommand command, RemoteRepositoryIdentity remote)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Provider.ToWireName() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)remote.InstanceUrl ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Owner });
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Name });
    }
}
