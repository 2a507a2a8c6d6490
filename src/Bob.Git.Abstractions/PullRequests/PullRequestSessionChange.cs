namespace Bob.Git.Abstractions;

/// <summary>A session's pull request changed (see <see cref="IPullRequestSessionObserver"/>).</summary>
/// <param name="UserId">The pull request row's user.</param>
/// <param name="SessionId">The session.</param>
/// <param name="PullRequestId">The pull request's row.</param>
/// <param name="Change"><c>linked</c>, <c>ready</c> (a draft marked ready for review), <c>merged</c> or <c>closed</c>.</param>
public sealed record PullRequestSessionChange(Guid UserId, Guid SessionId, Guid PullRequestId, string Change);
