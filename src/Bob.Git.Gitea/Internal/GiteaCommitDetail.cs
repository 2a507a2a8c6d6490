using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>CommitDetail</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaCommitDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("author")] GiteaCommitUser? Author,
    [property: JsonPropertyName("committer")] GiteaCommitUser? Committer);
