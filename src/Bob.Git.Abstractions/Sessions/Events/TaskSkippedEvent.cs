namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.TaskSkipped"/>.</summary>
/// <param name="PullRequestId">The pull request that was weighed.</param>
/// <param name="Layer">The gate's layer that refused (1 hard requirements, 2 lifecycle, 3 quality), or 0.</param>
/// <param name="Reasons">Why.</param>
public sealed record TaskSkippedEvent(Guid PullRequestId, int Layer, IReadOnlyList<string> Reasons);
