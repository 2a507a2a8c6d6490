namespace Bob.Git.Abstractions;

/// <summary>
/// The operations the suite needs from a git host, for one instance and one access token.
/// Failures surface as <see cref="GitProviderException"/> subclasses.
/// </summary>
public interface IGitProviderClient
{
    /// <summary>The instance this client talks to.</summary>
    GitInstance Instance { get; }

    /// <summary>Returns the token's account and granted scopes (testConnection).</summary>
    Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the repository's default branch, or throws <see cref="GitProviderException"/>.</summary>
    Task<string> GetDefaultBranchAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default);

    /// <summary>Returns the open pull request whose source is <paramref name="headBranch"/>, or <see langword="null"/>.</summary>
    Task<PullRequestInfo?> FindOpenPullRequestAsync(RemoteRepositoryIdentity repository, string headBranch, CancellationToken cancellationToken = default);

    /// <summary>Opens a pull request.</summary>
    Task<PullRequestInfo> CreatePullRequestAsync(RemoteRepositoryIdentity repository, CreatePullRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns one pull request by number.</summary>
    Task<PullRequestInfo> GetPullRequestAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default);

    /// <summary>Changes title, body, draft state or open/closed state.</summary>
    Task<PullRequestInfo> UpdatePullRequestAsync(RemoteRepositoryIdentity repository, int number, UpdatePullRequest update, CancellationToken cancellationToken = default);

    /// <summary>Merges the pull request; with <paramref name="expectedHeadSha"/> the provider refuses when the head moved.</summary>
    Task<PullRequestInfo> MergePullRequestAsync(RemoteRepositoryIdentity repository, int number, MergeMethod method, string? expectedHeadSha = null, CancellationToken cancellationToken = default);

    /// <summary>Lists every commit of a pull request, across all pages.</summary>
    Task<IReadOnlyList<CommitInfo>> ListPullRequestCommitsAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default);

    /// <summary>Lists every open pull request of a repository, across all pages.</summary>
    Task<IReadOnlyList<PullRequestInfo>> ListOpenPullRequestsAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <paramref name="login"/> (account id <paramref name="accountId"/>) may write to <paramref name="repository"/>:
    /// GitHub <c>write</c>, <c>maintain</c> or <c>admin</c>; GitLab Developer (30) or above; Gitea <c>write</c>, <c>admin</c> or
    /// <c>owner</c>. Someone the provider does not know as a member is <see langword="false"/>. The line between a reviewer
    /// and a prompt injection (issue 20).
    /// </summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<bool> CanWriteAsync(RemoteRepositoryIdentity repository, string login, string? accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acknowledges a comment with the 👀 reaction (GitHub and Gitea <c>eyes</c>, GitLab award emoji <c>eyes</c>). Idempotent: a
    /// comment that already has Bob's 👀 keeps one.
    /// </summary>
    /// <exception cref="GitProviderException">The provider refused or failed (a deleted comment is <see cref="BobErrorKind.NotFound"/>).</exception>
    Task AcknowledgeCommentAsync(RemoteRepositoryIdentity repository, int number, string commentId, CommentKind kind, CancellationToken cancellationToken = default);

    /// <summary>
    /// Posts <paramref name="body"/> as a reply to <paramref name="target"/> on pull request <paramref name="number"/>: in its
    /// thread where the provider has threads (GitHub review threads, GitLab discussions), otherwise in the conversation (GitHub
    /// conversation comments; Gitea, whose API v1 has no thread replies).
    /// </summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<PostedComment> ReplyAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, string body, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resolves <paramref name="target"/>'s thread (GitHub <c>resolveReviewThread</c>, GitLab <c>resolved=true</c> on the
    /// discussion). Returns <see langword="false"/> when there is no thread to resolve (a conversation comment, Gitea).
    /// </summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<bool> ResolveThreadAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, CancellationToken cancellationToken = default);

    /// <summary>
    /// The reviews and comments of pull request <paramref name="number"/> as the provider holds them now, for the backfill of
    /// missed webhooks (issue 20): each handed over as its delivery would be, so what was seen already changes nothing.
    /// </summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<IReadOnlyList<PullRequestFeedback>> ListFeedbackAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default);

    /// <summary>
    /// The checks of commit <paramref name="headSha"/> as the provider holds them now, for the backfill of missed webhooks
    /// (issue 21): GitHub's commit statuses and check runs, GitLab's commit statuses and pipelines, Gitea's commit statuses.
    /// </summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<IReadOnlyList<CheckReport>> ListChecksAsync(RemoteRepositoryIdentity repository, string headSha, CancellationToken cancellationToken = default);
}
