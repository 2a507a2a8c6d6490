using Bob.Git.Abstractions;
using Bob.Git.GitHub.Internal;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace Bob.Git.GitHub;

/// <summary>
/// Creates <see cref="GitHubApiClient"/>s: Octokit over the suite's guarded, resilient handlers (<see cref="GitHttpClient"/>).
/// github.com uses <see cref="GitHubOptions.ApiBaseUrl"/>; an Enterprise Server instance uses <c>{instance}/api/v3/</c>
/// and <c>{instance}/api/graphql</c>.
/// </summary>
public sealed class GitHubClientFactory(
    IHttpClientFactory httpClients,
    IHttpMessageHandlerFactory handlers,
    InstanceAddressGuard guard,
    IOptions<GitHubOptions> options,
    TimeProvider timeProvider) : IGitProviderClientFactory
{
    /// <summary>The <c>User-Agent</c> GitHub requires on every request.</summary>
    public const string UserAgent = "Bob-Git-Integration";

    private readonly GitHubETagCache _etags = new();

    /// <inheritdoc />
    public GitProvider Provider => GitProvider.GitHub;

    /// <inheritdoc />
    /// <exception cref="GitProviderException">An Enterprise Server instance is plain http or a non-public address and private networks are not allowed.</exception>
    public IGitProviderClient Create(GitInstance instance, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        if (instance.Provider != GitProvider.GitHub)
        {
            throw new ArgumentException($"{instance} is not a GitHub instance.", nameof(instance));
        }

        var apiBase = ApiBase(instance);
        if (!instance.IsCloud)
        {
            guard.EnsureAllowed(instance);
        }

        var adapter = new HttpClientAdapter(() => new GitHubApiHandler(apiBase, accessToken, _etags, timeProvider)
        {
            InnerHandler = handlers.CreateHandler(GitHttpClient.Name),
        });
        var connection = new Connection(
            new ProductHeaderValue(UserAgent),
            apiBase,
            new InMemoryCredentialStore(new Credentials(accessToken, AuthenticationType.Bearer)),
            adapter,
            new SimpleJsonSerializer());
        // Plain JSON reads (the backfill's reviews and comments) go through the same handler, ETag cache included.
        var rawHttp = new HttpClient(new GitHubApiHandler(apiBase, accessToken, _etags, timeProvider) { InnerHandler = handlers.CreateHandler(GitHttpClient.Name) });
        rawHttp.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        rawHttp.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
        var raw = new ProviderApiClient(rawHttp, instance, apiBase, new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken), timeProvider);
        return new GitHubApiClient(new GitHubClient(connection), instance, httpClients.CreateClient(GitHttpClient.Name), GraphQLUri(apiBase), accessToken, timeProvider) { Raw = raw };
    }

    private Uri ApiBase(GitInstance instance) => options.Value.ApiBaseFor(instance);

    private static Uri GraphQLUri(Uri apiBase) =>
        apiBase.AbsolutePath.EndsWith("/api/v3/", StringComparison.OrdinalIgnoreCase)
            ? new Uri(apiBase, "../graphql")
            : new Uri(apiBase, "graphql");
}
