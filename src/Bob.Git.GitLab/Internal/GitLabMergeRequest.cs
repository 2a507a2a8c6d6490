using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>GitLab REST v4 shape (Merge requests API), only the fields the adapter uses.</summary>
internal sealed record GitLabMergeRequest(
    [property: JsonPropertyName("iid")] int Iid,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("draft")] bool? Draft,
    [property: JsonPropertyName("work_in_progress")] bool? WorkInProgress,
    [property: JsonPropertyName("source_branch")] string SourceBranch,
    [property: JsonPropertyName("target_branch")] string TargetBranch,
    [property: JsonPropertyName("sha")] string? Sha,
    [property: JsonPropertyName("web_url")] string WebUrl,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("merged_at")] DateTimeOffset? MergedAt,
    [property: JsonPropertyName("rebase_in_progress")] bool? RebaseInProgress,
    [property: JsonPropertyName("merge_error")] string? MergeError);
