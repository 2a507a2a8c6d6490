using System.Text.Json.Serialization;

namespace Bob.Git.Internal;

/// <summary>An OAuth 2.0 token endpoint answer (RFC 6749 §5.1, §5.2), with GitHub's refresh token lifetime.</summary>
internal sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn,
    [property: JsonPropertyName("refresh_token_expires_in")] long? RefreshTokenExpiresIn,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);
