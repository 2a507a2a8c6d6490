namespace Bob.Tasks;

/// <summary>What <c>task.assigned</c> asks for (SPEC §5), as read from the delivery.</summary>
/// <param name="WorkspaceId">The Kanbanger workspace.</param>
/// <param name="TaskId">The task id.</param>
/// <param name="TaskIdentifier">Its identifier, such as <c>BOB-42</c>.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">Its description.</param>
/// <param name="TaskUrl">Its page.</param>
/// <param name="AssigneeUserId">The assignee's Bob user id, as sent (it may name nobody).</param>
/// <param name="RemoteUrl">The repository to work in.</param>
/// <param name="BaseBranch">The branch to start from (the remote's default when absent).</param>
public sealed record TaskAssignment(string WorkspaceId, string TaskId, string TaskIdentifier, string? Title, string? Description, string? TaskUrl, string AssigneeUserId, string RemoteUrl, string? BaseBranch);
