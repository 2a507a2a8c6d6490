using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git.Gitea;

/// <summary>
/// OAuth for the configured Gitea or Forgejo instance (<c>/login/oauth/authorize</c>, <c>/login/oauth/access_token</c>,
/// PKCE S256). Access tokens live 1 hour; refresh tokens rotate.
/// </summary>
public sealed class GiteaOAuthClient(OAuthTokenEndpoint tokenEndpoint, IOptions<GiteaOptions> options) : OAuthClientBase(tokenEndpoint)
{
    /// <inheritdoc />
    public override GitProvider Provider => GitProvider.Gitea;

    /// <inheritdoc />
    protected override (string ClientId, Secret ClientSecret)? Credentials(GitInstance instance) =>
        options.Value is { ClientId: { Length: > 0 } id, ClientSecret: { Length: > 0 } secret } o && instance.Equals(o.Instance) ? (id, secret) : null;

    /// <inheritdoc />
    protected override Uri AuthorizeUri(GitInstance instance) => new(instance.BaseUri, "login/oauth/authorize");

    /// <inheritdoc />
    protected override Uri TokenUri(GitInstance instance) => new(instance.BaseUri, "login/oauth/access_token");
}
