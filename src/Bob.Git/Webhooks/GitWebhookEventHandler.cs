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
    IPullRequestFeedbackStore? feedback = null,
    ReviewerTrust? trust = null,
    ISessionEventStream? events = null,
    IEnumerable<IPullRequestFeedbackObserver>? observers = null,
    ICheckStore? checks = null,
    IEnumerable<ICheckStateObserver>? checkObservers = null) : IGitWebhookEventHandler
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
                    var judged = said.Feedback with { Trusted = await TrustedAsync(repository, said.Feedback, cancellationToken) };
                    var kept = await feedback.ApplyAsync(gitEvent.Repository, said.Number, judged, cancellationToken);
                    LogFeedback(_logger, said.Action, said.Number, gitEvent.Repository.WebUrl, kept);
                    if (kept || !await IsStaleAsync(said, judged, cancellationToken))
                    {
                        await TellSessionAsync(repository, said with { Feedback = judged }, cancellationToken);
                    }
                }

                break;
            case CheckWebhookEvent check when checks is not null:
                var head = await checks.ApplyAsync(gitEvent.Repository, check.Check, cancellationToken);
                LogCheck(_logger, check.Action, check.Check.Name, check.Check.HeadSha, head.State.ToWireName(), head.Changed);
                await TellSessionsAsync(check.Repository, head, cancellationToken);
                break;
            case PushWebhookEvent { IsTag: false, Deleted: false, Commits.Count: > 0 } push:
                var branch = push.Ref.StartsWith("refs/heads/", StringComparison.Ordinal) ? push.Ref["refs/heads/".Length..] : push.Ref;
                var stored = await pullRequests.AddCommitsAsync(repository, branch, push.Commits, cancellationToken);
                LogPush(_logger, stored, branch, gitEvent.Repository.WebUrl);
                break;
        }
    }

    /// <summary>
    /// Appends the feedback's session event when its pull request belongs to a session: once per review and revision
    /// (submitted, edited, dismissed), once per comment (its edits update the stored timeline and are no new event: with
    /// deliveries taken in any order, a creation and its edit would otherwise be one event or two by chance), once per
    /// thread change; append-once keys make a redelivery, or a retry after a crash between the store and here, append it once;
    /// the outbox rows the <see cref="IPullRequestFeedbackObserver"/>s queue for it in the same transaction.
    /// </summary>
    private async Task TellSessionAsync(Repository repository, PullRequestFeedbackWebhookEvent said, CancellationToken cancellationToken)
    {
        if (events is null || await pullRequests.FindByNumberAsync(said.Repository, said.Number, cancellationToken) is not { SessionId: { } session } pullRequest)
        {
            return;
        }

        var trusted = said.Feedback.Trusted;
        var (kind, key, payload) = said.Feedback switch
        {
            ReviewFeedback r => (SessionEventKinds.ReviewSubmitted, $"review:{r.ProviderId}:{r.Revision}", SessionEventPayloads.ToElement(new ReviewSubmittedEvent(
                pullRequest.Id, r.ProviderId, r.Author, r.State.ToWireName(), r.Body, r.Url, trusted))),
            CommentFeedback { Deleted: false } c => (SessionEventKinds.ReviewComment, $"comment:{c.ProviderId}", SessionEventPayloads.ToElement(new ReviewCommentEvent(
                pullRequest.Id, c.ProviderId, c.Kind.ToWireName(), c.Path, c.Line, c.InReplyTo, c.Author, c.Body, c.Url, trusted))),
            ThreadFeedback t => (SessionEventKinds.ReviewThreadResolved, $"thread:{t.ProviderId}:{t.Resolved}:{string.Join(',', t.CommentIds)}", SessionEventPayloads.ToElement(new ReviewThreadResolvedEvent(
                pullRequest.Id, t.ProviderId, t.CommentIds.FirstOrDefault(), t.Resolved))),
            _ => (null, null, default),
        };
        if (kind is null)
        {
            return;
        }

        var received = new PullRequestFeedbackReceived(session, pullRequest.Id, said.Repository, said.Number, said.Feedback, trusted);
        List<OutboxMessage> effects = [];
        if (trusted && said.Feedback is CommentFeedback comment && comment.ProviderId.All(char.IsAsciiDigit))
        {
            // The 👀 that says the agent took it (once per comment: the row's delivery id).
            effects.Add(PullRequestFeedbackOutbox.Acknowledge(new AcknowledgePayload(repository.UserId, repository.Id, pullRequest.Id, said.Number, comment.ProviderId, comment.Kind.ToWireName())));
        }

        foreach (var observer in observers ?? [])
        {
            effects.AddRange(observer.Received(received));
        }

        await events.AppendOnceWithEffectsAsync(session, kind, key!, payload, effects, cancellationToken);
    }

    /// <summary>
    /// Appends <c>checks.updated</c> to the session of each open pull request whose head the checks are of, once per head and
    /// state (an append-once key): a storm of deliveries that does not change the state appends nothing, and a retry after a
    /// crash between the store and here still appends it.
    /// </summary>
    private async Task TellSessionsAsync(RemoteRepositoryIdentity remote, CheckHeadState head, CancellationToken cancellationToken)
    {
        if (events is null)
        {
            return;
        }

        IReadOnlyList<CheckReport>? all = null;
        foreach (var (pullRequestId, sessionId) in await pullRequests.FindByHeadShaAsync(remote, head.HeadSha, cancellationToken))
        {
            if (sessionId is not { } session)
            {
                continue;
            }

            // A red or green head queues the observers' rows with its event (a pending one has nothing to say).
            List<OutboxMessage> effects = [];
            if (head.State != CheckState.Pending && checkObservers is not null && checks is not null)
            {
                all ??= await checks.ListAsync(remote, head.HeadSha, cancellationToken);
                var change = new CheckStateChange(session, pullRequestId, head.HeadSha, head.State, head.Failing, all);
                foreach (var observer in checkObservers)
                {
                    effects.AddRange(observer.Changed(change));
                }
            }

            var payload = SessionEventPayloads.ToElement(new ChecksUpdatedEvent(pullRequestId, head.HeadSha, head.State.ToWireName(), head.Failing));
            // Once per head and state (issue 21), so a storm tells at most pending, one outcome and, when a run is re-run,
            // the other: a head back in a state it had (green for a moment before its other checks reported, pending, green
            // again) is not told again; what acts on green asks the head's state when it acts.
            await events.AppendOnceWithEffectsAsync(session, SessionEventKinds.ChecksUpdated, $"checks:{head.HeadSha}:{head.State.ToWireName()}", payload, effects, cancellationToken);
        }
    }

    /// <summary>
    /// Whether a report the store did not take is older than what it keeps (a creation after its edit, a copy of an earlier
    /// edit): it tells the session nothing. A report equal to the kept one is a redelivery, or a retry after a crash between
    /// the store and the session, and goes on (its event is appended once by its key).
    /// </summary>
    private async Task<bool> IsStaleAsync(PullRequestFeedbackWebhookEvent said, PullRequestFeedback judged, CancellationToken cancellationToken)
    {
        if (judged is not (ReviewFeedback or CommentFeedback { Deleted: false }))
        {
            return false;
        }

        var kept = (await feedback!.ListAsync(said.Repository, said.Number, cancellationToken))
            .FirstOrDefault(f => f.GetType() == judged.GetType() && f.ProviderId == judged.ProviderId);
        return kept switch
        {
            null => true, // deleted or dismissed meanwhile
            CommentFeedback c => c with { Resolved = false } != judged,
            _ => kept != judged,
        };
    }

    /// <summary>
    /// Whether a review or comment steers: its author may write to the repository (<see cref="ReviewerTrust"/>), and it is
    /// not Bob's own reply (its mark), whoever's connection posted it. Deletions and thread changes steer nothing.
    /// </summary>
    private async Task<bool> TrustedAsync(Repository repository, PullRequestFeedback said, CancellationToken cancellationToken) => said switch
    {
        _ when trust is null => false,
        ReviewFeedback r => !ReplyMarker.IsBobs(r.Body) && await trust.IsTrustedAsync(repository, r.Author, r.AuthorId, cancellationToken),
        CommentFeedback { Deleted: false } c => !ReplyMarker.IsBobs(c.Body) && await trust.IsTrustedAsync(repository, c.Author, c.AuthorId, cancellationToken),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "No registered repository for {WebUrl}; event ignored")]
    private static partial void LogUnregistered(ILogger logger, string webUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull request {Action}: {Url} (stored: {Changed}, visible change: {VisibleChange})")]
    private static partial void LogPullRequest(ILogger logger, string action, string url, bool changed, bool visibleChange);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback {Action} on #{Number} of {WebUrl} (kept: {Kept})")]
    private static partial void LogFeedback(ILogger logger, string action, int number, string webUrl, bool kept);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Check {Action} {Name} on {HeadSha}: head {State} (changed: {Changed})")]
    private static partial void LogCheck(ILogger logger, string action, string name, string headSha, string state, bool changed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Count} pushed commit(s) of {Branch} in {WebUrl}")]
    private static partial void LogPush(ILogger logger, int count, string branch, string webUrl);
}
