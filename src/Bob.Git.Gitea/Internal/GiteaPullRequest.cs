using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>PullRequest</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaPullRequest(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("draft")] bool? Draft,
    [property: JsonPropertyName("merged")] bool Merged,
    [property: JsonPropertyName("merged_at")] DateTimeOffset? MergedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("html_url")] string HtmlUrl,
    [property: JsonPropertyName("head")] GiteaBranchRef Head,
    [property: JsonPropertyName("base")] GiteaBranchRef Base);
