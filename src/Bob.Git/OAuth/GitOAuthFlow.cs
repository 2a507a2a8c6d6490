using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// Connecting with OAuth (plan 2.3): the authorization code flow with PKCE and a single-use state bound to the user who
/// started it. The tokens it obtains are stored through <see cref="GitConnectionService.ConnectWithOAuthAsync"/>.
/// </summary>
public sealed class GitOAuthFlow(GitProviders providers, IOAuthStateStore states, GitConnectionService connections, TimeProvider timeProvider)
{
    /// <summary>How long a started OAuth authorization may take before its callback is refused.</summary>
    public static readonly TimeSpan AuthorizationLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts connecting with OAuth: records a single-use state and a PKCE verifier for <paramref name="userId"/>, and returns
    /// the provider URL to send the user to.
    /// </summary>
    /// <exception cref="BobValidationException">(<c>instanceUrl</c>) The instance URL is not usable.</exception>
    /// <exception cref="GitProviderException">The instance may not be contacted (SSRF guard).</exception>
    /// <exception cref="BobValidationException">No OAuth application is configured for the instance.</exception>
    public async Task<Uri> StartAsync(Guid userId, GitProvider provider, string? instanceUrl, Uri redirectUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        var instance = providers.ResolveInstance(provider, instanceUrl);
        var oauth = providers.OAuthClient(instance);
        var state = Pkce.CreateState();
        var verifier = Pkce.CreateVerifier();
        await states.SaveAsync(new PendingAuthorization(state, userId, instance, verifier, redirectUri, timeProvider.GetUtcNow() + AuthorizationLifetime), cancellationToken).ConfigureAwait(false);
        return oauth.BuildAuthorizeUrl(instance, redirectUri, state, Pkce.Challenge(verifier));
    }

    /// <summary>
    /// Completes connecting with OAuth for <paramref name="userId"/>, who must be the user who started it (authenticated by
    /// the caller: an API key, or the browser that started it): takes the state (once), exchanges the code with the PKCE
    /// verifier, and stores the tokens. A state started by someone else, or for another provider, is refused and left
    /// unused, so a victim sent an attacker's authorize link never puts their token in the attacker's account.
    /// </summary>
    /// <exception cref="BobValidationException">The state is unknown, used, expired, another user's, or for another provider.</exception>
    /// <exception cref="GitProviderException">The provider refused the code.</exception>
    public async Task<GitConnection> CompleteAsync(Guid userId, GitProvider provider, string state, string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var pending = await states.TakeAsync(state, userId, provider, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (pending is null)
        {
            throw new BobValidationException(BobValidationException.StateField, "The authorization state is unknown, already used, expired, or was not started by you for this provider: start connecting again.");
        }

        var tokens = await providers.OAuthClient(pending.Instance).ExchangeCodeAsync(pending.Instance, code, pending.RedirectUri, pending.CodeVerifier, cancellationToken).ConfigureAwait(false);
        return await connections.ConnectWithOAuthAsync(pending.UserId, pending.Instance, tokens, cancellationToken).ConfigureAwait(false);
    }
}
