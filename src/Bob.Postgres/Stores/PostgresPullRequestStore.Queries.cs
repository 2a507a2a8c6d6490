using Bob.Git.Abstractions;
using Npgsql;

namespace Bob.Postgres;

// The pull request store's reads: one pull request, the open one of a head, and keyset pages of a user's.
public partial class PostgresPullRequestStore
{
    /// <inheritdoc />
    public async Task<PullRequest?> FindOpenByHeadAsync(Guid userId, RemoteRepositoryIdentity remote, string headBranch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        await using var command = dataSource.CreateCommand(
            $"""
            {VisibleSelect}
            WHERE p.provider = $2 AND p.instance_url IS NOT DISTINCT FROM $3 AND lower(p.remote_owner) = lower($4) AND lower(p.remote_name) = lower($5)
              AND p.head_branch = $6 AND p.status IN ('open', 'draft')
            ORDER BY p.number DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        AddRemote(command, remote);
        command.Parameters.Add(new NpgsqlParameter { Value = headBranch });
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PullRequest?> GetAsync(Guid userId, Guid pullRequestId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"{VisibleSelect} WHERE p.id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = pullRequestId });
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PullRequest>> ListAsync(Guid userId, PullRequestFilter filter, int limit, PageKey? after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand(
            $"""
            {VisibleSelect}
            WHERE ($2::text IS NULL OR (p.provider = $2 AND p.instance_url IS NOT DISTINCT FROM $3 AND lower(p.remote_owner) = lower($4) AND lower(p.remote_name) = lower($5)))
              AND ($6::uuid IS NULL OR p.session_id = $6)
              AND ($7::text IS NULL OR p.status = $7)
              AND ($8::uuid IS NULL OR (p.created_at, p.id) < ($9, $8))
            ORDER BY p.created_at DESC, p.id DESC
            LIMIT $10
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Remote?.Provider.ToWireName() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Remote?.InstanceUrl ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Remote?.Owner ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Remote?.Name ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.SessionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Status?.ToWireName() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = after is { } key ? key.CreatedAt : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var list = new List<PullRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<(Guid Id, Guid? SessionId)?> FindByNumberAsync(RemoteRepositoryIdentity remote, int number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        await using var command = dataSource.CreateCommand(
            "SELECT id, session_id FROM pull_requests WHERE provider = $1 AND instance_url IS NOT DISTINCT FROM $2 AND lower(remote_owner) = lower($3) AND lower(remote_name) = lower($4) AND number = $5");
        AddRemote(command, remote);
        command.Parameters.Add(new NpgsqlParameter { Value = number });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1)) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(Guid Id, Guid? SessionId)>> FindByHeadShaAsync(RemoteRepositoryIdentity remote, string headSha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        await using var command = dataSource.CreateCommand(
            "SELECT id, session_id FROM pull_requests WHERE provider = $1 AND instance_url IS NOT DISTINCT FROM $2 AND lower(remote_owner) = lower($3) AND lower(remote_name) = lower($4) AND head_sha = $5 AND status IN ('open', 'draft')");
        AddRemote(command, remote);
        command.Parameters.Add(new NpgsqlParameter { Value = headSha });
        var found = new List<(Guid Id, Guid? SessionId)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1)));
        }

        return found;
    }

    private static async Task<PullRequest?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static PullRequest Read(NpgsqlDataReader reader)
    {

        var provider = GitProviderNames.Parse(reader.GetString(2));
        var instance = GitInstance.FromInstanceUrl(provider, reader.IsDBNull(3) ? null : reader.GetString(3));
        return new PullRequest(
            reader.GetGuid(0),
            reader.GetGuid(1),
            new RemoteRepositoryIdentity(instance, reader.GetString(4), reader.GetString(5)),
            reader.GetInt32(6),
            reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.GetString(9),
            reader.GetString(10),
            reader.IsDBNull(11) ? null : reader.GetString(11),
            PullRequestStatusNames.Parse(reader.GetString(12)),
            reader.GetString(13),
            reader.IsDBNull(14) ? null : reader.GetGuid(14),
            reader.IsDBNull(15) ? null : reader.GetString(15),
            Internal.Timestamps.FromUtc(reader.GetDateTime(16)),
            reader.IsDBNull(17) ? null : Internal.Timestamps.FromUtc(reader.GetDateTime(17)));
    }
}
