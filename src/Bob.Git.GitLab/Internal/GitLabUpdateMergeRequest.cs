using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>GitLab REST v4 shape (Merge requests API "Update MR"), only the fields the adapter uses.</summary>
internal sealed record GitLabUpdateMergeRequest(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("state_event")] string? StateEvent);
