using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>GitLab REST v4 shape (Users API "Get the current user"), only the fields the adapter uses.</summary>
internal sealed record GitLabUser(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("name")] string? Name);
