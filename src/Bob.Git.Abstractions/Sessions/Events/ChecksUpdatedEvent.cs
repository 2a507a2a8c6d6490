namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.ChecksUpdated"/>.</summary>
/// <param name="PullRequestId">The pull request.</param>
/// <param name="HeadSha">Its head.</param>
/// <param name="State"><c>pending</c>, <c>success</c> or <c>failure</c>.</param>
/// <param name="Failing">The names of what fails.</param>
public sealed record ChecksUpdatedEvent(Guid PullRequestId, string HeadSha, string State, IReadOnlyList<string> Failing);
