using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git;

/// <summary>
/// Applies pull request and push events to the registered repository whose remote matches (plan 3.3): pull requests are
/// upserted by their natural key, pushed commits by sha and linked to the branch's open pull request. Events for remotes no
/// user registered change nothing. Reviews, comments and thread changes go to the <see cref="IPullRequestFeedbackStore"/>
/// when the host has one. Idempotent and order-independent, as the stores guarantee.
/// </summary>
public sealed partial class GitWebhookEventHandler(
    IRepositoryStore repositories,
    IPullRequestStore pullRequests,
    ILogger<GitWebhookEventHandler>? logger = null,
    TimeProvider? timeProvider = null,
    RepositoryRegistrations? registrations = null,
    IPullRequestFeedbackStore? feedback = null) : IGitWebhookEventHandler
{
    /// <summary>
    /// How long the repositories registered for a remote are reused across events (bursts of deliveries are usually about
    /// one repository). A registration in this process takes effect at once; one made by another host is seen by events
    /// processed at most this much later.
    /// </summary>
    public static readonly TimeSpan LookupLifetime = TimeSpan.FromMilliseconds(250);

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly Internal.ShortLivedCache<RemoteRepositoryIdentity, IReadOnlyList<Repository>> _lookups = Lookups(timeProvider, registrations);

    private static Internal.ShortLivedCache<RemoteRepositoryIdentity, IReadOnlyList<Repository>> Lookups(TimeProvider? timeProvider, RepositoryRegistrations? registrations)
    {
        var lookups = new Internal.ShortLivedCache<RemoteRepositoryIdentity, IReadOnlyList<Repository>>(LookupLifetime, timeProvider ?? TimeProvider.System);
        if (registrations is not null)
        {
            registrations.Changed += lookups.Forget;
        }

        return lookups;
    }

    /// <inheritdoc />
    public async Task HandleAsync(GitWebhookEvent gitEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gitEvent);
        var registered = await _lookups.GetOrLoadAsync(gitEvent.Repository, remote => repositories.FindByRemoteAsync(remote, CancellationToken.None), cancellationToken);
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
                LogPullRequest(_logger, pr.Action, pr.PullRequest.Url, change.Changed, change.VisibleChange);
                break;
            case PullRequestFeedbackWebhookEvent said:
                if (said.PullRequest is { } stated)
                {
                    // The pull request as the review delivery states it, as for any pull request delivery.
                    var stateChange = await pullRequests.ApplyAsync(repository, stated, cancellationToken);
                    LogPullRequest(_logger, said.Action, stated.Url, stateChange.Changed, stateChange.VisibleChange);
                }

                if (feedback is not null)
                {
                    var kept = await feedback.ApplyAsync(gitEvent.Repository, said.Number, said.Feedback, cancellationToken);
                    LogFeedback(_logger, said.Action, said.Number, gitEvent.Repository.WebUrl, kept);
                }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull request {Action}: {Url} (stored: {Changed}, visible change: {VisibleChange})")]
    private static partial void LogPullRequest(ILogger logger, string action, string url, bool changed, bool visibleChange);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback {Action} on #{Number} of {WebUrl} (kept: {Kept})")]
    private static partial void LogFeedback(ILogger logger, string action, int number, string webUrl, bool kept);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Count} pushed commit(s) of {Branch} in {WebUrl}")]
    private static partial void LogPush(ILogger logger, int count, string branch, string webUrl);
}
