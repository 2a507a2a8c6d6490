using System.Globalization;
using System.Net.Http.Json;
using Bob.Git.Abstractions;
using Bob.Git.GitHub.Internal;
using Octokit;

namespace Bob.Git.GitHub;

/// <summary>
/// <see cref="IGitProviderClient"/> for github.com and GitHub Enterprise Server over Octokit, on the suite's guarded,
/// resilient HTTP handlers. REST cannot change a pull request's draft state, so that goes through GraphQL
/// (<c>markPullRequestReadyForReview</c>, <c>convertPullRequestToDraft</c>). Open pull request lists are polled with
/// <c>If-None-Match</c>: an unchanged list costs no rate limit. Create instances with <see cref="GitHubClientFactory"/>.
/// </summary>
public sealed partial class GitHubApiClient : IGitProviderClient
{
    private const string MarkReady = "mutation($id: ID!) { markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { isDraft } } }";
    private const string ConvertToDraft = "mutation($id: ID!) { convertPullRequestToDraft(input: {pullRequestId: $id}) { pullRequest { isDraft } } }";
    private readonly IGitHubClient _octokit;
    private readonly HttpClient _graphQLHttp;
    private readonly Uri _graphQLUri;
    private readonly string _accessToken;
    private readonly TimeProvider _timeProvider;

    internal GitHubApiClient(IGitHubClient octokit, GitInstance instance, HttpClient graphQLHttp, Uri graphQLUri, string accessToken, TimeProvider timeProvider)
    {
        _octokit = octokit;
        _timeProvider = timeProvider;
        Instance = instance;
        _graphQLHttp = graphQLHttp;
        _graphQLUri = graphQLUri;
        _accessToken = accessToken;
    }

    /// <inheritdoc />
    public GitInstance Instance { get; }

    /// <summary>JSON reads outside Octokit's models, through the same handler (and ETag cache).</summary>
    internal ProviderApiClient? Raw { get; init; }

    /// <inheritdoc />
    /// <remarks>Classic OAuth and personal access tokens list their scopes in <c>X-OAuth-Scopes</c>; fine-grained and App tokens do not, so theirs are empty.</remarks>
    public async Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default)
    {
        using var scope = GitHubCallContext.Enter(cancellationToken);
        var user = await _octokit.User.Current().ConfigureAwait(false);
        var scopes = _octokit.GetLastApiInfo()?.OauthScopes?.Where(s => s.Length > 0).ToArray() ?? [];
        return new ProviderUser(user.Id.ToString(CultureInfo.InvariantCulture), user.Login, string.IsNullOrEmpty(user.Name) ? null : user.Name, scopes);
    }

    /// <inheritdoc />
    public async Task<string> GetDefaultBranchAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        var repo = await _octokit.Repository.Get(repository.Owner, repository.Name).ConfigureAwait(false);
        return repo.DefaultBranch ?? throw new GitProviderException(BobErrorKind.Failed, $"GitHub reports no default branch for {repository.WebUrl} (an empty repository?).", GitProvider.GitHub);
    }

    /// <inheritdoc />
    public async Task<bool> CanWriteAsync(RemoteRepositoryIdentity repository, string login, string? accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        try
        {
            // "permission" is admin, write, read or none; maintainers answer "write" (their role_name says "maintain").
            var answer = await _octokit.Repository.Collaborator.ReviewPermission(repository.Owner, repository.Name, login).ConfigureAwait(false);
            return answer.Permission is "admin" or "maintain" or "write";
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            return false; // an account GitHub does not know on this repository
        }
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo?> FindOpenPullRequestAsync(RemoteRepositoryIdentity repository, string headBranch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(headBranch);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        var request = new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{repository.Owner}:{headBranch}" };
        var found = await _octokit.PullRequest.GetAllForRepository(repository.Owner, repository.Name, request, new ApiOptions { PageSize = 100 }).ConfigureAwait(false);
        return found.Where(pr => pr.Head?.Ref == headBranch).Select(pr => ToInfo(repository, pr)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo> CreatePullRequestAsync(RemoteRepositoryIdentity repository, CreatePullRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(request);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        var created = await _octokit.PullRequest.Create(repository.Owner, repository.Name, new NewPullRequest(request.Title, request.HeadBranch, request.BaseBranch)
        {
            Body = request.Body,
            Draft = request.Draft,
        }).ConfigureAwait(false);
        return ToInfo(repository, created);
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo> GetPullRequestAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        return ToInfo(repository, await _octokit.PullRequest.Get(repository.Owner, repository.Name, number).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo> UpdatePullRequestAsync(RemoteRepositoryIdentity repository, int number, UpdatePullRequest update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(update);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        Octokit.PullRequest? current = null;
        if (update.Title is not null || update.Body is not null || update.Closed is not null)
        {
            current = await _octokit.PullRequest.Update(repository.Owner, repository.Name, number, new PullRequestUpdate
            {
                Title = update.Title,
                Body = update.Body,
                State = update.Closed switch { true => ItemState.Closed, false => ItemState.Open, null => null },
            }).ConfigureAwait(false);
        }

        if (update.Draft is { } draft)
        {
            current ??= await _octokit.PullRequest.Get(repository.Owner, repository.Name, number).ConfigureAwait(false);
            if (current.Draft != draft)
            {
                await GraphQLAsync(draft ? ConvertToDraft : MarkReady, current.NodeId, draft ? "convert the pull request to a draft" : "mark the pull request ready for review", cancellationToken).ConfigureAwait(false);
                current = await _octokit.PullRequest.Get(repository.Owner, repository.Name, number).ConfigureAwait(false);
            }
        }

        return ToInfo(repository, current ?? await _octokit.PullRequest.Get(repository.Owner, repository.Name, number).ConfigureAwait(false));
    }

    /// <inheritdoc />
    /// <remarks>GitHub answers 405 when the pull request is not mergeable and 409 when the head moved from <paramref name="expectedHeadSha"/>: both are <see cref="GitProviderException"/>.</remarks>
    public async Task<PullRequestInfo> MergePullRequestAsync(RemoteRepositoryIdentity repository, int number, MergeMethod method, string? expectedHeadSha = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        await _octokit.PullRequest.Merge(repository.Owner, repository.Name, number, new MergePullRequest
        {
            Sha = expectedHeadSha,
            MergeMethod = method switch
            {
                MergeMethod.Merge => PullRequestMergeMethod.Merge,
                MergeMethod.Squash => PullRequestMergeMethod.Squash,
                MergeMethod.Rebase => PullRequestMergeMethod.Rebase,
                _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown merge method."),
            },
        }).ConfigureAwait(false);
        return ToInfo(repository, await _octokit.PullRequest.Get(repository.Owner, repository.Name, number).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CommitInfo>> ListPullRequestCommitsAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        var commits = await _octokit.PullRequest.Commits(repository.Owner, repository.Name, number).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        return commits.Select(c => CommitInfo.FromReport(c.Sha, c.Commit.Message, c.Commit.Author?.Name, c.Commit.Author?.Email, c.Commit.Committer?.Date, c.Commit.Author?.Date, now)).ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PullRequestInfo>> ListOpenPullRequestsAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        var open = await _octokit.PullRequest.GetAllForRepository(repository.Owner, repository.Name, new PullRequestRequest { State = ItemStateFilter.Open }, new ApiOptions { PageSize = 100 }).ConfigureAwait(false);
        return open.Select(pr => ToInfo(repository, pr)).ToArray();
    }

    private Task<System.Text.Json.JsonElement?> GraphQLAsync(string mutation, string nodeId, string operation, CancellationToken cancellationToken) =>
        GraphQLAsync(mutation, new Dictionary<string, string> { ["id"] = nodeId }, operation, cancellationToken);

    /// <summary>Sends a GraphQL document (a mutation sent twice is harmless for every one the client sends) and returns its <c>data</c>.</summary>
    private async Task<System.Text.Json.JsonElement?> GraphQLAsync(string document, Dictionary<string, string> variables, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _graphQLUri)
        {
            Content = JsonContent.Create(new GitHubGraphQLRequest(document, variables), GitHubJsonContext.Default.GitHubGraphQLRequest),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _accessToken);
        request.Headers.UserAgent.ParseAdd(GitHubClientFactory.UserAgent);
        request.Options.Set(GitHttpClient.RetryUnsafeMethod, true); // setting a state twice is harmless
        using var response = await ProviderTransport.SendAsync(
            token => _graphQLHttp.SendAsync(request, token), GitProvider.GitHub, _graphQLUri.GetLeftPart(UriPartial.Path), operation, cancellationToken).ConfigureAwait(false);
        await ProviderResponses.EnsureSuccessAsync(response, GitProvider.GitHub, operation, _timeProvider, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadFromJsonAsync(GitHubJsonContext.Default.GitHubGraphQLResponse, cancellationToken).ConfigureAwait(false);
        if (answer?.Errors is { Count: > 0 } errors)
        {
            // GraphQL reports failures with HTTP 200 and an errors list.
            var message = $"GitHub refused to {operation}: {string.Join("; ", errors.Select(e => e.Message))}";
            throw errors.Any(e => e.Type is "FORBIDDEN" or "INSUFFICIENT_SCOPES")
                ? new GitProviderException(BobErrorKind.Forbidden, message, GitProvider.GitHub)
                : errors.Any(e => e.Type == "NOT_FOUND")
                    ? new GitProviderException(BobErrorKind.NotFound, message, GitProvider.GitHub)
                    : new GitProviderException(BobErrorKind.Rejected, message, GitProvider.GitHub);
        }

        return answer?.Data;
    }

    private static PullRequestInfo ToInfo(RemoteRepositoryIdentity repository, Octokit.PullRequest pr)
    {
        var status = pr.Merged ? PullRequestStatus.Merged
            : pr.State.Value == ItemState.Closed ? PullRequestStatus.Closed
            : pr.Draft ? PullRequestStatus.Draft
            : PullRequestStatus.Open;
        return new PullRequestInfo(
            repository,
            pr.Number,
            pr.Title,
            string.IsNullOrEmpty(pr.Body) ? null : pr.Body,
            pr.Head.Ref,
            pr.Base.Ref,
            pr.Head.Sha,
            status,
            pr.HtmlUrl,
            pr.UpdatedAt,
            pr.Merged ? pr.MergedAt : null);
    }
}
