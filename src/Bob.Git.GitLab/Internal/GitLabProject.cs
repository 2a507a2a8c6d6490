using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>GitLab REST v4 shape (Projects API "Get a single project"), only the fields the adapter uses.</summary>
internal sealed record GitLabProject(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("default_branch")] string? DefaultBranch);
