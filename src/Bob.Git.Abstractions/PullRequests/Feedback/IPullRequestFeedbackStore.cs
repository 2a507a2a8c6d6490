namespace Bob.Git.Abstractions;

/// <summary>
/// Reviews and comments on pull requests, kept per remote and provider id (issue 20). Reports of one item arrive in any
/// order and more than once: the store keeps the furthest one (<see cref="PullRequestFeedback.Revision"/>, then the later
/// provider time), so a deletion or dismissal is never undone and a late creation never hides an edit.
/// </summary>
public interface IPullRequestFeedbackStore
{
    /// <summary>Applies a report about pull request <paramref name="number"/> of <paramref name="remote"/>; returns whether it changed what is kept.</summary>
    Task<bool> ApplyAsync(RemoteRepositoryIdentity remote, int number, PullRequestFeedback feedback, CancellationToken cancellationToken = default);

    /// <summary>The pull request's reviews and live comments, oldest first, with threads marked resolved as last reported.</summary>
    Task<IReadOnlyList<PullRequestFeedback>> ListAsync(RemoteRepositoryIdentity remote, int number, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="reply"/> once per pull request and <see cref="PullRequestReply.ClientInputId"/> and, when it is
    /// new, queues <paramref name="post"/> in the same transaction. Returns the stored reply (the first one for a repeated id,
    /// whatever it said) and whether this call created it.
    /// </summary>
    Task<(PullRequestReply Reply, bool Created)> AddReplyAsync(PullRequestReply reply, OutboxMessage post, CancellationToken cancellationToken = default);

    /// <summary>The reply, or <see langword="null"/>.</summary>
    Task<PullRequestReply?> GetReplyAsync(Guid replyId, CancellationToken cancellationToken = default);

    /// <summary>Records that the reply was posted as the provider's comment <paramref name="providerCommentId"/> (the first record stays).</summary>
    Task MarkReplyPostedAsync(Guid replyId, string providerCommentId, string url, CancellationToken cancellationToken = default);
}
