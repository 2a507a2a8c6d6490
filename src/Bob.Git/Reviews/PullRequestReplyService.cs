using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// The agent answers in the thread (<c>POST /api/pull-requests/{id}/replies</c>, issue 20): a reply to a comment Bob stored
/// is kept once per <c>clientInputId</c> and posted once through the outbox (<see cref="PullRequestFeedbackOutbox.ReplyEvent"/>),
/// marked (<see cref="ReplyMarker"/>) so that its own delivery never steers an agent.
/// </summary>
public sealed class PullRequestReplyService(IPullRequestStore pullRequests, IPullRequestFeedbackStore feedback, TimeProvider timeProvider)
{
    /// <summary>The longest <c>clientInputId</c> taken.</summary>
    public const int MaxClientInputIdLength = 100;

    /// <summary>
    /// Stores the reply and queues its post. Returns it and whether this call created it (a repeat of the same request
    /// answers the first reply).
    /// </summary>
    /// <exception cref="BobValidationException">(<c>inReplyTo</c>, <c>body</c>, <c>clientInputId</c>) Missing or malformed.</exception>
    /// <exception cref="BobNotFoundException">No such pull request for this user, or no stored comment <paramref name="inReplyTo"/> on it.</exception>
    /// <exception cref="BobConflictException">The <paramref name="clientInputId"/> was used for another reply.</exception>
    public async Task<(PullRequestReply Reply, bool Created)> ReplyAsync(
        Guid userId, Guid pullRequestId, string? inReplyTo, string? body, string? clientInputId, bool resolve, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(clientInputId) || clientInputId.Length > MaxClientInputIdLength || TextRules.HasControlCharacters(clientInputId))
        {
            throw new BobValidationException("clientInputId", $"clientInputId is 1 to {MaxClientInputIdLength} characters without control characters.");
        }

        if (string.IsNullOrWhiteSpace(inReplyTo) || inReplyTo.Length > 200 || TextRules.HasControlCharacters(inReplyTo))
        {
            throw new BobValidationException("inReplyTo", "inReplyTo is the provider's id of a comment on the pull request.");
        }

        if (string.IsNullOrWhiteSpace(body) || body.Length > ReplyMarker.MaxBodyLength || body.Contains('\0', StringComparison.Ordinal))
        {
            throw new BobValidationException("body", $"body is 1 to {ReplyMarker.MaxBodyLength} characters of text, without NUL.");
        }

        var pullRequest = await pullRequests.GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForPullRequest(pullRequestId);
        var stored = await feedback.ListAsync(pullRequest.Remote, pullRequest.Number, cancellationToken).ConfigureAwait(false);
        if (!stored.OfType<CommentFeedback>().Any(c => c.ProviderId == inReplyTo))
        {
            throw new BobNotFoundException($"No comment '{TextRules.Excerpt(inReplyTo, 40)}' is stored for pull request {pullRequestId}: inReplyTo names a comment Bob received.");
        }

        var reply = new PullRequestReply(Guid.CreateVersion7(), pullRequest.Id, clientInputId, inReplyTo, body, resolve, timeProvider.GetUtcNow());
        var (kept, created) = await feedback.AddReplyAsync(reply, PullRequestFeedbackOutbox.Reply(new ReplyPayload(reply.Id, userId, pullRequest.Id)), cancellationToken).ConfigureAwait(false);
        if (!created && !kept.SameRequestAs(reply))
        {
            throw new BobConflictException($"clientInputId '{TextRules.Excerpt(clientInputId, 40)}' was already used for another reply on this pull request.", "clientInputId already used");
        }

        return (kept, created);
    }

    /// <summary>The user's reply on the pull request.</summary>
    /// <exception cref="BobNotFoundException">No such pull request for this user, or no such reply on it.</exception>
    public async Task<PullRequestReply> GetAsync(Guid userId, Guid pullRequestId, Guid replyId, CancellationToken cancellationToken = default)
    {
        _ = await pullRequests.GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForPullRequest(pullRequestId);
        var reply = await feedback.GetReplyAsync(replyId, cancellationToken).ConfigureAwait(false);
        return reply is not null && reply.PullRequestId == pullRequestId ? reply : throw new BobNotFoundException("reply", replyId);
    }
}
