namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.PullRequestUpdated"/>, <see cref="SessionEventKinds.PullRequestMerged"/> and <see cref="SessionEventKinds.PullRequestClosed"/>.</summary>
/// <param name="PullRequestId">The pull request's row.</param>
/// <param name="Url">Its web page.</param>
/// <param name="Number">Its number at the provider.</param>
/// <param name="Title">Its title.</param>
/// <param name="Status">Its status now: <c>draft</c>, <c>open</c>, <c>merged</c> or <c>closed</c>.</param>
public sealed record PullRequestChangedEvent(Guid PullRequestId, string Url, int Number, string Title, string Status);
