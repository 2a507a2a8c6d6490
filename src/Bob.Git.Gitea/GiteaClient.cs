using Bob.Git.Abstractions;
using Bob.Git.Gitea.Internal;

namespace Bob.Git.Gitea;

/// <summary>
/// <see cref="IGitProviderClient"/> for Gitea and Forgejo over API v1 (<c>/api/v1</c>, <c>Authorization: token …</c>).
/// Drafts are the instance's title prefix (<see cref="GiteaOptions.DraftTitlePrefix"/>); merges send <c>Do</c> and the
/// expected <c>head_commit_id</c>. Create instances with <see cref="GiteaClientFactory"/>.
/// </summary>
public sealed partial class GiteaClient : IGitProviderClient
{
    private const int PageSize = 50;
    private readonly ProviderApiClient _api;
    private readonly GiteaDraftTitle _draftTitle;
    private readonly TimeProvider _timeProvider;

    internal GiteaClient(ProviderApiClient api, GitInstance instance, string draftPrefix, TimeProvider timeProvider)
    {
        _api = api;
        Instance = instance;
        _draftTitle = new GiteaDraftTitle(draftPrefix);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public GitInstance Instance { get; }

    /// <inheritdoc />
    /// <remarks>Gitea does not report a token's scopes, so <see cref="ProviderUser.Scopes"/> is empty.</remarks>
    public async Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default)
    {
        var user = await _api.GetAsync("user", GiteaJsonContext.Default.GiteaUser, "get the current user", cancellationToken).ConfigureAwait(false);
        return new ProviderUser(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Login, string.IsNullOrEmpty(user.FullName) ? null : user.FullName, []);
    }

    /// <inheritdoc />
    public async Task<string> GetDefaultBranchAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        var repo = await _api.GetAsync(RepoPath(repository), GiteaJsonContext.Default.GiteaRepository, "get the repository", cancellationToken).ConfigureAwait(false);
        return repo.DefaultBranch ?? throw new GitProviderException(BobErrorKind.Failed, $"Gitea reports no default branch for {repository.WebUrl} (an empty repository?).", GitProvider.Gitea);
    }

    /// <inheritdoc />
    public async Task<bool> CanWriteAsync(RemoteRepositoryIdentity repository, string login, string? accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        try
        {
            var answer = await _api.GetAsync($"{RepoPath(repository)}/collaborators/{Uri.EscapeDataString(login)}/permission", GiteaJsonContext.Default.GiteaCollaboratorPermission, "read a collaborator's permission", cancellationToken).ConfigureAwait(false);
            return answer.Permission is "write" or "admin" or "owner";
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            return false; // not a collaborator, or no such account
        }
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo?> FindOpenPullRequestAsync(RemoteRepositoryIdentity repository, string headBranch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(headBranch);
        var open = await ListOpenPullRequestsAsync(repository, cancellationToken).ConfigureAwait(false);
        return open.FirstOrDefault(pr => pr.HeadBranch == headBranch);
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo> CreatePullRequestAsync(RemoteRepositoryIdentity repository, CreatePullRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new GiteaCreatePullRequest(request.HeadBranch, request.BaseBranch, _draftTitle.Write(request.Title, request.Draft), request.Body);
        var created = await _api.SendAsync(HttpMethod.Post, $"{RepoPath(repository)}/pulls", body, GiteaJsonContext.Default.GiteaCreatePullRequest, GiteaJsonContext.Default.GiteaPullRequest, "create a pull request", cancellationToken).ConfigureAwait(false);
        return ToInfo(repository, created);
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo> GetPullRequestAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default) =>
        ToInfo(repository, await GetAsync(repository, number, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<PullRequestInfo> UpdatePullRequestAsync(RemoteRepositoryIdentity repository, int number, UpdatePullRequest update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        string? title = update.Title;
        if (update.Draft is { } draft)
        {
            // The draft state lives in the title: rewrite the new or current title with or without the prefix.
            title ??= (await GetAsync(repository, number, cancellationToken).ConfigureAwait(false)).Title;
            title = _draftTitle.Write(title, draft);
        }
        else if (title is not null)
        {
            var current = await GetAsync(repository, number, cancellationToken).ConfigureAwait(false);
            title = _draftTitle.Write(title, _draftTitle.Read(current.Title).Draft);
        }

        var state = update.Closed switch { true => "closed", false => "open", null => null };
        var body = new GiteaEditPullRequest(title, update.Body, state);
        var edited = await _api.SendAsync(HttpMethod.Patch, $"{RepoPath(repository)}/pulls/{number}", body, GiteaJsonContext.Default.GiteaEditPullRequest, GiteaJsonContext.Default.GiteaPullRequest, "update the pull request", cancellationToken).ConfigureAwait(false);
        return ToInfo(repository, edited);
    }

    /// <inheritdoc />
    /// <remarks>Gitea answers 405 when the style is not allowed or the pull request is not mergeable, 409 on conflicts or a moved head.</remarks>
    public async Task<PullRequestInfo> MergePullRequestAsync(RemoteRepositoryIdentity repository, int number, MergeMethod method, string? expectedHeadSha = null, CancellationToken cancellationToken = default)
    {
        var style = method switch
        {
            MergeMethod.Merge => "merge",
            MergeMethod.Squash => "squash",
            MergeMethod.Rebase => "rebase",
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown merge method."),
        };
        await _api.SendAsync(HttpMethod.Post, $"{RepoPath(repository)}/pulls/{number}/merge", new GiteaMergePullRequest(style, expectedHeadSha), GiteaJsonContext.Default.GiteaMergePullRequest, "merge the pull request", cancellationToken).ConfigureAwait(false);
        return await GetPullRequestAsync(repository, number, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CommitInfo>> ListPullRequestCommitsAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        var commits = await _api.GetAllPagesAsync($"{RepoPath(repository)}/pulls/{number}/commits?limit={PageSize}&verification=false&files=false", GiteaJsonContext.Default.ListGiteaCommit, "list the pull request's commits", cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        return commits.Select(c => CommitInfo.FromReport(c.Sha, c.Commit.Message, c.Commit.Author?.Name, c.Commit.Author?.Email, c.Commit.Committer?.Date, c.Commit.Author?.Date, now)).ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PullRequestInfo>> ListOpenPullRequestsAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        var pulls = await _api.GetAllPagesAsync($"{RepoPath(repository)}/pulls?state=open&limit={PageSize}", GiteaJsonContext.Default.ListGiteaPullRequest, "list open pull requests", cancellationToken).ConfigureAwait(false);
        return pulls.Select(pr => ToInfo(repository, pr)).ToArray();
    }

    private Task<GiteaPullRequest> GetAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken) =>
        _api.GetAsync($"{RepoPath(repository)}/pulls/{number}", GiteaJsonContext.Default.GiteaPullRequest, "get the pull request", cancellationToken);

    private PullRequestInfo ToInfo(RemoteRepositoryIdentity repository, GiteaPullRequest pr)
    {
        var (title, prefixed) = _draftTitle.Read(pr.Title);
        var status = pr.Merged ? PullRequestStatus.Merged
            : pr.State == "closed" ? PullRequestStatus.Closed
            : prefixed || pr.Draft == true ? PullRequestStatus.Draft
            : PullRequestStatus.Open;
        return new PullRequestInfo(
            repository,
            pr.Number,
            title,
            string.IsNullOrEmpty(pr.Body) ? null : pr.Body,
            pr.Head.Ref,
            pr.Base.Ref,
            pr.Head.Sha,
            status,
            pr.HtmlUrl,
            pr.UpdatedAt ?? pr.CreatedAt ?? _timeProvider.GetUtcNow(),
            pr.Merged ? pr.MergedAt : null);
    }

    private static string RepoPath(RemoteRepositoryIdentity repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return $"repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}";
    }
}
