using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>GitLab REST v4 shape (Personal access tokens API "/personal_access_tokens/self"), only the fields the adapter uses.</summary>
internal sealed record GitLabTokenInfo([property: JsonPropertyName("scopes")] List<string>? Scopes);
