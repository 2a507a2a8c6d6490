using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>CommitUser</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaCommitUser(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("date")] DateTimeOffset? Date);
