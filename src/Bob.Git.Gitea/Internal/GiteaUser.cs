using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>User</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaUser(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("login")] string Login,
    [property: JsonPropertyName("full_name")] string? FullName);
