namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.PullRequestCreated"/>.</summary>
/// <param name="PullRequestId">The pull request's row.</param>
/// <param name="Url">Its web page (empty when the provider gave no http(s) one).</param>
/// <param name="Number">Its number at the provider.</param>
/// <param name="Title">Its title.</param>
public sealed record PullRequestLinkedEvent(Guid PullRequestId, string Url, int Number, string Title);
