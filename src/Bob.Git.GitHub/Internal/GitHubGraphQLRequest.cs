using System.Text.Json.Serialization;

namespace Bob.Git.GitHub.Internal;

/// <summary>A GraphQL request (<c>POST /graphql</c>): the document and its variables.</summary>
internal sealed record GitHubGraphQLRequest(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("variables")] Dictionary<string, string> Variables);
