using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>EditPullRequest</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaEditPullRequest(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("state")] string? State);
