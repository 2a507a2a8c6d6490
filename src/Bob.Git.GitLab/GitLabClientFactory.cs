using System.Net.Http.Headers;
using Bob.Git.Abstractions;
using Bob.Git.GitLab.Internal;

namespace Bob.Git.GitLab;

/// <summary>Creates <see cref="GitLabClient"/>s on the suite's guarded, resilient HTTP client; project ids are cached across clients.</summary>
public sealed class GitLabClientFactory(IHttpClientFactory httpClients, InstanceAddressGuard guard, TimeProvider timeProvider) : IGitProviderClientFactory
{
    private readonly GitLabProjectIds _projectIds = new();

    /// <inheritdoc />
    public GitProvider Provider => GitProvider.GitLab;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The instance is not a GitLab instance, or the token is empty.</exception>
    /// <exception cref="GitProviderException">The instance is plain http or a non-public address and private networks are not allowed.</exception>
    public IGitProviderClient Create(GitInstance instance, string accessToken)
    {
        var api = ProviderApiClient.ForInstance(
            httpClients, guard, GitProvider.GitLab, instance, "api/v4/", new AuthenticationHeaderValue("Bearer", accessToken), timeProvider);
        return new GitLabClient(api, instance, _projectIds, timeProvider);
    }
}
