namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.TaskUpdated"/>.</summary>
/// <param name="RunId">The task run.</param>
/// <param name="Status">Its status after the move.</param>
/// <param name="Trigger">What moved it.</param>
/// <param name="Reason">The reason given, or <see langword="null"/>.</param>
/// <param name="PullRequestUrl">Its pull request's web page, once it has one.</param>
public sealed record TaskUpdatedEvent(Guid RunId, string Status, string Trigger, string? Reason, string? PullRequestUrl);
