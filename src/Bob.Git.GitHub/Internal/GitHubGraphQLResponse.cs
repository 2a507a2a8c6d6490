using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bob.Git.GitHub.Internal;

/// <summary>A GraphQL answer: <c>data</c> and, when something failed, <c>errors</c>.</summary>
internal sealed record GitHubGraphQLResponse(
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("errors")] List<GitHubGraphQLError>? Errors);
