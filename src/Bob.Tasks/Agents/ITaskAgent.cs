namespace Bob.Tasks;

/// <summary>
/// The coding agent a host runs for task runs (plan 5.2). The suite prepares the run (session, worktree on its branch) and
/// tells the agent what happens; the agent reports back through <c>POST /api/task-runs/{id}/block|fail|cancel</c> and
/// pushes through <c>POST /api/sessions/{id}/push</c>.
/// </summary>
/// <remarks>
/// Calls are at least once: a host killed after a call and before the run recorded it calls again for the same run (or the
/// same comment) when the work is taken over. Implementations treat <see cref="TaskAgentStart.RunId"/> and
/// <see cref="TaskAgentReply.CommentId"/> as dedupe keys. A call that throws is retried with the delivery's backoff.
/// </remarks>
public interface ITaskAgent
{
    /// <summary>Starts work on a run whose worktree is ready.</summary>
    Task StartAsync(TaskAgentStart start, CancellationToken cancellationToken = default);

    /// <summary>Hands a reply (a Kanbanger comment, a quick reply) to the agent of a run.</summary>
    Task ReplyAsync(TaskAgentReply reply, CancellationToken cancellationToken = default);

    /// <summary>Stops the agent of a run that was cancelled.</summary>
    Task CancelAsync(TaskAgentCancel cancel, CancellationToken cancellationToken = default);
}

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

/// <summary>A reply to a run's agent.</summary>
/// <param name="RunId">The run.</param>
/// <param name="SessionId">The run's session.</param>
/// <param name="CommentId">The reply's id (the dedupe key of this call).</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Body">What they wrote.</param>
public sealed record TaskAgentReply(Guid RunId, Guid SessionId, string CommentId, string Author, string Body);

/// <summary>A run was cancelled.</summary>
/// <param name="RunId">The run.</param>
/// <param name="SessionId">Its session, if it had one.</param>
public sealed record TaskAgentCancel(Guid RunId, Guid? SessionId);
