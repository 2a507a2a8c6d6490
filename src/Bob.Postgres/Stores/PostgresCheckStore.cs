using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Bob.Postgres;

/// <summary>
/// <see cref="ICheckStore"/> over <c>commit_checks</c> and <c>commit_check_heads</c> (issue 21). A report is inserted when
/// its check is new; otherwise the kept row is read under its own row lock and replaced only when
/// <see cref="CheckReport.Supersedes"/> says so. Only a report that changed its check rolls the head up again, in a second
/// short transaction under the head's row lock, reading every check of the head as committed: the last one to run sees them
/// all, so the head ends in the state of its checks whatever the order, and a storm of repeats takes no head lock at all.
/// Each change of the head's state counts a version (<c>changes</c>, migration <c>0025</c>); a repeat of a check written
/// after its head's last roll-up (<c>rolled_up_at</c>, migration <c>0026</c>: a host died between the two transactions)
/// rolls it up.
/// </summary>
public sealed class PostgresCheckStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : ICheckStore
{
    private const string Remote = "provider = $1 AND instance_url IS NOT DISTINCT FROM $2 AND lower(remote_owner) = lower($3) AND lower(remote_name) = lower($4)";
    private const string Columns = "kind, name, head_sha, status, conclusion, url, provider_at, provider_id, failed_parts";

    /// <inheritdoc />
    public async Task<CheckHeadState> ApplyAsync(RemoteRepositoryIdentity remote, CheckReport check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(check);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (written, writtenAt) = await ApplyCheckAsync(connection, remote, check, cancellationToken);
        if (!written)
        {
            // Nothing changed, unless a host died between this check's write and its head's roll-up: the head was then last
            // rolled up before the check was written (or never), and this repeat rolls it up.
            var (kept, rolledUpAt) = await HeadAsync(connection, remote, check.HeadSha, cancellationToken);
            if (rolledUpAt is { } rolled && !(rolled < writtenAt))
            {
                return kept;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var ensure = Command(
            "INSERT INTO commit_check_heads (provider, instance_url, remote_owner, remote_name, head_sha, state) VALUES ($1, $2, $3, $4, $5, 'pending') ON CONFLICT DO NOTHING",
            connection, transaction, remote, check.HeadSha))
        {
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        var (before, _) = await HeadAsync(connection, remote, check.HeadSha, cancellationToken, transaction, lockRow: true);
        var (state, failing) = CheckHeadState.Of(await ListAsync(connection, transaction, remote, check.HeadSha, cancellationToken));
        var changed = state != before.State || !failing.SequenceEqual(before.Failing, StringComparer.Ordinal);
        var version = before.Version;
        await using (var update = Command(
            changed
                ? $"UPDATE commit_check_heads SET state = $6, failing = $7, changed_at = now(), changes = changes + 1, rolled_up_at = now() WHERE {Remote} AND head_sha = $5 RETURNING changes"
                : $"UPDATE commit_check_heads SET rolled_up_at = now() WHERE {Remote} AND head_sha = $5 RETURNING changes",
            connection, transaction, remote, check.HeadSha))
        {
            if (changed)
            {
                update.Parameters.Add(new NpgsqlParameter { Value = state.ToWireName() });
                update.Parameters.Add(new NpgsqlParameter { Value = failing.ToArray() });
            }

            version = (int)(await update.ExecuteScalarAsync(cancellationToken))!;
        }

        await transaction.CommitAsync(cancellationToken);
        return new CheckHeadState(check.HeadSha, state, failing, changed) { Version = version };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CheckReport>> ListAsync(RemoteRepositoryIdentity remote, string headSha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ListAsync(connection, null, remote, headSha, cancellationToken);
    }

    /// <summary>Writes the report when its check is new or it supersedes the kept one; returns whether anything changed, and when the kept check was last written.</summary>
    private static async Task<(bool Written, DateTimeOffset? WrittenAt)> ApplyCheckAsync(NpgsqlConnection connection, RemoteRepositoryIdentity remote, CheckReport check, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = Command($"INSERT INTO commit_checks (provider, instance_url, remote_owner, remote_name, head_sha, kind, name, status, conclusion, url, provider_at, provider_id, failed_parts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING", connection, transaction, remote, check.HeadSha))
        {
            Bind(insert, check);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                await transaction.CommitAsync(cancellationToken);
                return (true, null);
            }
        }

        CheckReport stored;
        DateTimeOffset storedAt;
        await using (var read = Command($"SELECT {Columns}, coalesce(updated_at, created_at) FROM commit_checks WHERE {Remote} AND head_sha = $5 AND kind = $6 AND name = $7 FOR UPDATE", connection, transaction, remote, check.HeadSha))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = check.Kind.ToWireName() });
            read.Parameters.Add(new NpgsqlParameter { Value = check.Name });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            stored = Read(reader);
            storedAt = Internal.Timestamps.FromUtc(reader.GetDateTime(9));
        }

        if (!check.Supersedes(stored) || Same(check, stored))
        {
            await transaction.CommitAsync(cancellationToken);
            return (false, storedAt);
        }

        await using (var update = Command($"UPDATE commit_checks SET (status, conclusion, url, provider_at, provider_id, failed_parts) = ROW($8, $9, $10, $11, $12, $13) WHERE {Remote} AND head_sha = $5 AND kind = $6 AND name = $7", connection, transaction, remote, check.HeadSha))
        {
            Bind(update, check);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (true, null);
    }

    private static bool Same(CheckReport a, CheckReport b) =>
        a with { FailedParts = [] } == b with { FailedParts = [] } && a.FailedParts.SequenceEqual(b.FailedParts, StringComparer.Ordinal);

    /// <summary>The head as kept, and when it was last rolled up (<see langword="null"/>: never, there is no row).</summary>
    private static async Task<(CheckHeadState Head, DateTimeOffset? RolledUpAt)> HeadAsync(NpgsqlConnection connection, RemoteRepositoryIdentity remote, string headSha, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null, bool lockRow = false)
    {
        await using var read = Command($"SELECT state, failing, changes, rolled_up_at FROM commit_check_heads WHERE {Remote} AND head_sha = $5{(lockRow ? " FOR UPDATE" : "")}", connection, transaction, remote, headSha);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (new CheckHeadState(headSha, ParseState(reader.GetString(0)), reader.GetFieldValue<string[]>(1), false) { Version = reader.GetInt32(2) }, Internal.Timestamps.FromUtc(reader.GetDateTime(3)))
            : (new CheckHeadState(headSha, CheckState.Pending, [], false), null);
    }

    private static async Task<IReadOnlyList<CheckReport>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, RemoteRepositoryIdentity remote, string headSha, CancellationToken cancellationToken)
    {
        await using var read = Command($"SELECT {Columns} FROM commit_checks WHERE {Remote} AND head_sha = $5 ORDER BY kind, name", connection, transaction, remote, headSha);
        var checks = new List<CheckReport>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            checks.Add(Read(reader));
        }

        return checks;
    }

    private static CheckState ParseState(string state) => state switch
    {
        "success" => CheckState.Success,
        "failure" => CheckState.Failure,
        _ => CheckState.Pending,
    };

    private static CheckReport Read(NpgsqlDataReader reader) => new(
        CheckNames.ParseKind(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        CheckNames.ParseStatus(reader.GetString(3)),
        reader.IsDBNull(4) ? null : CheckNames.ParseConclusion(reader.GetString(4)),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : Internal.Timestamps.FromUtc(reader.GetDateTime(6)),
        reader.IsDBNull(7) ? null : reader.GetString(7))
    {
        FailedParts = reader.GetFieldValue<string[]>(8),
    };

    /// <summary>Binds $6 kind, $7 name, $8 status, $9 conclusion, $10 url, $11 time, $12 provider id, $13 failed parts.</summary>
    private static void Bind(NpgsqlCommand command, CheckReport check)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = check.Kind.ToWireName() });
        command.Parameters.Add(new NpgsqlParameter { Value = check.Name.Replace("\0", "", StringComparison.Ordinal) });
        command.Parameters.Add(new NpgsqlParameter { Value = check.Status.ToWireName() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)check.Conclusion?.ToWireName() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = check.Url });
        command.Parameters.Add(new NpgsqlParameter { Value = check.At is { } at ? at.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)check.ProviderId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = check.FailedParts.Select(p => p.Replace("\0", "", StringComparison.Ordinal)).ToArray() });
    }

    /// <summary>A command with the remote as $1–$4 and the head sha as $5.</summary>
    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, RemoteRepositoryIdentity remote, string headSha)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Provider.ToWireName() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)remote.InstanceUrl ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Owner });
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = headSha });
        return command;
    }
}
