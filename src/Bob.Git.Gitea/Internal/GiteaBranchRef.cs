using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>BranchRef</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaBranchRef(
    [property: JsonPropertyName("ref")] string Ref,
    [property: JsonPropertyName("sha")] string? Sha);
