using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>GitLab REST v4 shape (Merge requests API "Merge a merge request"), only the fields the adapter uses.</summary>
internal sealed record GitLabAcceptMergeRequest(
    [property: JsonPropertyName("squash")] bool? Squash,
    [property: JsonPropertyName("sha")] string? Sha);
