using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Bob.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

/// <summary>
/// Task runs (SPEC §3): the user's own runs, each with its transitions, and the agent-facing triggers. A trigger the state
/// machine does not allow from the run's status answers 409 naming both, and so does any trigger on a finished run (the
/// machine absorbs late provider events silently, but an agent reporting on a finished run must hear that it is finished);
/// the one exception is cancelling a cancelled run again, which answers 200 unchanged (a repeated request).
/// </summary>
internal static class TaskRunEndpoints
{
    public static IEndpointRouteBuilder MapTaskRunEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/task-runs");
        group.MapGet("", ListAsync)
            .WithName("ListTaskRuns").WithSummary("Lists the user's task runs, newest first.");
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetTaskRun").WithSummary("Gets a task run with its transitions.");
        group.MapPost("/{id:guid}/block", (Guid id, ReasonRequest? request, HttpContext context, ITaskRunStore store, TaskRunTriggers triggers, CancellationToken ct) =>
            FireAsync(id, TaskRunTrigger.Blocked, request?.Reason, requireReason: true, context, store, triggers, ct))
            .WithName("BlockTaskRun").WithSummary("The agent asks a question: blocks the run with the reason.");
        group.MapPost("/{id:guid}/fail", (Guid id, ReasonRequest? request, HttpContext context, ITaskRunStore store, TaskRunTriggers triggers, CancellationToken ct) =>
            FireAsync(id, TaskRunTrigger.Failed, request?.Reason, requireReason: true, context, store, triggers, ct))
            .WithName("FailTaskRun").WithSummary("The agent gives up: fails the run with the reason.");
        group.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelTaskRun").WithSummary("Cancels a task run and tells its agent.");
        return app;
    }

    private static async Task<Results<Ok<TaskRunListResponse>, ValidationProblem>> ListAsync(string? status, int? limit, string? cursor, HttpContext context, ITaskRunStore store, CancellationToken cancellationToken)
    {
        TaskRunStatus? filter = null;
        if (status is not null)
        {
            filter = Enum.GetValues<TaskRunStatus>().Cast<TaskRunStatus?>().FirstOrDefault(s => s!.Value.ToWireName() == status);
            if (filter is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"status is one of {string.Join(", ", Enum.GetValues<TaskRunStatus>().Select(s => s.ToWireName()))}."] });
            }
        }

        var size = Bob.Git.SessionService.PageSize(limit);
        var runs = await store.ListAsync(context.User.GetUserId(), filter, size + 1, PageKey.FromCursor(cursor), cancellationToken);
        var next = runs.Count > size ? new PageKey(runs[size - 1].CreatedAt, runs[size - 1].Id).ToCursor() : null;
        return TypedResults.Ok(new TaskRunListResponse(runs.Take(size).Select(r => TaskRunResponse.From(r, null)).ToArray(), next));
    }

    private static async Task<Results<Ok<TaskRunResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, ITaskRunStore store, CancellationToken cancellationToken)
    {
        var run = await store.GetAsync(context.User.GetUserId(), id, cancellationToken);
        return run is null
            ? Problems.NotFound($"Task run {id} was not found.")
            : TypedResults.Ok(TaskRunResponse.From(run, await store.TransitionsAsync(id, cancellationToken)));
    }

    private static async Task<Results<Ok<TaskRunResponse>, ProblemHttpResult, ValidationProblem>> FireAsync(
        Guid id, TaskRunTrigger trigger, string? reason, bool requireReason, HttpContext context, ITaskRunStore store, TaskRunTriggers triggers, CancellationToken cancellationToken)
    {
        reason = reason?.Trim();
        if (requireReason && (string.IsNullOrEmpty(reason) || reason.Length > 2000 || TextRules.HasControlCharactersInFreeText(reason)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["A reason of 1 to 2000 characters is required."] });
        }

        if (await store.GetAsync(context.User.GetUserId(), id, cancellationToken) is null)
        {
            return Problems.NotFound($"Task run {id} was not found.");
        }

        return await AnswerAsync(trigger, (await triggers.FireAsync(id, trigger, reason, cancellationToken: cancellationToken))!.Value, store, cancellationToken);
    }

    /// <summary>Cancels the run and tells its agent (<see cref="ITaskAgent.CancelAsync"/>).</summary>
    private static async Task<Results<Ok<TaskRunResponse>, ProblemHttpResult, ValidationProblem>> CancelAsync(
        Guid id, HttpContext context, TaskRunService runs, ITaskRunStore store, CancellationToken cancellationToken) =>
        await runs.CancelAsync(context.User.GetUserId(), id, cancellationToken) is { } fired
            ? await AnswerAsync(TaskRunTrigger.Cancelled, fired, store, cancellationToken)
            : Problems.NotFound($"Task run {id} was not found.");

    private static async Task<Results<Ok<TaskRunResponse>, ProblemHttpResult, ValidationProblem>> AnswerAsync(
        TaskRunTrigger trigger, (TaskRunFireOutcome Outcome, TaskRun Run) fired, ITaskRunStore store, CancellationToken cancellationToken)
    {
        var (outcome, run) = fired;
        var repeated = outcome == TaskRunFireOutcome.Absorbed && trigger == TaskRunTrigger.Cancelled && run.Status == TaskRunStatus.Cancelled;
        if (outcome == TaskRunFireOutcome.Refused || (outcome == TaskRunFireOutcome.Absorbed && !repeated))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Not allowed from this status",
                detail: outcome == TaskRunFireOutcome.Absorbed
                    ? $"'{trigger.ToWireName()}' is not allowed: the run is '{run.Status.ToWireName()}', it is finished."
                    : $"'{trigger.ToWireName()}' is not allowed while the run is '{run.Status.ToWireName()}'.");
        }

        return TypedResults.Ok(TaskRunResponse.From(run, await store.TransitionsAsync(run.Id, cancellationToken)));
    }
}

/// <summary>The body of the agent-facing <c>block</c> and <c>fail</c> routes.</summary>
internal sealed record ReasonRequest(string? Reason);

/// <summary>A page of task runs.</summary>
internal sealed record TaskRunListResponse(IReadOnlyList<TaskRunResponse> Items, string? NextCursor);

/// <summary>A transition as the API returns it.</summary>
internal sealed record TaskRunTransitionResponse(int Version, string? From, string To, string Trigger, string? Reason, DateTimeOffset CreatedAt);

/// <summary>A task run as the API returns it (with its transitions on <c>GET /api/task-runs/{id}</c>).</summary>
internal sealed record TaskRunResponse(
    Guid Id,
    string WorkspaceId,
    string TaskId,
    string TaskIdentifier,
    string? Title,
    string Status,
    int Version,
    string? BlockedReason,
    string? FailureReason,
    Guid? SessionId,
    Guid? RepositoryId,
    Guid? PullRequestId,
    Guid? WorktreeId,
    DateTimeOffset CreatedAt,
    IReadOnlyList<TaskRunTransitionResponse>? Transitions)
{
    public static TaskRunResponse From(TaskRun r, IReadOnlyList<TaskRunTransitionRecord>? transitions) => new(
        r.Id, r.WorkspaceId, r.TaskId, r.TaskIdentifier, r.Title, r.Status.ToWireName(), r.Version, r.BlockedReason, r.FailureReason,
        r.SessionId, r.RepositoryId, r.PullRequestId, r.WorktreeId, r.CreatedAt,
        transitions?.Select(t => new TaskRunTransitionResponse(t.Version, t.From?.ToWireName(), t.To.ToWireName(), t.Trigger.ToWireName(), t.Reason, t.CreatedAt)).ToArray());
}
