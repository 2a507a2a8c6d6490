using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>GitLab REST v4 shape (Merge requests API "Create MR"), only the fields the adapter uses.</summary>
internal sealed record GitLabCreateMergeRequest(
    [property: JsonPropertyName("source_branch")] string SourceBranch,
    [property: JsonPropertyName("target_branch")] string TargetBranch,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string? Description);
