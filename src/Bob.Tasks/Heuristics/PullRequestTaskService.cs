using System.Globalization;
using Bob.Git;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Tasks;

/// <summary>
/// Plan 5.3: a session's pull request that no task is linked to is weighed by <see cref="TaskWorthinessGate"/> (its diff
/// measured in the session's worktree with <c>git diff --numstat</c>); when it passes, a Kanbanger task is created in
/// <see cref="KanbangerOptions.WorkspaceId"/> with the <c>Idempotency-Key</c> <c>bob-pr-task-{pullRequestId}</c> (once per
/// pull request, whatever is retried), linked to the pull request (<c>kanbanger_task_id</c>) and reported in the session
/// (<c>task.created</c>); when it does not, the session says why (<c>task.skipped</c>, with the gate's reasons).
/// </summary>
public sealed partial class PullRequestTaskService(
    KanbangerClient kanbanger,
    IOptions<KanbangerOptions> kanbangerOptions,
    IOptions<TaskWorthinessOptions> gateOptions,
    ISessionStore sessions,
    IPullRequestStore pullRequests,
    ISessionEventStream events,
    GitCommandRunner git,
    ILogger<PullRequestTaskService> logger)
{
    /// <summary>Weighs the pull request and creates its task when it passes; returns the gate's decision.</summary>
    /// <exception cref="KanbangerRequestException">Kanbanger refused the task, failed or could not be reached.</exception>
    public async Task<TaskWorthinessDecision> ConsiderAsync(AutoTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (lines, files) = await DiffAsync(request, cancellationToken).ConfigureAwait(false);
        var decision = TaskWorthinessGate.Decide(
            new PullRequestContext(request.Repository, request.Branch, lines, files, FirstPush: true, PullRequestExists: true, request.Title, request.Body),
            gateOptions.Value);
        var key = string.Create(CultureInfo.InvariantCulture, $"autotask:{request.PullRequestId:N}");
        if (!decision.CreateTask || kanbangerOptions.Value.WorkspaceId is not { Length: > 0 } workspace)
        {
            var reasons = decision.CreateTask ? ["no workspace for automatic tasks: set Kanbanger:WorkspaceId"] : decision.Reasons;
            LogSkipped(logger, request.PullRequestId, string.Join("; ", reasons));
            await events.AppendOnceAsync(request.SessionId, SessionEventKinds.TaskSkipped, key, SessionEventPayloads.ToElement(new TaskSkippedEvent(request.PullRequestId, decision.Layer, reasons)), cancellationToken).ConfigureAwait(false);
            return decision;
        }

        var description = $"{request.Body?.Trim()}\n\nPull request: {request.Url}".Trim();
        var task = await kanbanger.CreateTaskAsync(workspace, request.Title, description, [new Uri(request.Url)], string.Create(CultureInfo.InvariantCulture, $"bob-pr-task-{request.PullRequestId:N}"), cancellationToken).ConfigureAwait(false);
        await pullRequests.LinkTaskAsync(request.PullRequestId, task.Id, cancellationToken).ConfigureAwait(false);
        await events.AppendOnceAsync(request.SessionId, SessionEventKinds.TaskCreated, key, SessionEventPayloads.ToElement(new TaskCreatedEvent(request.PullRequestId, task.Id, task.Identifier, task.Url)), cancellationToken).ConfigureAwait(false);
        LogCreated(logger, task.Identifier, request.PullRequestId);
        return decision;
    }

    /// <summary>Lines and files changed on the pull request's branch since its worktree's base, or none without a worktree here.</summary>
    private async Task<(int Lines, int Files)> DiffAsync(AutoTaskRequest request, CancellationToken cancellationToken)
    {
        var worktree = (await sessions.ListWorktreesAsync(request.UserId, request.SessionId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(w => w.Branch == request.Branch);
        if (worktree is null || !Directory.Exists(worktree.Path))
        {
            return (0, 0);
        }

        var result = await git.RunAsync(worktree.Path, ["diff", "--numstat", worktree.BaseSha, "HEAD"], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return (0, 0);
        }

        var (lines, files) = (0, 0);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            files++;
            lines += (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var added) ? added : 0)
                + (parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var removed) ? removed : 0);
        }

        return (lines, files);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kanbanger task {Identifier} created for pull request {PullRequestId}")]
    private static partial void LogCreated(ILogger logger, string identifier, Guid pullRequestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "No task for pull request {PullRequestId}: {Reasons}")]
    private static partial void LogSkipped(ILogger logger, Guid pullRequestId, string reasons);
}
