using Bob.Git.Abstractions;
using Bob.Tasks;

namespace Bob.SampleHost.Agents;

/// <summary>
/// The sample host's <see cref="ITaskAgent"/>: it does no coding. It records what it is told as session events
/// (<c>agent.started</c> with the worktree's branch, <c>agent.reply</c>, <c>agent.feedback</c>, <c>agent.cancelled</c>) and in the log, so a person
/// or a test can play the agent: commit in the worktree, push with <c>POST /api/sessions/{id}/push</c>, report with
/// <c>POST /api/task-runs/{id}/block|fail|cancel</c>. Each event is appended once per dedupe key (the run, the reply's id),
/// as SPEC §3 asks, however often a call is repeated; the log shows every call. A real host registers its coding agent instead.
/// </summary>
internal sealed partial class RecordingTaskAgent(ISessionEventStream events, ILogger<RecordingTaskAgent> logger) : ITaskAgent
{
    public async Task StartAsync(TaskAgentStart start, CancellationToken cancellationToken = default)
    {
        LogStart(logger, start.RunId, start.Branch);
        await events.AppendOnceAsync(start.SessionId, "agent.started", $"agent.started:{start.RunId:N}", new System.Text.Json.Nodes.JsonObject { ["runId"] = start.RunId, ["worktreeId"] = start.WorktreeId, ["branch"] = start.Branch, ["task"] = start.TaskIdentifier }, cancellationToken);
    }

    public async Task ReplyAsync(TaskAgentReply reply, CancellationToken cancellationToken = default)
    {
        LogReply(logger, reply.RunId, reply.CommentId);
        await events.AppendOnceAsync(reply.SessionId, "agent.reply", $"agent.reply:{reply.CommentId}", new System.Text.Json.Nodes.JsonObject { ["runId"] = reply.RunId, ["commentId"] = reply.CommentId }, cancellationToken);
    }

    public async Task FeedbackAsync(TaskAgentFeedback feedback, CancellationToken cancellationToken = default)
    {
        LogFeedback(logger, feedback.RunId, feedback.FeedbackId);
        await events.AppendOnceAsync(feedback.SessionId, "agent.feedback", $"agent.feedback:{feedback.FeedbackId}", new System.Text.Json.Nodes.JsonObject
        {
            ["runId"] = feedback.RunId,
            ["feedbackId"] = feedback.FeedbackId,
            ["kind"] = feedback.Kind,
            ["author"] = feedback.Author,
            ["path"] = feedback.Path,
            ["line"] = feedback.Line,
        }, cancellationToken);
    }

    public async Task CancelAsync(TaskAgentCancel cancel, CancellationToken cancellationToken = default)
    {
        LogCancel(logger, cancel.RunId);
        if (cancel.SessionId is { } session)
        {
            await events.AppendOnceAsync(session, "agent.cancelled", $"agent.cancelled:{cancel.RunId:N}", new System.Text.Json.Nodes.JsonObject { ["runId"] = cancel.RunId }, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample agent: start run {RunId} on {Branch}")]
    private static partial void LogStart(ILogger logger, Guid runId, string branch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample agent: reply {CommentId} for run {RunId}")]
    private static partial void LogReply(ILogger logger, Guid runId, string commentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample agent: feedback {FeedbackId} for run {RunId}")]
    private static partial void LogFeedback(ILogger logger, Guid runId, string feedbackId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample agent: cancel run {RunId}")]
    private static partial void LogCancel(ILogger logger, Guid runId);
}
