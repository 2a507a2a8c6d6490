using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.Extensions.Logging;

namespace Bob.Git;

/// <summary>
/// Performs the review loop's outbox rows (<see cref="PullRequestFeedbackOutbox"/>) under the webhook worker: the 👀 on a
/// trusted reviewer's comment and Bob's replies, through the repository's connection. A failure is a
/// <see cref="BobException"/> the worker retries or dead-letters by <see cref="BobException.IsTransient"/> alone.
/// </summary>
public sealed partial class PullRequestFeedbackOutboxProcessor(
    IRepositoryStore repositories,
    IPullRequestStore pullRequests,
    IPullRequestFeedbackStore feedback,
    IGitAccessTokenProvider accessTokens,
    ILogger<PullRequestFeedbackOutboxProcessor> logger) : IWebhookSourceProcessor
{
    /// <inheritdoc />
    public bool Handles(string eventType) => eventType is PullRequestFeedbackOutbox.AcknowledgeEvent or PullRequestFeedbackOutbox.ReplyEvent;

    /// <inheritdoc />
    public async Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.EventType switch
        {
            PullRequestFeedbackOutbox.AcknowledgeEvent => await AcknowledgeAsync(delivery.ReadPayload(PullRequestFeedbackOutbox.Json.AcknowledgePayload), cancellationToken).ConfigureAwait(false),
            PullRequestFeedbackOutbox.ReplyEvent => await ReplyAsync(delivery.ReadPayload(PullRequestFeedbackOutbox.Json.ReplyPayload), cancellationToken).ConfigureAwait(false),
            _ => WebhookProcessingResult.Done,
        };
    }

    private async Task<WebhookProcessingResult> AcknowledgeAsync(AcknowledgePayload ack, CancellationToken cancellationToken)
    {
        if (await repositories.GetAsync(ack.UserId, ack.RepositoryId, cancellationToken).ConfigureAwait(false) is not { ConnectionId: { } connection } repository)
        {
            LogNoConnection(logger, ack.RepositoryId);
            return WebhookProcessingResult.Done;
        }

        var client = await accessTokens.CreateClientAsync(ack.UserId, connection, repository.Remote, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.AcknowledgeCommentAsync(repository.Remote, ack.Number, ack.CommentId, CommentKindNames.Parse(ack.Kind), cancellationToken).ConfigureAwait(false);
            LogAcknowledged(logger, ack.CommentId, ack.Number, repository.Remote.WebUrl);
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            LogGone(logger, ack.CommentId, repository.Remote.WebUrl); // deleted meanwhile: nothing to acknowledge
        }

        return WebhookProcessingResult.Done;
    }

    private async Task<WebhookProcessingResult> ReplyAsync(ReplyPayload row, CancellationToken cancellationToken)
    {
        var reply = await feedback.GetReplyAsync(row.ReplyId, cancellationToken).ConfigureAwait(false);
        var pullRequest = await pullRequests.GetAsync(row.UserId, row.PullRequestId, cancellationToken).ConfigureAwait(false);
        if (reply is null || pullRequest is null)
        {
            return WebhookProcessingResult.Done; // the pull request (and its replies) were removed
        }

        if (await repositories.GetAsync(row.UserId, pullRequest.RepositoryId, cancellationToken).ConfigureAwait(false) is not { ConnectionId: { } connection })
        {
            return WebhookProcessingResult.DeadLetter($"The repository of {pullRequest.Url} has no connection to post reply {reply.ClientInputId} with: connect it, then replay this delivery.");
        }

        var answered = (await feedback.ListAsync(pullRequest.Remote, pullRequest.Number, cancellationToken).ConfigureAwait(false))
            .OfType<CommentFeedback>().FirstOrDefault(c => c.ProviderId == reply.InReplyTo);
        var target = answered is null
            ? new CommentReplyTarget(reply.InReplyTo, CommentKind.Conversation, null) // deleted since: answer in the conversation
            : new CommentReplyTarget(answered.ProviderId, answered.Kind, answered.ThreadId);
        var client = await accessTokens.CreateClientAsync(row.UserId, connection, pullRequest.Remote, cancellationToken).ConfigureAwait(false);
        if (reply.PostedAt is null
            && (await client.ListFeedbackAsync(pullRequest.Remote, pullRequest.Number, cancellationToken).ConfigureAwait(false))
                .OfType<CommentFeedback>().FirstOrDefault(c => ReplyMarker.Carries(c.Body, reply.Id)) is { } already)
        {
            // Posted by an earlier attempt whose host died before it recorded the answer: the mark finds it, so it is not posted twice.
            await feedback.MarkReplyPostedAsync(reply.Id, already.ProviderId, already.Url, cancellationToken).ConfigureAwait(false);
            LogFoundPosted(logger, reply.ClientInputId, already.ProviderId);
            reply = (await feedback.GetReplyAsync(reply.Id, cancellationToken).ConfigureAwait(false))!;
        }

        if (reply.PostedAt is null)
        {
            var posted = await client.ReplyAsync(pullRequest.Remote, pullRequest.Number, target, ReplyMarker.Append(reply.Body, reply.Id), cancellationToken).ConfigureAwait(false);
            await feedback.MarkReplyPostedAsync(reply.Id, posted.ProviderId, posted.Url, cancellationToken).ConfigureAwait(false);
            LogReplied(logger, reply.ClientInputId, posted.ProviderId, pullRequest.Url);
        }

        if (reply.Resolve && answered is not null)
        {
            var resolved = await client.ResolveThreadAsync(pullRequest.Remote, pullRequest.Number, target, cancellationToken).ConfigureAwait(false);
            LogResolved(logger, reply.InReplyTo, resolved);
        }

        return WebhookProcessingResult.Done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Acknowledged comment {CommentId} on #{Number} of {Repository} with eyes")]
    private static partial void LogAcknowledged(ILogger logger, string commentId, int number, string repository);

    [LoggerMessage(Level = LogLevel.Information, Message = "Comment {CommentId} of {Repository} is gone; nothing to acknowledge")]
    private static partial void LogGone(ILogger logger, string commentId, string repository);

    [LoggerMessage(Level = LogLevel.Information, Message = "Repository {RepositoryId} has no connection (any more); comment not acknowledged")]
    private static partial void LogNoConnection(ILogger logger, Guid repositoryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply {ClientInputId} posted as comment {CommentId} on {PullRequest}")]
    private static partial void LogReplied(ILogger logger, string clientInputId, string commentId, string pullRequest);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply {ClientInputId} was posted before as comment {CommentId}; recorded, not posted again")]
    private static partial void LogFoundPosted(ILogger logger, string clientInputId, string commentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Thread of comment {CommentId} resolved: {Resolved}")]
    private static partial void LogResolved(ILogger logger, string commentId, bool resolved);
}
