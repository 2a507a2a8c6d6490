using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git.GitHub;

/// <summary>
/// OAuth for GitHub OAuth Apps and GitHub Apps on github.com or the configured Enterprise Server
/// (<c>/login/oauth/authorize</c>, <c>/login/oauth/access_token</c>, PKCE S256). Expiring user tokens live 8 hours with
/// rotating refresh tokens; GitHub reports refusals (<c>bad_refresh_token</c>, <c>bad_verification_code</c>) with HTTP 200.
/// </summary>
public sealed class GitHubOAuthClient(OAuthTokenEndpoint tokenEndpoint, IOptions<GitHubOptions> options) : OAuthClientBase(tokenEndpoint)
{
    /// <inheritdoc />
    public override GitProvider Provider => GitProvider.GitHub;

    /// <inheritdoc />
    /// <remarks>OAuth Apps need <c>repo</c> to open pull requests; GitHub Apps ignore scopes and use their permissions.</remarks>
    protected override string? Scope => "repo read:user";

    /// <inheritdoc />
    protected override (string ClientId, Secret ClientSecret)? Credentials(GitInstance instance) =>
        options.Value is { ClientId: { Length: > 0 } id, ClientSecret: { Length: > 0 } secret } o && instance.Equals(o.WebInstance) ? (id, secret) : null;

    /// <inheritdoc />
    protected override Uri AuthorizeUri(GitInstance instance) => new(options.Value.OAuthBaseUri, "login/oauth/authorize");

    /// <inheritdoc />
    protected override Uri TokenUri(GitInstance instance) => new(options.Value.OAuthBaseUri, "login/oauth/access_token");
}
