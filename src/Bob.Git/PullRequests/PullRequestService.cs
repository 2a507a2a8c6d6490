using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;

namespace Bob.Git;

/// <summary>
/// Pull requests the suite opens (plan 4.1). <see cref="CreateDraftAsync"/> opens at most one per head: a lock per remote
/// and head across hosts, the stored row, then the provider's own list are consulted before anything is created, and a
/// create the provider answers "already exists" (a retry after a timeout that did create it) finds the one it made.
/// </summary>
public sealed partial class PullRequestService(
    IRepositoryStore repositories,
    ISessionStore sessions,
    IPullRequestStore pullRequests,
    IGitAccessTokenProvider accessTokens,
    ILogger<PullRequestService> logger)
{
    /// <summary>The longest title accepted (GitHub's limit).</summary>
    public const int MaxTitleLength = 256;

    /// <summary>The longest body accepted (GitHub's limit).</summary>
    public const int MaxBodyLength = 65536;

    /// <summary>
    /// createDraftPr: opens a draft pull request from <paramref name="headBranch"/> (already on the remote) into
    /// <paramref name="baseBranch"/>, or returns the open one of that head, linked to <paramref name="sessionId"/> if given
    /// (announced to the session as <c>pr.created</c> once).
    /// </summary>
    /// <returns>The pull request, and whether this call opened it on the provider.</returns>
    /// <exception cref="BobValidationException">A field is missing or out of range.</exception>
    /// <exception cref="BobNotFoundException">No such repository for this user.</exception>
    /// <exception cref="BobNotFoundException">No such session for this user.</exception>
    /// <exception cref="BobConflictException">The repository has no provider connection.</exception>
    public async Task<(PullRequest PullRequest, bool Created)> CreateDraftAsync(
        Guid userId, Guid repositoryId, Guid? sessionId, string headBranch, string baseBranch, string title, string? body, CancellationToken cancellationToken = default)
    {
        headBranch = Branch(headBranch, "headBranch");
        baseBranch = Branch(baseBranch, "baseBranch");
        title = (title ?? "").Trim();
        if (title.Length is 0 or > MaxTitleLength || TextRules.HasControlCharacters(title))
        {
            throw new BobValidationException("title", $"A title has 1 to {MaxTitleLength} characters and no control characters.");
        }

        if (body is { Length: > MaxBodyLength })
        {
            throw new BobValidationException("body", $"A body has at most {MaxBodyLength} characters.");
        }

        var repository = await repositories.GetAsync(userId, repositoryId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForRepository(repositoryId);
        if (sessionId is { } sid && await sessions.GetAsync(userId, sid, cancellationToken).ConfigureAwait(false) is null)
        {
            throw BobNotFoundException.ForSession(sid);
        }

        var connectionId = repository.ConnectionId
            ?? throw new BobConflictException($"Repository {repository.Id} has no provider connection: set one with PUT /api/repositories/{repository.Id}/connection.", "The repository needs a connection");
        var client = await accessTokens.CreateClientAsync(userId, connectionId, repository.Remote, cancellationToken).ConfigureAwait(false);
        await using (await pullRequests.LockHeadAsync(repository.Remote, headBranch, cancellationToken).ConfigureAwait(false))
        {
            if (await pullRequests.FindOpenByHeadAsync(userId, repository.Remote, headBranch, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                return (await LinkAsync(userId, stored.Id, sessionId, cancellationToken).ConfigureAwait(false), false);
            }

            var created = false;
            var info = await client.FindOpenPullRequestAsync(repository.Remote, headBranch, cancellationToken).ConfigureAwait(false);
            if (info is null)
            {
                try
                {
                    info = await client.CreatePullRequestAsync(repository.Remote, new CreatePullRequest(headBranch, baseBranch, title, body, Draft: true), cancellationToken).ConfigureAwait(false);
                    created = true;
                    LogCreated(logger, info.Number, repository.Remote.WebUrl, headBranch);
                }
                catch (GitProviderException ex) when (ex is GitProviderException { Kind: BobErrorKind.Conflict } or GitProviderException { Kind: BobErrorKind.Rejected })
                {
                    // GitHub 422 "A pull request already exists", GitLab 409, Gitea 409: an earlier attempt (timed out here) made it.
                    info = await client.FindOpenPullRequestAsync(repository.Remote, headBranch, cancellationToken).ConfigureAwait(false);
                    if (info is null)
                    {
                        throw;
                    }
                }
            }

            var change = await pullRequests.ApplyAsync(repository, info, cancellationToken).ConfigureAwait(false);
            return (await LinkAsync(userId, change.PullRequestId, sessionId, cancellationToken).ConfigureAwait(false), created);
        }
    }

    /// <summary>The pull request, when the user registered a repository it belongs to.</summary>
    /// <exception cref="BobNotFoundException">No such pull request for this user.</exception>
    public async Task<PullRequest> GetAsync(Guid userId, Guid pullRequestId, CancellationToken cancellationToken = default) =>
        await pullRequests.GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForPullRequest(pullRequestId);

    /// <summary>
    /// Changes title, body, draft state or open/closed state on the provider (draft and ready through each provider's own
    /// mechanism) and stores what the provider answers.
    /// </summary>
    /// <exception cref="BobNotFoundException">No such pull request for this user.</exception>
    /// <exception cref="BobValidationException">A field is out of range, or nothing is asked to change.</exception>
    public async Task<PullRequest> UpdateAsync(Guid userId, Guid pullRequestId, string? title, string? body, bool? draft, string? state, CancellationToken cancellationToken = default)
    {
        title = title?.Trim();
        if (title is not null && (title.Length is 0 or > MaxTitleLength || TextRules.HasControlCharacters(title)))
        {
            throw new BobValidationException("title", $"A title has 1 to {MaxTitleLength} characters and no control characters.");
        }

        if (body is { Length: > MaxBodyLength })
        {
            throw new BobValidationException("body", $"A body has at most {MaxBodyLength} characters.");
        }

        bool? closed = state switch
        {
            null => null,
            "open" => false,
            "closed" => true,
            _ => throw new BobValidationException("state", "state is 'open' or 'closed'."),
        };
        if (title is null && body is null && draft is null && closed is null)
        {
            throw new BobValidationException("title", "Give at least one of title, body, draft and state.");
        }

        var (repository, pullRequest, client) = await OpenAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
        if (pullRequest.Status is PullRequestStatus.Merged)
        {
            throw new GitProviderException(BobErrorKind.Conflict, $"Pull request #{pullRequest.Number} is merged; it can no longer change.", pullRequest.Remote.Provider);
        }

        var info = await client.UpdatePullRequestAsync(pullRequest.Remote, pullRequest.Number, new UpdatePullRequest(title, body, draft, closed), cancellationToken).ConfigureAwait(false);
        await pullRequests.ApplyAsync(repository, info, cancellationToken).ConfigureAwait(false);
        return await GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Merges on the provider, refused when the head moved since the suite last saw it; the merged state and time are stored
    /// from the provider's answer at once. A refusal (not mergeable, checks pending, method not allowed) is a
    /// <see cref="GitProviderException"/> carrying the provider's reason.
    /// </summary>
    /// <exception cref="BobNotFoundException">No such pull request for this user.</exception>
    public async Task<PullRequest> MergeAsync(Guid userId, Guid pullRequestId, MergeMethod method, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(method))
        {
            throw new BobValidationException("method", "method is 'merge', 'squash' or 'rebase'.");
        }

        var (repository, pullRequest, client) = await OpenAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
        var info = await client.MergePullRequestAsync(pullRequest.Remote, pullRequest.Number, method, pullRequest.HeadSha, cancellationToken).ConfigureAwait(false);
        await pullRequests.ApplyAsync(repository, info, cancellationToken).ConfigureAwait(false);
        LogMerged(logger, pullRequest.Number, pullRequest.Remote.WebUrl, method);
        return await GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the pull request's commits from the provider into the commit list, linked to it; returns how many.</summary>
    /// <exception cref="BobNotFoundException">No such pull request for this user.</exception>
    public async Task<int> SyncCommitsAsync(Guid userId, Guid pullRequestId, CancellationToken cancellationToken = default)
    {
        var (repository, pullRequest, client) = await OpenAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
        var commits = await client.ListPullRequestCommitsAsync(pullRequest.Remote, pullRequest.Number, cancellationToken).ConfigureAwait(false);
        await pullRequests.AddPullRequestCommitsAsync(repository, pullRequest.Id, null, commits, cancellationToken).ConfigureAwait(false);
        return commits.Count;
    }

    /// <summary>Links the pull request to a Kanbanger task.</summary>
    /// <exception cref="BobNotFoundException">No such pull request for this user.</exception>
    /// <exception cref="BobValidationException">(<c>kanbangerTaskId</c>) Empty, too long, or not printable.</exception>
    public async Task<PullRequest> LinkTaskAsync(Guid userId, Guid pullRequestId, string? kanbangerTaskId, CancellationToken cancellationToken = default)
    {
        kanbangerTaskId = kanbangerTaskId?.Trim();
        if (string.IsNullOrEmpty(kanbangerTaskId) || kanbangerTaskId.Length > 100 || !TextRules.IsTokenText(kanbangerTaskId))
        {
            throw new BobValidationException("kanbangerTaskId", "kanbangerTaskId is 1 to 100 printable characters without spaces.");
        }

        var pullRequest = await GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
        await pullRequests.LinkTaskAsync(pullRequest.Id, kanbangerTaskId, cancellationToken).ConfigureAwait(false);
        return await GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pull requests of one of the user's repositories, newest first, a page at a time.</summary>
    /// <exception cref="BobNotFoundException">No such repository for this user.</exception>
    public async Task<Page<PullRequest>> ListForRepositoryAsync(Guid userId, Guid repositoryId, string? status, int? limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var repository = await repositories.GetAsync(userId, repositoryId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForRepository(repositoryId);
        return await PageAsync(userId, new PullRequestFilter(Remote: repository.Remote, Status: Status(status)), limit, cursor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pull requests of one of the user's sessions, newest first, a page at a time.</summary>
    /// <exception cref="BobNotFoundException">No such session for this user.</exception>
    public async Task<Page<PullRequest>> ListForSessionAsync(Guid userId, Guid sessionId, string? status, int? limit, string? cursor, CancellationToken cancellationToken = default)
    {
        _ = await sessions.GetAsync(userId, sessionId, cancellationToken).ConfigureAwait(false) ?? throw BobNotFoundException.ForSession(sessionId);
        return await PageAsync(userId, new PullRequestFilter(SessionId: sessionId, Status: Status(status)), limit, cursor, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Page<PullRequest>> PageAsync(Guid userId, PullRequestFilter filter, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var size = SessionService.PageSize(limit);
        var items = await pullRequests.ListAsync(userId, filter, size + 1, PageKey.FromCursor(cursor), cancellationToken).ConfigureAwait(false);
        return Internal.Paging.Of(items, size, p => new PageKey(p.CreatedAt, p.Id));
    }

    private static PullRequestStatus? Status(string? status) =>
        status is null ? null
        : PullRequestStatusNames.TryParse(status, out var parsed) ? parsed
        : throw new BobValidationException("status", "status is 'draft', 'open', 'merged' or 'closed'.");

    /// <summary>The pull request, the user's repository of it, and a client with its connection.</summary>
    private async Task<(Repository Repository, PullRequest PullRequest, IGitProviderClient Client)> OpenAsync(Guid userId, Guid pullRequestId, CancellationToken cancellationToken)
    {
        var pullRequest = await GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
        var repository = await repositories.GetAsync(userId, pullRequest.RepositoryId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForPullRequest(pullRequestId);
        var connectionId = repository.ConnectionId
            ?? throw new BobConflictException($"Repository {repository.Id} has no provider connection: set one with PUT /api/repositories/{repository.Id}/connection.", "The repository needs a connection");
        return (repository, pullRequest, await accessTokens.CreateClientAsync(userId, connectionId, repository.Remote, cancellationToken).ConfigureAwait(false));
    }

    private async Task<PullRequest> LinkAsync(Guid userId, Guid pullRequestId, Guid? sessionId, CancellationToken cancellationToken)
    {
        if (sessionId is { } session)
        {
            await pullRequests.LinkSessionAsync(pullRequestId, session, cancellationToken).ConfigureAwait(false);
        }

        return await GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A branch name git accepts (<see cref="GitBranchName"/>), checked before it reaches the provider's API.</summary>
    private static string Branch(string? name, string field) => GitBranchName.Require(name, field);

    [LoggerMessage(Level = LogLevel.Information, Message = "Merged pull request #{Number} on {Repository} by {Method}")]
    private static partial void LogMerged(ILogger logger, int number, string repository, MergeMethod method);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened draft pull request #{Number} on {Repository} from {HeadBranch}")]
    private static partial void LogCreated(ILogger logger, int number, string repository, string headBranch);
}
