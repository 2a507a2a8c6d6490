using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git.GitLab;

/// <summary>
/// OAuth for gitlab.com or the configured self-managed GitLab (<c>/oauth/authorize</c>, <c>/oauth/token</c>, scope
/// <c>api</c>, PKCE S256). Access tokens live 2 hours, and each refresh invalidates the refresh token it used.
/// </summary>
public sealed class GitLabOAuthClient(OAuthTokenEndpoint tokenEndpoint, IOptions<GitLabOptions> options) : OAuthClientBase(tokenEndpoint)
{
    /// <inheritdoc />
    public override GitProvider Provider => GitProvider.GitLab;

    /// <inheritdoc />
    protected override string? Scope => "api";

    /// <inheritdoc />
    protected override (string ClientId, Secret ClientSecret)? Credentials(GitInstance instance) =>
        options.Value is { ClientId: { Length: > 0 } id, ClientSecret: { Length: > 0 } secret } o && instance.Equals(o.Instance) ? (id, secret) : null;

    /// <inheritdoc />
    protected override Uri AuthorizeUri(GitInstance instance) => new(instance.BaseUri, "oauth/authorize");

    /// <inheritdoc />
    protected override Uri TokenUri(GitInstance instance) => new(instance.BaseUri, "oauth/token");
}
