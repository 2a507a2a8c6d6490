namespace Bob.Git.Abstractions;

/// <summary>
/// A reply Bob posts on a pull request for its agent (<c>POST /api/pull-requests/{id}/replies</c>): stored once per
/// <see cref="ClientInputId"/>, posted once through the outbox, and never taken back as feedback.
/// </summary>
/// <param name="Id">The reply's id.</param>
/// <param name="PullRequestId">The pull request's row.</param>
/// <param name="ClientInputId">The client's id for it: the same id again is the same reply.</param>
/// <param name="InReplyTo">The provider's id of the comment it answers.</param>
/// <param name="Body">Its text.</param>
/// <param name="Resolve">Whether the answered comment's thread is resolved after posting.</param>
/// <param name="CreatedAt">When it was asked for (UTC).</param>
public sealed record PullRequestReply(Guid Id, Guid PullRequestId, string ClientInputId, string InReplyTo, string Body, bool Resolve, DateTimeOffset CreatedAt)
{
    /// <summary>The provider's id of the posted comment, once posted.</summary>
    public string? ProviderCommentId { get; init; }

    /// <summary>The posted comment's web page, once posted (empty when the provider does not say).</summary>
    public string? Url { get; init; }

    /// <summary>When it was posted (UTC), or <see langword="null"/> while it waits in the outbox.</summary>
    public DateTimeOffset? PostedAt { get; init; }

    /// <summary>Whether it is the same request as <paramref name="other"/> (same comment, text and resolve), as a repeat must be.</summary>
    public bool SameRequestAs(PullRequestReply other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InReplyTo == other.InReplyTo && Body == other.Body && Resolve == other.Resolve;
    }
}
