using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres;

/// <summary>
/// <see cref="IPullRequestFeedbackStore"/> over <c>pull_request_reviews</c>, <c>pull_request_comments</c> and
/// <c>pull_request_thread_comments</c>. A report is inserted when its item is new; otherwise the kept row is read under a
/// row lock and replaced only when <see cref="PullRequestFeedback.Supersedes"/> says so, so concurrent and repeated
/// reports of one item leave the furthest one.
/// </summary>
public sealed partial class PostgresPullRequestFeedbackStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : IPullRequestFeedbackStore
{
    private const string Remote = "provider = $1 AND instance_url IS NOT DISTINCT FROM $2 AND lower(remote_owner) = lower($3) AND lower(remote_name) = lower($4)";

    /// <inheritdoc />
    public async Task<bool> ApplyAsync(RemoteRepositoryIdentity remote, int number, PullRequestFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = feedback switch
        {
            ThreadFeedback thread => await ApplyThreadAsync(connection, transaction, remote, thread, cancellationToken),
            ReviewFeedback review => await ApplyAsync(connection, transaction, remote, number, review, ReviewTable, cancellationToken),
            CommentFeedback comment => await ApplyAsync(connection, transaction, remote, number, comment, CommentTable, cancellationToken),
            _ => throw new ArgumentException($"Feedback of type {feedback.GetType().Name} is not stored.", nameof(feedback)),
        };
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private static async Task<bool> ApplyAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, RemoteRepositoryIdentity remote, int number, T feedback, Table<T> table, CancellationToken cancellationToken)
        where T : PullRequestFeedback
    {
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO {table.Name} (provider, instance_url, remote_owner, remote_name, number, {table.IdColumn}, {table.Columns}) VALUES ($1, $2, $3, $4, $5, $6, {table.Placeholders(7)}) ON CONFLICT DO NOTHING",
            connection,
            transaction))
        {
            AddRemote(insert, remote);
            insert.Parameters.Add(new NpgsqlParameter { Value = number });
            insert.Parameters.Add(new NpgsqlParameter { Value = feedback.ProviderId });
            table.Bind(insert, feedback);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return true;
            }
        }

        T stored;
        await using (var read = new NpgsqlCommand($"SELECT {table.IdColumn}, {table.Columns} FROM {table.Name} WHERE {Remote} AND {table.IdColumn} = $5 FOR UPDATE", connection, transaction))
        {
            AddRemote(read, remote);
            read.Parameters.Add(new NpgsqlParameter { Value = feedback.ProviderId });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            stored = table.Read(reader);
        }

        if (!feedback.Supersedes(stored) || Equals(feedback, stored))
        {
            return false;
        }

        await using var update = new NpgsqlCommand($"UPDATE {table.Name} SET ({table.Columns}) = ROW({table.Placeholders(6)}) WHERE {Remote} AND {table.IdColumn} = $5", connection, transaction);
        AddRemote(update, remote);
        update.Parameters.Add(new NpgsqlParameter { Value = feedback.ProviderId });
        table.Bind(update, feedback);
        await update.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    private static async Task<bool> ApplyThreadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RemoteRepositoryIdentity remote, ThreadFeedback thread, CancellationToken cancellationToken)
    {
        await using var upsert = new NpgsqlCommand(
            """
            INSERT INTO pull_request_thread_comments AS t (provider, instance_url, remote_owner, remote_name, comment_id, thread_id, resolved)
            SELECT $1, $2, $3, $4, c, $5, $6 FROM unnest($7::text[]) AS c
            ON CONFLICT (provider, instance_url, lower(remote_owner), lower(remote_name), comment_id) DO UPDATE
                SET resolved = EXCLUDED.resolved, thread_id = EXCLUDED.thread_id, updated_at = now()
                WHERE t.resolved <> EXCLUDED.resolved
            """,
            connection,
            transaction);
        AddRemote(upsert, remote);
        upsert.Parameters.Add(new NpgsqlParameter { Value = thread.ProviderId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = thread.Resolved });
        upsert.Parameters.Add(new NpgsqlParameter { Value = thread.CommentIds.ToArray() });
        return await upsert.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PullRequestFeedback>> ListAsync(RemoteRepositoryIdentity remote, int number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var items = new List<PullRequestFeedback>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var reviews = new NpgsqlCommand($"SELECT review_id, {ReviewTable.Columns} FROM pull_request_reviews WHERE {Remote} AND number = $5", connection))
        {
            AddRemote(reviews, remote);
            reviews.Parameters.Add(new NpgsqlParameter { Value = number });
            await using var reader = await reviews.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(ReviewTable.Read(reader));
            }
        }

        await using (var comments = new NpgsqlCommand(
            $"""
            SELECT comment_id, {CommentTable.Columns},
                EXISTS (SELECT 1 FROM pull_request_thread_comments t
                        WHERE t.provider = c.provider AND t.instance_url IS NOT DISTINCT FROM c.instance_url AND lower(t.remote_owner) = lower(c.remote_owner)
                          AND lower(t.remote_name) = lower(c.remote_name) AND t.comment_id IN (c.comment_id, c.thread_id) AND t.resolved)
            FROM pull_request_comments c WHERE {Remote} AND number = $5 AND NOT deleted
            """,
            connection))
        {
            AddRemote(comments, remote);
            comments.Parameters.Add(new NpgsqlParameter { Value = number });
            await using var reader = await comments.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(CommentTable.Read(reader) with { Resolved = reader.GetBoolean(reader.FieldCount - 1) });
            }
        }

        return [.. items
            .OrderBy(f => f switch { ReviewFeedback r => r.SubmittedAt, CommentFeedback c => c.CreatedAt, _ => null })
            .ThenBy(f => f.ProviderId, StringComparer.Ordinal)];
    }

    private static void AddRemote(NpgsqlCommand command, RemoteRepositoryIdentity remote)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Provider.ToWireName() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)remote.InstanceUrl ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Owner });
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Name });
    }
}
