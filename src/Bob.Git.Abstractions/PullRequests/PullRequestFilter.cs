namespace Bob.Git.Abstractions;

/// <summary>Which pull requests a list holds: those of one remote or of one session, optionally of one status.</summary>
/// <param name="Remote">The remote repository, or <see langword="null"/>.</param>
/// <param name="SessionId">The session, or <see langword="null"/>.</param>
/// <param name="Status">The status, or <see langword="null"/> for all.</param>
public sealed record PullRequestFilter(RemoteRepositoryIdentity? Remote = null, Guid? SessionId = null, PullRequestStatus? Status = null);
