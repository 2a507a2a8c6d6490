namespace Bob.Git.Abstractions;

/// <summary>
/// A pull request as the suite tracks it, seen by one user: <see cref="RepositoryId"/> is that user's registration of its
/// repository (every user who registered the remote sees it).
/// </summary>
/// <param name="Id">The row id.</param>
/// <param name="RepositoryId">The viewing user's repository it belongs to.</param>
/// <param name="Remote">The remote repository.</param>
/// <param name="Number">The provider's number (GitLab's iid).</param>
/// <param name="Title">The title, without any draft prefix the suite added.</param>
/// <param name="Body">The description.</param>
/// <param name="HeadBranch">The source branch.</param>
/// <param name="BaseBranch">The target branch.</param>
/// <param name="HeadSha">The head commit, when known.</param>
/// <param name="Status">Draft, open, merged or closed.</param>
/// <param name="Url">The provider's page of it.</param>
/// <param name="SessionId">The session it came from, if any.</param>
/// <param name="KanbangerTaskId">The Kanbanger task it is linked to, if any.</param>
/// <param name="CreatedAt">When the suite first stored it (UTC).</param>
/// <param name="MergedAt">When it was merged (UTC), if it was.</param>
public sealed record PullRequest(
    Guid Id,
    Guid RepositoryId,
    RemoteRepositoryIdentity Remote,
    int Number,
    string Title,
    string? Body,
    string HeadBranch,
    string BaseBranch,
    string? HeadSha,
    PullRequestStatus Status,
    string Url,
    Guid? SessionId,
    string? KanbangerTaskId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? MergedAt);
