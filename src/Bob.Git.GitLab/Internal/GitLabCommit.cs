using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>GitLab REST v4 shape (Commits API commit entity), only the fields the adapter uses.</summary>
internal sealed record GitLabCommit(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("author_name")] string? AuthorName,
    [property: JsonPropertyName("author_email")] string? AuthorEmail,
    [property: JsonPropertyName("committed_date")] DateTimeOffset? CommittedDate,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt);
