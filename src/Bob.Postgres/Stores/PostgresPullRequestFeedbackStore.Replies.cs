using Bob.Git.Abstractions;
using Npgsql;

namespace Bob.Postgres;

/// <summary>Replies Bob posts (<c>pull_request_replies</c>), each written with its outbox row.</summary>
public sealed partial class PostgresPullRequestFeedbackStore
{
    private const string ReplyColumns = "id, pull_request_id, client_input_id, in_reply_to, body, resolve, created_at, provider_comment_id, url, posted_at";

    /// <inheritdoc />
    public async Task<(PullRequestReply Reply, bool Created)> AddReplyAsync(PullRequestReply reply, OutboxMessage post, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(post);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO pull_request_replies (id, pull_request_id, client_input_id, in_reply_to, body, resolve) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (pull_request_id, client_input_id) DO NOTHING",
            connection,
            transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.PullRequestId });
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.ClientInputId });
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.InReplyTo });
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.Body });
            insert.Parameters.Add(new NpgsqlParameter { Value = reply.Resolve });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                await Internal.Outbox.EnqueueAsync(connection, transaction, post, cancellationToken);
                var created = await ReadReplyAsync(connection, transaction, "id = $1", reply.Id, null, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (created!, true);
            }
        }

        var first = await ReadReplyAsync(connection, transaction, "pull_request_id = $1 AND client_input_id = $2", reply.PullRequestId, reply.ClientInputId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (first!, false);
    }

    /// <inheritdoc />
    public async Task<PullRequestReply?> GetReplyAsync(Guid replyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadReplyAsync(connection, null, "id = $1", replyId, null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task MarkReplyPostedAsync(Guid replyId, string providerCommentId, string url, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerCommentId);
        await using var command = dataSource.CreateCommand(
            "UPDATE pull_request_replies SET provider_comment_id = $2, url = $3, posted_at = now() WHERE id = $1 AND provider_comment_id IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = replyId });
        command.Parameters.Add(new NpgsqlParameter { Value = providerCommentId });
        command.Parameters.Add(new NpgsqlParameter { Value = url ?? "" });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<PullRequestReply?> ReadReplyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, Guid key, string? second, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand($"SELECT {ReplyColumns} FROM pull_request_replies WHERE {where}", connection, transaction);
        read.Parameters.Add(new NpgsqlParameter { Value = key });
        if (second is not null)
        {
            read.Parameters.Add(new NpgsqlParameter { Value = second });
        }

        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new PullRequestReply(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetBoolean(5), reader.GetFieldValue<DateTimeOffset>(6))
        {
            ProviderCommentId = reader.IsDBNull(7) ? null : reader.GetString(7),
            Url = reader.IsDBNull(8) ? null : reader.GetString(8),
            PostedAt = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        };
    }
}
