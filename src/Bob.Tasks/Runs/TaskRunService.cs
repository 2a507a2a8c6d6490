using Bob.Git;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;

namespace Bob.Tasks;

/// <summary>
/// Runs tasks (plan 5.1, 5.2, 5.4): prepares an assigned task's run (session, worktree, agent), hands replies to the agent,
/// follows the run's pull request, and takes the agent's reports. Every step can be repeated: a delivery processed again
/// after a crash continues where the run is, and the state machine's transitions (with their tracker comments) happen once.
/// </summary>
public sealed partial class TaskRunService(
    ITaskRunStore runs,
    TaskRunTriggers triggers,
    IRepositoryStore repositories,
    ISessionStore sessions,
    GitInstanceRegistry instances,
    IGitAccessTokenProvider accessTokens,
    WorktreeService worktrees,
    ITaskAgent agent,
    TaskRunsTelemetry telemetry,
    ILogger<TaskRunService> logger,
    ISessionEventStream? events = null,
    Microsoft.Extensions.Options.IOptions<TaskRunOptions>? options = null)
{
    private readonly int _maxAutomaticFixes = options?.Value.MaxAutomaticFixes ?? TaskRunOptions.DefaultMaxAutomaticFixes;

    /// <summary>
    /// Creates the task's run (once per task) and prepares it: checks the assignee, the repository and its connection
    /// (the run fails with a reason saying what to fix when one is missing, before anything else is made), then creates its
    /// session and worktree, starts the agent and moves the run to <c>running</c>. A run past <c>starting</c> is left alone.
    /// </summary>
    /// <exception cref="TaskRunPreparationDelayedException">The provider or the remote could not be reached; try again later.</exception>
    public async Task<TaskRun> AssignAsync(TaskAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var userId = Guid.TryParse(assignment.AssigneeUserId, out var parsed) ? parsed : (Guid?)null;
        var (run, created) = await runs.CreateAsync(
            new NewTaskRun(userId, assignment.WorkspaceId, assignment.TaskId, assignment.TaskIdentifier, assignment.Title, assignment.Description, assignment.TaskUrl, null),
            cancellationToken).ConfigureAwait(false);
        if (run.Status != TaskRunStatus.Starting)
        {
            LogAlreadyPrepared(logger, run.Id, run.Status.ToWireName());
            return run;
        }

        using var activity = TaskRunsTelemetry.ActivitySource.StartActivity("bob.tasks.assign");

        // One preparer per run across hosts: a duplicate delivery waits here, then finds the run prepared.
        await using var held = await runs.LockAsync(run.Id, cancellationToken).ConfigureAwait(false);
        run = await runs.FindByTaskAsync(assignment.WorkspaceId, assignment.TaskId, cancellationToken).ConfigureAwait(false) ?? run;
        if (run.Status != TaskRunStatus.Starting)
        {
            return run;
        }

        if (created)
        {
            LogAssigned(logger, run.Id, assignment.TaskIdentifier);
        }

        var (repository, problem) = await ResolveAsync(run, assignment, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return await FailAsync(run, problem, cancellationToken).ConfigureAwait(false);
        }

        var userIdValue = run.UserId!.Value;
        var title = TextRules.Excerpt($"{assignment.TaskIdentifier} {assignment.Title}".Trim(), SessionService.MaxTitleLength);
        var sessionId = await runs.EnsureSessionAsync(run.Id, repository!.Id, TextRules.HasControlCharacters(title) ? assignment.TaskIdentifier : title, cancellationToken).ConfigureAwait(false);

        Worktree worktree;
        try
        {
            worktree = (run.WorktreeId is { } known ? await sessions.GetWorktreeAsync(userIdValue, known, cancellationToken).ConfigureAwait(false) : null)
                ?? (await sessions.ListWorktreesAsync(userIdValue, sessionId, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? await worktrees.AddAsync(userIdValue, sessionId, assignment.BaseBranch, cancellationToken).ConfigureAwait(false);
        }
        catch (BobValidationException ex)
        {
            return await FailAsync(run, $"{ex.Message.Split(" (Parameter", 2)[0]} Fix the task's repository.baseBranch and assign it again.", cancellationToken).ConfigureAwait(false);
        }
        catch (GitCommandException ex) when (ex.Failure == GitCommandFailure.RemoteAuthentication)
        {
            return await FailAsync(run, $"The remote refused the token of the connection of {repository.Remote.WebUrl}: reconnect it in Bob, then assign the task again.", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GitCommandException { Failure: GitCommandFailure.RemoteUnavailable } or GitProviderException { Kind: BobErrorKind.Unavailable })
        {
            throw new TaskRunPreparationDelayedException($"The remote of {repository.Remote.WebUrl} could not be reached; preparing run {run.Id} again later.", ex);
        }

        await runs.AttachWorktreeAsync(run.Id, worktree.Id, cancellationToken).ConfigureAwait(false);
        await agent.StartAsync(
            new TaskAgentStart(run.Id, userIdValue, sessionId, worktree.Id, worktree.Path, worktree.Branch, run.TaskIdentifier, run.Title, assignment.Description, assignment.TaskUrl),
            cancellationToken).ConfigureAwait(false);
        var fired = await triggers.FireAsync(run.Id, TaskRunTrigger.Started, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogStarted(logger, run.Id, worktree.Branch);
        telemetry.Prepared("started");
        return fired?.Run ?? run;
    }

    /// <summary>
    /// A reply to the task of <paramref name="run"/>: handed to the agent, and a blocked run resumes (a run that is not blocked
    /// keeps its status; the reply is still the agent's). A reply resumes at most once, by its <paramref name="commentId"/>:
    /// delivered again after the run blocked anew, it does not resume it.
    /// </summary>
    public async Task<TaskRun> ReplyAsync(TaskRun run, string commentId, string author, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (TaskRunStateMachine.IsTerminal(run.Status) || run.SessionId is not { } session)
        {
            return run;
        }

        await agent.ReplyAsync(new TaskAgentReply(run.Id, session, commentId, author, body), cancellationToken).ConfigureAwait(false);
        if (run.Status != TaskRunStatus.Blocked)
        {
            return run;
        }

        return (await triggers.FireAsync(run.Id, TaskRunTrigger.Replied, TextRules.Excerpt(body, 500), causeKey: $"reply:{commentId}", cancellationToken: cancellationToken).ConfigureAwait(false))?.Run ?? run;
    }

    /// <summary>Hands a queued reply (a <see cref="TaskRunOutbox.AgentReplyEvent"/> row) to the run's agent, resuming the run when blocked.</summary>
    public async Task HandOverReplyAsync(Guid runId, Guid sessionId, string commentId, string author, string body, CancellationToken cancellationToken = default)
    {
        if (await runs.FindBySessionAsync(sessionId, cancellationToken).ConfigureAwait(false) is { } run && run.Id == runId)
        {
            await ReplyAsync(run, commentId, author, body, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Hands a trusted reviewer's review or comment (a <see cref="TaskRunOutbox.AgentFeedbackEvent"/> row) to the agent of the
    /// session's live run when the run follows that pull request, and resumes the run when it is blocked (once per
    /// feedback id: delivered again after the run blocked anew, it does not resume it). Returns the run it was handed to.
    /// </summary>
    internal async Task<TaskRun?> HandOverFeedbackAsync(AgentFeedbackPayload feedback, CancellationToken cancellationToken = default)
    {
        if (await FollowingAsync(feedback, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return null;
        }

        if (feedback.Kind == TaskAgentFeedbackKinds.CiFailed)
        {
            return await HandOverRedHeadAsync(run, feedback, cancellationToken).ConfigureAwait(false);
        }

        await agent.FeedbackAsync(
            new TaskAgentFeedback(run.Id, feedback.SessionId, feedback.FeedbackId, feedback.Kind, feedback.Author, feedback.Body, feedback.Path, feedback.Line, feedback.Url, feedback.ReviewState, feedback.CommentId),
            cancellationToken).ConfigureAwait(false);
        LogFeedback(logger, run.Id, feedback.FeedbackId);
        telemetry.FeedbackHandedOver(feedback.Kind);
        if (run.Status != TaskRunStatus.Blocked)
        {
            return run;
        }

        var reason = $"@{feedback.Author}: {TextRules.Excerpt(feedback.Body, 400)}";
        return (await triggers.FireAsync(run.Id, TaskRunTrigger.Replied, reason, causeKey: $"feedback:{feedback.FeedbackId}", cancellationToken: cancellationToken).ConfigureAwait(false))?.Run ?? run;
    }

    /// <summary>
    /// A red head of the run's pull request (<see cref="TaskAgentFeedbackKinds.CiFailed"/>): handed to the agent to fix while
    /// the run has fixes left (<see cref="TaskRunOptions.MaxAutomaticFixes"/> red heads since a person last answered it);
    /// the next one blocks the run saying what fails, once per head. A blocked run is left blocked and the agent is not
    /// told: a red check is no answer to the agent's question, and the tracker comment already tells the people.
    /// </summary>
    private async Task<TaskRun> HandOverRedHeadAsync(TaskRun run, AgentFeedbackPayload red, CancellationToken cancellationToken)
    {
        if (run.Status == TaskRunStatus.Blocked)
        {
            LogRedWhileBlocked(logger, run.Id, red.FeedbackId);
            return run;
        }

        var (redHeads, failing) = await RedHeadsSinceAnswerAsync(run, red, cancellationToken).ConfigureAwait(false);
        if (redHeads <= _maxAutomaticFixes)
        {
            await agent.FeedbackAsync(
                new TaskAgentFeedback(run.Id, red.SessionId, red.FeedbackId, red.Kind, red.Author, red.Body, red.Path, red.Line, red.Url, red.ReviewState, red.CommentId),
                cancellationToken).ConfigureAwait(false);
            LogFeedback(logger, run.Id, red.FeedbackId);
            telemetry.FeedbackHandedOver(red.Kind);
            return run;
        }

        var head = red.FeedbackId.StartsWith("ci:", StringComparison.Ordinal) ? red.FeedbackId[3..] : red.FeedbackId;
        var reason = $"CI is still red after {Fixes(_maxAutomaticFixes)}: {(failing.Count > 0 ? string.Join(", ", failing) : "checks")} failed on {head[..Math.Min(7, head.Length)]}. Reply to let Bob try again.";
        LogFixesSpent(logger, run.Id, _maxAutomaticFixes, head);
        return (await triggers.FireAsync(run.Id, TaskRunTrigger.Blocked, reason, causeKey: $"ci-blocked:{red.FeedbackId}", cancellationToken: cancellationToken).ConfigureAwait(false))?.Run ?? run;

        static string Fixes(int n) => n switch { 0 => "no automatic fix (TaskRuns:MaxAutomaticFixes is 0)", 1 => "1 automatic fix", _ => $"{n} automatic fixes" };
    }

    /// <summary>
    /// How many heads of the run's pull request turned red (this one included) since a person last answered the run, read
    /// from the session's events in their order (<c>checks.updated</c> with <c>failure</c>; a <c>task.updated</c> by
    /// <c>replied</c> starts the count again), and the failing names of this head. The same answer however often it is
    /// asked: events after this head's are not read.
    /// </summary>
    private async Task<(int RedHeads, IReadOnlyList<string> Failing)> RedHeadsSinceAnswerAsync(TaskRun run, AgentFeedbackPayload red, CancellationToken cancellationToken)
    {
        if (events is null)
        {
            return (1, []);
        }

        var pullRequest = red.PullRequestId.ToString();
        var head = red.FeedbackId.StartsWith("ci:", StringComparison.Ordinal) ? red.FeedbackId[3..] : "";
        var heads = new HashSet<string>(StringComparer.Ordinal);
        for (long after = 0; ;)
        {
            var page = await events.ReadAfterAsync(red.SessionId, after, 500, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                heads.Add(head);
                return (heads.Count, []);
            }

            foreach (var e in page)
            {
                if (e.Kind == SessionEventKinds.TaskUpdated && e.Payload.TryGetProperty("trigger", out var trigger) && trigger.GetString() == TaskRunTrigger.Replied.ToWireName())
                {
                    heads.Clear();
                }
                else if (e.Kind == SessionEventKinds.ChecksUpdated && e.Payload.GetProperty("state").GetString() == "failure" && e.Payload.GetProperty("pullRequestId").GetString() == pullRequest)
                {
                    var sha = e.Payload.GetProperty("headSha").GetString() ?? "";
                    heads.Add(sha);
                    if (sha == head)
                    {
                        return (heads.Count, [.. e.Payload.GetProperty("failing").EnumerateArray().Select(f => f.GetString() ?? "")]);
                    }
                }
            }

            after = page[^1].Sequence;
        }
    }

    /// <summary>The session's live run when it follows the feedback's pull request (or has none yet), else <see langword="null"/>.</summary>
    internal async Task<TaskRun?> FollowingAsync(AgentFeedbackPayload feedback, CancellationToken cancellationToken)
    {
        var run = await runs.FindBySessionAsync(feedback.SessionId, cancellationToken).ConfigureAwait(false);
        return run is null || TaskRunStateMachine.IsTerminal(run.Status) || (run.PullRequestId is { } followed && followed != feedback.PullRequestId) ? null : run;
    }

    /// <summary>A pull request of a run's session was linked, merged or closed: fires the run's trigger (each once).</summary>
    public async Task PullRequestChangedAsync(Guid sessionId, Guid pullRequestId, string status, CancellationToken cancellationToken = default)
    {
        if (await runs.FindBySessionAsync(sessionId, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return;
        }

        // A merge or close that arrives before the link (a lost linking row, replayed late) links first.
        if (run.PullRequestId is null)
        {
            await triggers.FireAsync(run.Id, TaskRunTrigger.PullRequestOpened, pullRequestId: pullRequestId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (run.PullRequestId != pullRequestId)
        {
            return; // another pull request of the session: the run follows its first
        }

        var trigger = status switch
        {
            "merged" => TaskRunTrigger.PullRequestMerged,
            "closed" => TaskRunTrigger.PullRequestClosedUnmerged,
            _ => (TaskRunTrigger?)null,
        };
        if (trigger is { } t)
        {
            var reason = t == TaskRunTrigger.PullRequestClosedUnmerged ? "The pull request was closed without merging." : null;
            await triggers.FireAsync(run.Id, t, reason, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cancels the user's run; returns what happened, or <see langword="null"/> when there is no such run. Its agent is told
    /// through the outbox (<see cref="TaskRunOutbox.AgentCancelEvent"/>), so a host that dies right after still stops it.
    /// </summary>
    public async Task<(TaskRunFireOutcome Outcome, TaskRun Run)?> CancelAsync(Guid userId, Guid runId, CancellationToken cancellationToken = default) =>
        await runs.GetAsync(userId, runId, cancellationToken).ConfigureAwait(false) is null
            ? null
            : await triggers.FireAsync(runId, TaskRunTrigger.Cancelled, cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Tells the agent of a cancelled run (the <see cref="TaskRunOutbox.AgentCancelEvent"/> row).</summary>
    public Task AgentCancelledAsync(Guid runId, Guid? sessionId, CancellationToken cancellationToken = default) =>
        agent.CancelAsync(new TaskAgentCancel(runId, sessionId), cancellationToken);

    private async Task<(Repository? Repository, string? Problem)> ResolveAsync(TaskRun run, TaskAssignment assignment, CancellationToken cancellationToken)
    {
        if (run.UserId is not { } userId)
        {
            return (null, $"The assignee (user id '{TextRules.Excerpt(assignment.AssigneeUserId, 60)}') is not a Bob user: set the assignee's Bob user id in Kanbanger, then assign the task again.");
        }

        var registered = await repositories.ListAsync(userId, cancellationToken).ConfigureAwait(false);
        var repository = registered.FirstOrDefault(r => instances.Parser.TryParse(assignment.RemoteUrl, r.Remote.Provider, out var parsed, out _) && parsed.Identity.Equals(r.Remote));
        if (repository is null)
        {
            return (null, $"The repository {TextRules.Excerpt(assignment.RemoteUrl, 200)} is not registered in Bob by the assignee: register it (POST /api/repositories), then assign the task again.");
        }

        if (repository.ConnectionId is not { } connectionId)
        {
            return (null, $"The repository {repository.Remote.WebUrl} has no provider connection in Bob: connect the account that can push to it (PUT /api/repositories/{repository.Id}/connection), then assign the task again.");
        }

        try
        {
            _ = await accessTokens.GetAccessTokenAsync(userId, connectionId, repository.Remote, cancellationToken).ConfigureAwait(false);
        }
        catch (GitAppInstallationUnavailableException ex)
        {
            return (null, $"{ex.Message} Then assign the task again.");
        }
        catch (BobNotFoundException ex) when (ex.Resource == BobNotFoundException.Connection)
        {
            return (null, $"The connection of {repository.Remote.WebUrl} was removed or revoked: connect the account again in Bob, then assign the task again.");
        }
        catch (GitConnectionReauthorizationRequiredException)
        {
            return (null, $"The connection of {repository.Remote.WebUrl} must be authorized again: reconnect it in Bob, then assign the task again.");
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.Unavailable)
        {
            throw new TaskRunPreparationDelayedException($"The provider of {repository.Remote.WebUrl} could not be reached; preparing run {run.Id} again later.", ex);
        }

        return (repository, null);
    }

    private async Task<TaskRun> FailAsync(TaskRun run, string reason, CancellationToken cancellationToken)
    {
        LogFailed(logger, run.Id, reason);
        telemetry.Prepared("failed");
        return (await triggers.FireAsync(run.Id, TaskRunTrigger.Failed, reason, cancellationToken: cancellationToken).ConfigureAwait(false))?.Run ?? run;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task run {RunId} created for {TaskIdentifier}")]
    private static partial void LogAssigned(ILogger logger, Guid runId, string taskIdentifier);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task run {RunId}: feedback {FeedbackId} handed to the agent")]
    private static partial void LogFeedback(ILogger logger, Guid runId, string feedbackId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task run {RunId} started on branch {Branch}")]
    private static partial void LogStarted(ILogger logger, Guid runId, string branch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task run {RunId} is blocked: red head {FeedbackId} is not handed to its agent")]
    private static partial void LogRedWhileBlocked(ILogger logger, Guid runId, string feedbackId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task run {RunId} used its {Max} automatic fixes; head {HeadSha} is still red, so the run blocks for a person")]
    private static partial void LogFixesSpent(ILogger logger, Guid runId, int max, string headSha);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task run {RunId} is already {Status}; assignment repeated")]
    private static partial void LogAlreadyPrepared(ILogger logger, Guid runId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task run {RunId} could not be prepared: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid runId, string reason);
}
