using System.Globalization;
using Bob.Git.Abstractions;
using Bob.Git.GitLab.Internal;

namespace Bob.Git.GitLab;

/// <summary>
/// <see cref="IGitProviderClient"/> for gitlab.com and self-managed GitLab over REST v4 (<c>Authorization: Bearer</c>, which
/// takes personal, project, group and OAuth tokens). Projects are addressed by their numeric id, resolved once per path
/// and cached. GitLab has no draft field on create: drafts are a <c>Draft:</c> title prefix. Merge refusals (405, 406,
/// 409, 422) become <see cref="GitProviderException"/> or <see cref="GitProviderException"/>.
/// </summary>
public sealed partial class GitLabClient : IGitProviderClient
{
    private const int PageSize = 100;
    private static readonly TimeSpan RebasePollInterval = TimeSpan.FromSeconds(1);
    private const int RebasePolls = 60;
    private readonly ProviderApiClient _api;
    private readonly GitLabProjectIds _projectIds;
    private readonly TimeProvider _timeProvider;

    internal GitLabClient(ProviderApiClient api, GitInstance instance, GitLabProjectIds projectIds, TimeProvider timeProvider)
    {
        _api = api;
        Instance = instance;
        _projectIds = projectIds;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public GitInstance Instance { get; }

    /// <inheritdoc />
    /// <remarks>Scopes come from <c>/personal_access_tokens/self</c> for access tokens and <c>/oauth/token/info</c> for OAuth tokens; empty when neither answers.</remarks>
    public async Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default)
    {
        var user = await _api.GetAsync("user", GitLabJsonContext.Default.GitLabUser, "get the current user", cancellationToken).ConfigureAwait(false);
        return new ProviderUser(user.Id.ToString(CultureInfo.InvariantCulture), user.Username, string.IsNullOrEmpty(user.Name) ? null : user.Name, await ScopesAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<string> GetDefaultBranchAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        var project = await GetProjectAsync(repository, cancellationToken).ConfigureAwait(false);
        return project.DefaultBranch ?? throw new GitProviderException(BobErrorKind.Failed, $"GitLab reports no default branch for {repository.WebUrl} (an empty project?).", GitProvider.GitLab);
    }

    /// <inheritdoc />
    public async Task<bool> CanWriteAsync(RemoteRepositoryIdentity repository, string login, string? accountId, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(accountId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var userId) || userId <= 0)
        {
            return false; // GitLab names members by user id; without one nobody is known
        }

        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        try
        {
            var member = await _api.GetAsync($"projects/{id}/members/all/{userId}", GitLabJsonContext.Default.GitLabMember, "read a member's access", cancellationToken).ConfigureAwait(false);
            return member.AccessLevel >= DeveloperAccess;
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            return false; // not a member, directly or through a group
        }
    }

    /// <summary>GitLab's Developer role: the lowest that may push.</summary>
    private const int DeveloperAccess = 30;

    /// <inheritdoc />
    public async Task<PullRequestInfo?> FindOpenPullRequestAsync(RemoteRepositoryIdentity repository, string headBranch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(headBranch);
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var found = await _api.GetAsync($"projects/{id}/merge_requests?state=opened&source_branch={Uri.EscapeDataString(headBranch)}", GitLabJsonContext.Default.ListGitLabMergeRequest, "find the open merge request", cancellationToken).ConfigureAwait(false);
        return found.Where(mr => mr.SourceBranch == headBranch).Select(mr => ToInfo(repository, mr)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo> CreatePullRequestAsync(RemoteRepositoryIdentity repository, CreatePullRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var body = new GitLabCreateMergeRequest(request.HeadBranch, request.BaseBranch, WriteTitle(request.Title, request.Draft), request.Body);
        var created = await _api.SendAsync(HttpMethod.Post, $"projects/{id}/merge_requests", body, GitLabJsonContext.Default.GitLabCreateMergeRequest, GitLabJsonContext.Default.GitLabMergeRequest, "create a merge request", cancellationToken).ConfigureAwait(false);
        return ToInfo(repository, created);
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo> GetPullRequestAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        return ToInfo(repository, await GetAsync(id, number, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo> UpdatePullRequestAsync(RemoteRepositoryIdentity repository, int number, UpdatePullRequest update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var title = update.Title;
        if (title is not null || update.Draft is not null)
        {
            // The draft state lives in the title: keep the current state unless asked to change it.
            var current = await GetAsync(id, number, cancellationToken).ConfigureAwait(false);
            var draft = update.Draft ?? IsDraft(current);
            title = WriteTitle(title ?? current.Title, draft);
        }

        var stateEvent = update.Closed switch { true => "close", false => "reopen", null => null };
        var body = new GitLabUpdateMergeRequest(title, update.Body, stateEvent);
        var updated = await _api.SendAsync(HttpMethod.Put, $"projects/{id}/merge_requests/{number}", body, GitLabJsonContext.Default.GitLabUpdateMergeRequest, GitLabJsonContext.Default.GitLabMergeRequest, "update the merge request", cancellationToken).ConfigureAwait(false);
        return ToInfo(repository, updated);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="MergeMethod.Squash"/> sets <c>squash</c>; <see cref="MergeMethod.Rebase"/> rebases first (<c>PUT …/rebase</c>,
    /// polled until done) and merges the rebased head; <see cref="MergeMethod.Merge"/> uses the project's merge method.
    /// </remarks>
    public async Task<PullRequestInfo> MergePullRequestAsync(RemoteRepositoryIdentity repository, int number, MergeMethod method, string? expectedHeadSha = null, CancellationToken cancellationToken = default)
    {
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var sha = expectedHeadSha;
        if (method == MergeMethod.Rebase)
        {
            sha = await RebaseAsync(id, number, expectedHeadSha, cancellationToken).ConfigureAwait(false);
        }
        else if (method is not (MergeMethod.Merge or MergeMethod.Squash))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown merge method.");
        }

        var body = new GitLabAcceptMergeRequest(method == MergeMethod.Squash ? true : null, sha);
        var merged = await _api.SendAsync(HttpMethod.Put, $"projects/{id}/merge_requests/{number}/merge", body, GitLabJsonContext.Default.GitLabAcceptMergeRequest, GitLabJsonContext.Default.GitLabMergeRequest, "merge the merge request", cancellationToken).ConfigureAwait(false);
        return ToInfo(repository, merged);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CommitInfo>> ListPullRequestCommitsAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var commits = await _api.GetAllPagesAsync($"projects/{id}/merge_requests/{number}/commits?per_page={PageSize}", GitLabJsonContext.Default.ListGitLabCommit, "list the merge request's commits", cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        return commits.Select(c => CommitInfo.FromReport(c.Id, c.Message, c.AuthorName, c.AuthorEmail, c.CommittedDate, c.CreatedAt, now)).ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PullRequestInfo>> ListOpenPullRequestsAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var open = await _api.GetAllPagesAsync($"projects/{id}/merge_requests?state=opened&per_page={PageSize}", GitLabJsonContext.Default.ListGitLabMergeRequest, "list open merge requests", cancellationToken).ConfigureAwait(false);
        return open.Select(mr => ToInfo(repository, mr)).ToArray();
    }

    private async Task<IReadOnlyList<string>> ScopesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var token = await _api.GetAsync("personal_access_tokens/self", GitLabJsonContext.Default.GitLabTokenInfo, "read the token's scopes", cancellationToken).ConfigureAwait(false);
            return token.Scopes ?? [];
        }
        catch (GitProviderException ex) when (ex is GitProviderException { Kind: BobErrorKind.NotFound } or GitProviderException { Kind: BobErrorKind.Unauthorized } or GitProviderException { Kind: BobErrorKind.Forbidden })
        {
            // Not a personal/project/group access token (or GitLab before 15.5): an OAuth token describes itself elsewhere.
        }

        try
        {
            var token = await _api.GetAsync("../../oauth/token/info", GitLabJsonContext.Default.GitLabOAuthTokenInfo, "read the token's scopes", cancellationToken).ConfigureAwait(false);
            return token.Scope ?? [];
        }
        catch (GitProviderException ex) when (ex is GitProviderException { Kind: BobErrorKind.NotFound } or GitProviderException { Kind: BobErrorKind.Unauthorized } or GitProviderException { Kind: BobErrorKind.Forbidden })
        {
            return [];
        }
    }

    private async Task<string> RebaseAsync(long projectId, int number, string? expectedHeadSha, CancellationToken cancellationToken)
    {
        if (expectedHeadSha is not null)
        {
            var before = await GetAsync(projectId, number, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(before.Sha, expectedHeadSha, StringComparison.OrdinalIgnoreCase))
            {
                throw new GitProviderException(BobErrorKind.Conflict, $"The merge request's head moved to {before.Sha}; expected {expectedHeadSha}.", GitProvider.GitLab);
            }
        }

        using (await _api.SendAsync(HttpMethod.Put, $"projects/{projectId}/merge_requests/{number}/rebase", null, "rebase the merge request", cancellationToken).ConfigureAwait(false))
        {
        }

        for (var poll = 0; poll < RebasePolls; poll++)
        {
            var state = await _api.GetAsync($"projects/{projectId}/merge_requests/{number}?include_rebase_in_progress=true", GitLabJsonContext.Default.GitLabMergeRequest, "check the rebase", cancellationToken).ConfigureAwait(false);
            if (state.RebaseInProgress != true)
            {
                return string.IsNullOrEmpty(state.MergeError)
                    ? state.Sha ?? throw new GitProviderException(BobErrorKind.Failed, "GitLab reports no head after the rebase.", GitProvider.GitLab)
                    : throw new GitProviderException(BobErrorKind.Conflict, $"GitLab could not rebase the merge request: {state.MergeError}", GitProvider.GitLab);
            }

            await Task.Delay(RebasePollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        throw new GitProviderException(BobErrorKind.Unavailable, $"GitLab's rebase of merge request !{number} did not finish within {RebasePolls} s.", GitProvider.GitLab);
    }

    private Task<GitLabMergeRequest> GetAsync(long projectId, int number, CancellationToken cancellationToken) =>
        _api.GetAsync($"projects/{projectId}/merge_requests/{number}", GitLabJsonContext.Default.GitLabMergeRequest, "get the merge request", cancellationToken);

    private Task<GitLabProject> GetProjectAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return _api.GetAsync($"projects/{Uri.EscapeDataString(repository.Owner + "/" + repository.Name)}", GitLabJsonContext.Default.GitLabProject, "get the project", cancellationToken);
    }

    private async Task<long> ProjectIdAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var key = $"{Instance.BaseUrl}|{repository.Owner.ToLowerInvariant()}/{repository.Name.ToLowerInvariant()}";
        if (_projectIds.TryGet(key, out var cached))
        {
            return cached;
        }

        var project = await GetProjectAsync(repository, cancellationToken).ConfigureAwait(false);
        _projectIds.Set(key, project.Id);
        return project.Id;
    }

    private static bool IsDraft(GitLabMergeRequest mr) =>
        mr.Draft == true || mr.WorkInProgress == true || GitLabWebhookPayloadParser.TryStripDraftPrefix(mr.Title, out _);

    private static string WriteTitle(string title, bool draft)
    {
        GitLabWebhookPayloadParser.TryStripDraftPrefix(title, out var bare);
        return draft ? $"Draft: {bare}" : bare;
    }

    private PullRequestInfo ToInfo(RemoteRepositoryIdentity repository, GitLabMergeRequest mr)
    {
        GitLabWebhookPayloadParser.TryStripDraftPrefix(mr.Title, out var title);
        var status = mr.State switch
        {
            "merged" => PullRequestStatus.Merged,
            "closed" or "locked" => PullRequestStatus.Closed,
            _ => IsDraft(mr) ? PullRequestStatus.Draft : PullRequestStatus.Open,
        };
        return new PullRequestInfo(
            repository,
            mr.Iid,
            title,
            string.IsNullOrEmpty(mr.Description) ? null : mr.Description,
            mr.SourceBranch,
            mr.TargetBranch,
            mr.Sha,
            status,
            mr.WebUrl,
            mr.UpdatedAt ?? mr.CreatedAt ?? _timeProvider.GetUtcNow(),
            status == PullRequestStatus.Merged ? mr.MergedAt : null);
    }
}
