using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>GitLab's OAuth token introspection (<c>GET /oauth/token/info</c>), only the granted scopes.</summary>
internal sealed record GitLabOAuthTokenInfo([property: JsonPropertyName("scope")] List<string>? Scope);
