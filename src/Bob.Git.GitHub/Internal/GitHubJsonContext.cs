using System.Text.Json.Serialization;

namespace Bob.Git.GitHub.Internal;

/// <summary>Source-generated serialization of the GraphQL shapes (REST goes through Octokit).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GitHubGraphQLRequest))]
[JsonSerializable(typeof(GitHubGraphQLResponse))]
[JsonSerializable(typeof(List<System.Text.Json.JsonElement>))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class GitHubJsonContext : JsonSerializerContext;
