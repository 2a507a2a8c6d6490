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
    /// <exception cref="GitFieldException">A field is missing or out of range.</exception>
    /// <exception cref="RepositoryNotFoundException">No such repository for this user.</exception>
    /// <exception cref="SessionNotFoundException">No such session for this user.</exception>
    /// <exception cref="RepositoryConnectionRequiredException">The repository has no provider connection.</exception>
    public async Task<(PullRequest PullRequest, bool Created)> CreateDraftAsync(
        Guid userId, Guid repositoryId, Guid? sessionId, string headBranch, string baseBranch, string title, string? body, CancellationToken cancellationToken = default)
    {
        headBranch = Branch(headBranch, "headBranch");
        baseBranch = Branch(baseBranch, "baseBranch");
        title = (title ?? "").Trim();
        if (title.Length is 0 or > MaxTitleLength || TextRules.HasControlCharacters(title))
        {
            throw new GitFieldException("title", $"A title has 1 to {MaxTitleLength} characters and no control characters.");
        }

        if (body is { Length: > MaxBodyLength })
        {
            throw new GitFieldException("body", $"A body has at most {MaxBodyLength} characters.");
        }

        var repository = await repositories.GetAsync(userId, repositoryId, cancellationToken).ConfigureAwait(false)
            ?? throw new RepositoryNotFoundException(repositoryId);
        if (sessionId is { } sid && await sessions.GetAsync(userId, sid, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new SessionNotFoundException($"Session {sid} was not found.");
        }

        var connectionId = repository.ConnectionId
            ?? throw new RepositoryConnectionRequiredException($"Repository {repository.Id} has no provider connection: set one with PUT /api/repositories/{repository.Id}/connection.");
        var client = await accessTokens.CreateClientAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
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
                catch (GitProviderException ex) when (ex is ProviderConflictException or ProviderValidationException)
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
    /// <exception cref="PullRequestNotFoundException">No such pull request for this user.</exception>
    public async Task<PullRequest> GetAsync(Guid userId, Guid pullRequestId, CancellationToken cancellationToken = default) =>
        await pullRequests.GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false)
            ?? throw new PullRequestNotFoundException($"Pull request {pullRequestId} was not found.");

    private async Task<PullRequest> LinkAsync(Guid userId, Guid pullRequestId, Guid? sessionId, CancellationToken cancellationToken)
    {
        if (sessionId is { } session)
        {
            await pullRequests.LinkSessionAsync(pullRequestId, session, cancellationToken).ConfigureAwait(false);
        }

        return await GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
    }

    private static string Branch(string? name, string field)
    {
        name = (name ?? "").Trim();
        return name.Length is 0 or > 255 || TextRules.HasControlCharacters(name) || name.Contains(' ', StringComparison.Ordinal) || name.StartsWith('-')
            ? throw new GitFieldException(field, $"{field} is a branch name of 1 to 255 characters, without spaces or control characters.")
            : name;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened draft pull request #{Number} on {Repository} from {HeadBranch}")]
    private static partial void LogCreated(ILogger logger, int number, string repository, string headBranch);
}
