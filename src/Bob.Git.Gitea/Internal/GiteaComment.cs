using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>An issue comment as Gitea answers it (<c>Comment</c> in its API v1), the fields the suite reads.</summary>
internal sealed record GiteaComment(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("html_url")] string? HtmlUrl);
