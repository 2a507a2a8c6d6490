namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.TaskCreated"/>.</summary>
/// <param name="PullRequestId">The pull request the task was created for.</param>
/// <param name="TaskId">The Kanbanger task's id.</param>
/// <param name="Identifier">Its identifier, such as <c>BOB-43</c>.</param>
/// <param name="Url">Its page.</param>
public sealed record TaskCreatedEvent(Guid PullRequestId, string TaskId, string Identifier, string Url);
