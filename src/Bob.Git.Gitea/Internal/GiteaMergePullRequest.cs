using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>MergePullRequest</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaMergePullRequest(
    [property: JsonPropertyName("Do")] string Do,
    [property: JsonPropertyName("head_commit_id")] string? HeadCommitId);
