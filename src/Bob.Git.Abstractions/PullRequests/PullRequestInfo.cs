namespace Bob.Git.Abstractions;

/// <summary>A pull request (GitLab: merge request) as a provider reports it, normalised across providers.</summary>
/// <param name="Repository">The repository the pull request targets.</param>
/// <param name="Number">The number shown in the provider's UI (GitLab: the merge request's <c>iid</c>).</param>
/// <param name="Title">The title, without any draft prefix the provider uses to mark drafts.</param>
/// <param name="Body">The description, or <see langword="null"/>.</param>
/// <param name="HeadBranch">The source branch.</param>
/// <param name="BaseBranch">The target branch.</param>
/// <param name="HeadSha">The commit at the head of the source branch, when known.</param>
/// <param name="Status">Draft, open, merged or closed.</param>
/// <param name="Url">The pull request's web page.</param>
/// <param name="UpdatedAt">When the provider last changed it; used to keep the newest state when events arrive out of order.</param>
/// <param name="MergedAt">When it was merged, or <see langword="null"/>.</param>
public sealed record PullRequestInfo(
    RemoteRepositoryIdentity Repository,
    int Number,
    string Title,
    string? Body,
    string HeadBranch,
    string BaseBranch,
    string? HeadSha,
    PullRequestStatus Status,
    string Url,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? MergedAt);
