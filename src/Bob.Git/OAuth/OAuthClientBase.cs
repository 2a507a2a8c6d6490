using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// The authorization-code flow with PKCE S256 (RFC 6749, RFC 7636) for one provider; subclasses name the endpoints and
/// where the client credentials of an instance come from.
/// </summary>
public abstract class OAuthClientBase(OAuthTokenEndpoint tokenEndpoint) : IGitOAuthClient
{
    /// <inheritdoc />
    public abstract GitProvider Provider { get; }

    /// <summary>The scopes to ask for, space-separated; <see langword="null"/> asks for none (the application's defaults).</summary>
    protected virtual string? Scope => null;

    /// <inheritdoc />
    public bool Supports(GitInstance instance) => instance is not null && Credentials(instance) is not null;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No OAuth application is configured for the instance.</exception>
    public Uri BuildAuthorizeUrl(GitInstance instance, Uri redirectUri, string state, string codeChallenge)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentException.ThrowIfNullOrEmpty(codeChallenge);
        var (clientId, _) = Require(instance);
        var query = new List<KeyValuePair<string, string>>
        {
            new("client_id", clientId),
            new("redirect_uri", redirectUri.AbsoluteUri),
            new("response_type", "code"),
            new("state", state),
            new("code_challenge", codeChallenge),
            new("code_challenge_method", "S256"),
        };
        if (Scope is { } scope)
        {
            query.Add(new("scope", scope));
        }

        return new UriBuilder(AuthorizeUri(instance)) { Query = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")) }.Uri;
    }

    /// <inheritdoc />
    public Task<TokenSet> ExchangeCodeAsync(GitInstance instance, string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        var (clientId, clientSecret) = Require(instance);
        return tokenEndpoint.RequestAsync(Provider, TokenUri(instance), new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret.Reveal(),
            ["code_verifier"] = codeVerifier,
        }, "exchange the authorization code", cancellationToken);
    }

    /// <inheritdoc />
    public Task<TokenSet> RefreshAsync(GitInstance instance, string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var (clientId, clientSecret) = Require(instance);
        return tokenEndpoint.RequestAsync(Provider, TokenUri(instance), new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret.Reveal(),
        }, "refresh the access token", cancellationToken);
    }

    /// <summary>The client id and secret of the OAuth application on <paramref name="instance"/>, or <see langword="null"/>.</summary>
    protected abstract (string ClientId, Secret ClientSecret)? Credentials(GitInstance instance);

    /// <summary>The authorization endpoint of <paramref name="instance"/>.</summary>
    protected abstract Uri AuthorizeUri(GitInstance instance);

    /// <summary>The token endpoint of <paramref name="instance"/>.</summary>
    protected abstract Uri TokenUri(GitInstance instance);

    private (string ClientId, Secret ClientSecret) Require(GitInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return Credentials(instance) ?? throw new BobValidationException("provider", 
            $"No OAuth application is configured for {instance}: set Providers:{Provider}:ClientId and ClientSecret for that instance.");
    }
}
