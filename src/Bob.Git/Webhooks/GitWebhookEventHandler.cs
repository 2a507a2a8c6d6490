using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git;

/// <summary>
/// Applies pull request and push events to the registered repository whose remote matches (plan 3.3): pull requests are
/// upserted by their natural key, pushed commits by sha and linked to the branch's open pull request. Events for remotes no
/// user registered change nothing. Idempotent and order-independent, as <see cref="IPullRequestStore"/> guarantees.
/// </summary>
public sealed partial class GitWebhookEventHandler(
    IRepositoryStore repositories,
    IPullRequestStore pullRequests,
    ILogger<GitWebhookEventHandler>? logger = null) : IGitWebhookEventHandler
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    // The worker processes deliveries in parallel, and bursts are usually about one repository: concurrent events for the same
    // remote share one lookup in flight (no result outlives its query, so a newly registered repository is seen at once).
    private readonly Internal.SingleFlight<RemoteRepositoryIdentity, IReadOnlyList<Repository>> _lookups = new();

    /// <inheritdoc />
    public async Task HandleAsync(GitWebhookEvent gitEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gitEvent);
        var registered = await _lookups.RunAsync(gitEvent.Repository, remote => repositories.FindByRemoteAsync(remote, CancellationToken.None), cancellationToken);
        if (registered.Count == 0)
        {
            LogUnregistered(_logger, gitEvent.Repository.WebUrl);
            return;
        }

        // A remote registered by several users maps to one pull_requests row (the plan's global natural key): the first registration owns it.
        var repository = registered[0];
        switch (gitEvent)
        {
            case PullRequestWebhookEvent pr:
                var change = await pullRequests.ApplyAsync(repository, pr.PullRequest, cancellationToken);
                LogPullRequest(_logger, pr.Action, pr.PullRequest.Url, change.Changed);
                break;
            case PushWebhookEvent { IsTag: false, Deleted: false, Commits.Count: > 0 } push:
                var branch = push.Ref.StartsWith("refs/heads/", StringComparison.Ordinal) ? push.Ref["refs/heads/".Length..] : push.Ref;
                var stored = await pullRequests.AddCommitsAsync(repository, branch, push.Commits, cancellationToken);
                LogPush(_logger, stored, branch, gitEvent.Repository.WebUrl);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No registered repository for {WebUrl}; event ignored")]
    private static partial void LogUnregistered(ILogger logger, string webUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull request {Action}: {Url} (changed: {Changed})")]
    private static partial void LogPullRequest(ILogger logger, string action, string url, bool changed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Count} pushed commit(s) of {Branch} in {WebUrl}")]
    private static partial void LogPush(ILogger logger, int count, string branch, string webUrl);
}
