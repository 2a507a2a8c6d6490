using System.Text.Json.Serialization;

namespace Bob.Git.GitHub.Internal;

/// <summary>One entry of a GraphQL answer's <c>errors</c> (GitHub answers them with HTTP 200).</summary>
internal sealed record GitHubGraphQLError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string? Type);
