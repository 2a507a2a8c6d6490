namespace Bob.Git.Abstractions;

/// <summary>The OAuth 2.0 authorization-code flow with PKCE against one provider.</summary>
public interface IGitOAuthClient
{
    /// <summary>The provider this client serves.</summary>
    GitProvider Provider { get; }

    /// <summary>Whether an OAuth application is configured for <paramref name="instance"/> (client id and secret).</summary>
    bool Supports(GitInstance instance);

    /// <summary>Builds the URL to send the user to.</summary>
    /// <param name="instance">The instance to authorize against.</param>
    /// <param name="redirectUri">Where the provider sends the user back.</param>
    /// <param name="state">The opaque anti-forgery value.</param>
    /// <param name="codeChallenge">The PKCE S256 challenge.</param>
    Uri BuildAuthorizeUrl(GitInstance instance, Uri redirectUri, string state, string codeChallenge);

    /// <summary>Exchanges an authorization code (and the PKCE verifier) for tokens.</summary>
    Task<TokenSet> ExchangeCodeAsync(GitInstance instance, string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken = default);

    /// <summary>Uses a refresh token; providers that rotate refresh tokens return the new one.</summary>
    /// <exception cref="GitProviderException">The grant is no longer valid (<c>invalid_grant</c>): the user must authorize again.</exception>
    Task<TokenSet> RefreshAsync(GitInstance instance, string refreshToken, CancellationToken cancellationToken = default);
}
