using Bob.Git.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Bob.Postgres;

// The feedback store's two row shapes: how a review and a comment are written and read back.
public sealed partial class PostgresPullRequestFeedbackStore
{
    private static readonly Table<ReviewFeedback> ReviewTable = new(
        "pull_request_reviews",
        "review_id",
        ["author", "author_id", "state", "body", "url", "submitted_at", "revision", "trusted"],
        (command, r) =>
        {
            Text(command, r.Author);
            Text(command, r.AuthorId);
            Text(command, r.State.ToWireName());
            Text(command, r.Body is null ? null : Strip(r.Body));
            Text(command, r.Url);
            Time(command, r.SubmittedAt);
            command.Parameters.Add(new NpgsqlParameter { Value = (short)r.Revision });
            command.Parameters.Add(new NpgsqlParameter { Value = r.Trusted });
        },
        reader => new ReviewFeedback(
            reader.GetString(0),
            reader.GetInt16(7),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            ReviewStateNames.Parse(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetString(5),
            reader.IsDBNull(6) ? null : Internal.Timestamps.FromUtc(reader.GetDateTime(6))) { Trusted = reader.GetBoolean(8) });

    private static readonly Table<CommentFeedback> CommentTable = new(
        "pull_request_comments",
        "comment_id",
        ["kind", "author", "author_id", "body", "url", "path", "line", "in_reply_to", "thread_id", "review_id", "provider_created_at", "provider_updated_at", "revision", "deleted", "trusted"],
        (command, c) =>
        {
            Text(command, c.Kind.ToWireName());
            Text(command, c.Author);
            Text(command, c.AuthorId);
            Text(command, Strip(c.Body));
            Text(command, c.Url);
            Text(command, c.Path is null ? null : Strip(c.Path));
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)c.Line ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            Text(command, c.InReplyTo);
            Text(command, c.ThreadId);
            Text(command, c.ReviewId);
            Time(command, c.CreatedAt);
            Time(command, c.UpdatedAt);
            command.Parameters.Add(new NpgsqlParameter { Value = (short)c.Revision });
            command.Parameters.Add(new NpgsqlParameter { Value = c.Deleted });
            command.Parameters.Add(new NpgsqlParameter { Value = c.Trusted });
        },
        reader => new CommentFeedback(
            reader.GetString(0),
            reader.GetInt16(13),
            CommentKindNames.Parse(reader.GetString(1)),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetInt32(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.IsDBNull(11) ? null : Internal.Timestamps.FromUtc(reader.GetDateTime(11)),
            reader.IsDBNull(12) ? null : Internal.Timestamps.FromUtc(reader.GetDateTime(12))) { Trusted = reader.GetBoolean(15) });

    private static void Text(NpgsqlCommand command, string? value) =>
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });

    private static void Time(NpgsqlCommand command, DateTimeOffset? value) =>
        command.Parameters.Add(new NpgsqlParameter { Value = value is { } at ? at.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });

    /// <summary>PostgreSQL text cannot hold NUL: it is dropped from what people wrote.</summary>
    private static string Strip(string text) => text.Replace("\0", "", StringComparison.Ordinal);

    /// <summary>A feedback table: its name, its provider id column, the other columns in order, and how a report is bound and read.</summary>
    private sealed record Table<T>(string Name, string IdColumn, string[] ColumnList, Action<NpgsqlCommand, T> Bind, Func<NpgsqlDataReader, T> Read)
    {
        public string Columns => string.Join(", ", ColumnList);

        public string Placeholders(int first) => string.Join(", ", ColumnList.Select((_, i) => $"${first + i}"));
    }
}
