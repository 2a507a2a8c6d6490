using Dapper;
using Npgsql;

namespace Bob.Postgres.Internal;

/// <summary>
/// A lease on one row, held in two of its columns (a lease id and when it runs out), that every process sharing the database
/// respects: taken in one statement that also reads the row, waited for with backoff holding no connection, given back
/// (only by its holder) in the statement that stores what was done under it. A holder that died lets it run out.
/// Used by connection refreshes, installation token mints and hook changes.
/// </summary>
internal sealed class RowLease(NpgsqlDataSource dataSource, string table, string leaseIdColumn, string leaseUntilColumn, TimeSpan length)
{
    /// <summary>How long a holder keeps the lease: longer than a provider call with its retries can take.</summary>
    public TimeSpan Length => length;

    /// <summary>
    /// Takes the lease on row <paramref name="id"/>, waiting while another caller holds it, and returns the row's
    /// <paramref name="columns"/> as read in the same statement; <see langword="null"/> when there is no such row.
    /// </summary>
    public async Task<(T Row, Guid Lease)?> AcquireAsync<T>(Guid id, string columns, CancellationToken cancellationToken)
    {
        var lease = Guid.NewGuid();
        var wait = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                var row = await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(
                    $"""
                    UPDATE {table} SET {leaseIdColumn} = @lease, {leaseUntilColumn} = now() + @length
                    WHERE id = @id AND ({leaseUntilColumn} IS NULL OR {leaseUntilColumn} < now())
                    RETURNING {columns}
                    """,
                    new { id, lease, length },
                    cancellationToken: cancellationToken));
                if (row is not null)
                {
                    return (row, lease);
                }

                if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                        $"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = @id)", new { id }, cancellationToken: cancellationToken)))
                {
                    return null;
                }
            }

            // Another caller, in this process or another host, holds it: wait without holding a connection.
            await Task.Delay(wait, cancellationToken);
            wait = TimeSpan.FromMilliseconds(Math.Min(500, wait.TotalMilliseconds * 2));
        }
    }

    /// <summary>
    /// Gives the lease back if <paramref name="lease"/> still holds it, setting <paramref name="assignments"/> (SQL <c>SET</c>
    /// items over <paramref name="parameters"/>, which must not use <c>@id</c> or <c>@lease</c> for anything else) in the same
    /// statement. Runs even when the caller was cancelled, so a lease is never left to run out needlessly.
    /// </summary>
    /// <returns>Whether the lease was still held (and the assignments made).</returns>
    public async Task<bool> ReleaseAsync(Guid id, Guid lease, string? assignments = null, DynamicParameters? parameters = null, string? condition = null)
    {
        parameters ??= new DynamicParameters();
        parameters.Add("id", id);
        parameters.Add("lease", lease);
        var set = assignments is null ? "" : assignments + ", ";
        var where = condition is null ? "" : " AND " + condition;
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {table} SET {set}{leaseIdColumn} = NULL, {leaseUntilColumn} = NULL WHERE id = @id AND {leaseIdColumn} = @lease{where}",
            parameters,
            cancellationToken: CancellationToken.None)) == 1;
    }
}
