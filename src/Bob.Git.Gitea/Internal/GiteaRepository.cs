using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea API v1 shape (swagger <c>Repository</c>), only the fields the adapter uses.</summary>
internal sealed record GiteaRepository([property: JsonPropertyName("default_branch")] string? DefaultBranch);
