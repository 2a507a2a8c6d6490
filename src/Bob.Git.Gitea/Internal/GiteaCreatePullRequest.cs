using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>CreatePullRequest</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaCreatePullRequest(
    [property: JsonPropertyName("head")] string Head,
    [property: JsonPropertyName("base")] string Base,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("body")] string? Body);
