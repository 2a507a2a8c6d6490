using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// The providers registered in this host (<c>AddBobGit().AddGitHub()</c>, ...): their API client factories and OAuth
/// clients, and the instance a request means, checked against the SSRF guard.
/// </summary>
public sealed class GitProviders(
    IEnumerable<IGitProviderClientFactory> clientFactories,
    IEnumerable<IGitOAuthClient> oauthClients,
    GitInstanceRegistry instances,
    InstanceAddressGuard guard)
{
    private readonly Dictionary<GitProvider, IGitProviderClientFactory> _clientFactories = clientFactories.ToDictionary(f => f.Provider);
    private readonly Dictionary<GitProvider, IGitOAuthClient> _oauthClients = oauthClients.ToDictionary(c => c.Provider);

    /// <summary>
    /// The instance a request means: <paramref name="instanceUrl"/> when given (a self-hosted GitLab or Gitea, a GitHub
    /// Enterprise Server), else the provider's configured or cloud instance.
    /// </summary>
    /// <exception cref="BobValidationException">(<c>instanceUrl</c>) The URL is not an absolute http(s) URL, or Gitea is asked for without one and none is configured.</exception>
    /// <exception cref="GitProviderException">The instance may not be contacted (SSRF guard).</exception>
    public GitInstance ResolveInstance(GitProvider provider, string? instanceUrl)
    {
        GitInstance instance;
        if (string.IsNullOrWhiteSpace(instanceUrl))
        {
            instance = instances.DefaultInstance(provider)
                ?? throw new BobValidationException("instanceUrl", $"{provider.ToDisplayName()} has no default instance here: give instanceUrl.");
        }
        else if (instanceUrl.Length > RepositoryService.MaxRemoteUrlLength || TextRules.HasControlCharacters(instanceUrl))
        {
            throw new BobValidationException("instanceUrl", $"An instance URL has at most {RepositoryService.MaxRemoteUrlLength} characters and no control characters.");
        }
        else if (!GitInstance.TryCreate(provider, instanceUrl, out var parsed, out var error))
        {
            throw new BobValidationException("instanceUrl", TextRules.Excerpt(error ?? "The instance URL is not valid.", 300));
        }
        else
        {
            instance = parsed;
        }

        if (!instance.IsCloud)
        {
            guard.EnsureAllowed(instance);
        }

        return instance;
    }

    /// <summary>Refuses an instance the SSRF guard does not allow (cloud instances always are); for requests made outside the HTTP pipeline, such as git's.</summary>
    /// <exception cref="GitProviderException">The instance may not be contacted.</exception>
    public void EnsureAllowed(GitInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!instance.IsCloud)
        {
            guard.EnsureAllowed(instance);
        }
    }

    /// <summary>The API client factory of <paramref name="provider"/>.</summary>
    /// <exception cref="BobValidationException">The provider's package is not registered.</exception>
    public IGitProviderClientFactory ClientFactory(GitProvider provider) =>
        _clientFactories.TryGetValue(provider, out var factory)
            ? factory
            : throw new BobValidationException("provider", $"{provider.ToDisplayName()} is not registered: call AddBobGit().Add{provider}().");

    /// <summary>The OAuth client configured for <paramref name="instance"/>.</summary>
    /// <exception cref="BobValidationException">No OAuth application is configured for the instance.</exception>
    public IGitOAuthClient OAuthClient(GitInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _oauthClients.TryGetValue(instance.Provider, out var client) && client.Supports(instance)
            ? client
            : throw new BobValidationException("provider", $"No OAuth application is configured for {instance}: set Providers:{instance.Provider}:ClientId and ClientSecret for it.");
    }
}
