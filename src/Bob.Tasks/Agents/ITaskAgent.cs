namespace Bob.Tasks;

/// <summary>
/// The coding agent a host runs for task runs (plan 5.2). The suite prepares the run (session, worktree on its branch) and
/// tells the agent what happens; the agent reports back through <c>POST /api/task-runs/{id}/block|fail|cancel</c> and
/// pushes through <c>POST /api/sessions/{id}/push</c>.
/// </summary>
/// <remarks>
/// Calls are at least once: a host killed after a call and before the run recorded it calls again for the same run (or the
/// same comment) when the work is taken over. Implementations treat <see cref="TaskAgentStart.RunId"/> and
/// <see cref="TaskAgentReply.CommentId"/> and <see cref="TaskAgentFeedback.FeedbackId"/> as dedupe keys. A call that throws is retried with the delivery's backoff.
/// </remarks>
public interface ITaskAgent
{
    /// <summary>Starts work on a run whose worktree is ready.</summary>
    Task StartAsync(TaskAgentStart start, CancellationToken cancellationToken = default);

    /// <summary>Hands a reply (a Kanbanger comment, a quick reply) to the agent of a run.</summary>
    Task ReplyAsync(TaskAgentReply reply, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands a trusted reviewer's review or comment on the run's pull request to the agent (a blocked run resumes). Never
    /// called for feedback from someone who may not write to the repository, nor for Bob's own replies.
    /// </summary>
    Task FeedbackAsync(TaskAgentFeedback feedback, CancellationToken cancellationToken = default);

    /// <summary>Stops the agent of a run that was cancelled.</summary>
    Task CancelAsync(TaskAgentCancel cancel, CancellationToken cancellationToken = default);
}
