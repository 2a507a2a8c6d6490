using System.Net.Http.Headers;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git.Gitea;

/// <summary>Creates <see cref="GiteaClient"/>s on the suite's guarded, resilient HTTP client.</summary>
public sealed class GiteaClientFactory(
    IHttpClientFactory httpClients,
    InstanceAddressGuard guard,
    IOptions<GiteaOptions> options,
    TimeProvider timeProvider) : IGitProviderClientFactory
{
    /// <inheritdoc />
    public GitProvider Provider => GitProvider.Gitea;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The instance is not a Gitea instance, or the token is empty.</exception>
    /// <exception cref="GitProviderException">The instance is plain http or a non-public address and private networks are not allowed.</exception>
    public IGitProviderClient Create(GitInstance instance, string accessToken)
    {
        var api = ProviderApiClient.ForInstance(
            httpClients, guard, GitProvider.Gitea, instance, "api/v1/", new AuthenticationHeaderValue("token", accessToken), timeProvider);
        return new GiteaClient(api, instance, options.Value.DraftTitlePrefix, timeProvider);
    }
}
