using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>Commit</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaCommit(
    [property: JsonPropertyName("sha")] string Sha,
    [property: JsonPropertyName("commit")] GiteaCommitDetail Commit);
