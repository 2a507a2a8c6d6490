namespace Bob.Tasks;

/// <summary>What the agent is asked to do: the task as it was at assignment, and where to work.</summary>
/// <param name="RunId">The run (the dedupe key of this call).</param>
/// <param name="UserId">The Bob user the task was assigned to.</param>
/// <param name="SessionId">The run's session (events, push).</param>
/// <param name="WorktreeId">The worktree to push (<c>{worktreeId}</c> of the push route).</param>
/// <param name="WorktreePath">The worktree's directory on this host.</param>
/// <param name="Branch">Its branch, <c>bob/…</c>.</param>
/// <param name="TaskIdentifier">The task's identifier, such as <c>BOB-42</c>.</param>
/// <param name="Title">The task's title.</param>
/// <param name="Description">The task's description.</param>
/// <param name="TaskUrl">The task's page.</param>
public sealed record TaskAgentStart(Guid RunId, Guid UserId, Guid SessionId, Guid WorktreeId, string WorktreePath, string Branch, string TaskIdentifier, string? Title, string? Description, string? TaskUrl);
