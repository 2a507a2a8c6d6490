using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

/// <summary>Sessions, their worktrees and their push (SPEC §3, plan 4.3).</summary>
internal static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions");
        group.MapPost("", CreateAsync)
            .WithName("CreateSession").WithSummary("Creates a session, optionally on a repository.");
        group.MapGet("", ListAsync)
            .WithName("ListSessions").WithSummary("Lists the user's sessions, newest first.");
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetSession").WithSummary("Gets a session.");
        group.MapPost("/{id:guid}/worktrees", AddWorktreeAsync)
            .WithName("AddWorktree").WithSummary("Adds a git worktree of the session's repository on a new bob/ branch.");
        group.MapGet("/{id:guid}/worktrees", ListWorktreesAsync)
            .WithName("ListWorktrees").WithSummary("Lists a session's worktrees.");
        group.MapPost("/{id:guid}/push", PushAsync)
            .WithName("PushWorktree").WithSummary("Pushes a worktree's branch and opens its draft pull request if none is open.");
        group.MapPost("/{id:guid}/replies", ReplyAsync)
            .WithName("ReplyToSession").WithSummary("Stores a quick reply in the session once per clientInputId and hands it to the run's agent.");
        group.MapGet("/{id:guid}/events", SessionEventStreaming.StreamAsync)
            .WithName("StreamSessionEvents").WithSummary("Streams the session's events as server-sent events, from after Last-Event-ID (or ?after=), then live.")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Created<SessionResponse>> CreateAsync(CreateSessionRequest? request, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.CreateAsync(context.User.GetUserId(), request?.RepositoryId, request?.Title, cancellationToken);
        return TypedResults.Created($"/api/sessions/{session.Id}", SessionResponse.From(session));
    }

    private static async Task<Ok<PageResponse<SessionResponse>>> ListAsync(int? limit, string? cursor, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        var page = await sessions.ListAsync(context.User.GetUserId(), limit, cursor, cancellationToken);
        return TypedResults.Ok(new PageResponse<SessionResponse>(page.Items.Select(SessionResponse.From).ToArray(), page.NextCursor));
    }

    private static async Task<Ok<SessionResponse>> GetAsync(Guid id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        TypedResults.Ok(SessionResponse.From(await sessions.GetAsync(context.User.GetUserId(), id, cancellationToken)));

    private static async Task<Created<WorktreeResponse>> AddWorktreeAsync(Guid id, AddWorktreeRequest? request, HttpContext context, WorktreeService worktrees, CancellationToken cancellationToken)
    {
        var worktree = await worktrees.AddAsync(context.User.GetUserId(), id, request?.BaseBranch, cancellationToken);
        return TypedResults.Created($"/api/sessions/{id}/worktrees", WorktreeResponse.From(worktree));
    }

    private static async Task<Ok<WorktreeResponse[]>> ListWorktreesAsync(Guid id, HttpContext context, WorktreeService worktrees, CancellationToken cancellationToken) =>
        TypedResults.Ok((await worktrees.ListAsync(context.User.GetUserId(), id, cancellationToken)).Select(WorktreeResponse.From).ToArray());

    /// <summary>A quick reply (plan 6.3): <c>201</c> stored, <c>200</c> the same <c>clientInputId</c> and text again, <c>409</c> the id with another text.</summary>
    private static async Task<Results<Created<ReplyResponse>, Ok<ReplyResponse>>> ReplyAsync(
        Guid id, ReplyRequest? request, HttpContext context, Bob.Tasks.QuickReplyService replies, CancellationToken cancellationToken)
    {
        // The id with another text is a BobConflictException: the problem handler answers 409 "clientInputId already used".
        var reply = await replies.ReplyAsync(context.User.GetUserId(), id, request?.ClientInputId, request?.Text, context.User.Identity?.Name, cancellationToken);

        var response = new ReplyResponse(reply.Sequence, reply.ClientInputId, reply.Text);
        return reply.Created ? TypedResults.Created($"/api/sessions/{id}/events?after={reply.Sequence - 1}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<PushResponse>, ValidationProblem>> PushAsync(Guid id, PushRequest? request, HttpContext context, SessionPushService push, CancellationToken cancellationToken)
    {
        if (request?.WorktreeId is not { } worktreeId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["worktreeId"] = ["worktreeId is required."] });
        }

        var result = await push.PushAsync(context.User.GetUserId(), id, worktreeId, cancellationToken);
        return TypedResults.Ok(new PushResponse(result.Branch, result.Sha, PullRequestResponse.From(result.PullRequest), result.Created));
    }
}

/// <summary>The body of <c>POST /api/sessions</c>.</summary>
internal sealed record CreateSessionRequest(Guid? RepositoryId, string? Title);

/// <summary>The body of <c>POST /api/sessions/{id}/worktrees</c>.</summary>
internal sealed record AddWorktreeRequest(string? BaseBranch);

/// <summary>The body of <c>POST /api/sessions/{id}/push</c>.</summary>
internal sealed record PushRequest(Guid? WorktreeId);

/// <summary>The body of <c>POST /api/sessions/{id}/replies</c>.</summary>
internal sealed record ReplyRequest(string? ClientInputId, string? Text);

/// <summary>A stored quick reply: its event number in the session, its client id and text.</summary>
internal sealed record ReplyResponse(long Sequence, string ClientInputId, string Text);

/// <summary>A page of a list: newest first, and the cursor of the next page.</summary>
internal sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A session as the API returns it.</summary>
internal sealed record SessionResponse(Guid Id, Guid? RepositoryId, string? Title, DateTimeOffset CreatedAt)
{
    public static SessionResponse From(Session s) => new(s.Id, s.RepositoryId, s.Title, s.CreatedAt);
}

/// <summary>A worktree as the API returns it.</summary>
internal sealed record WorktreeResponse(Guid Id, Guid SessionId, Guid RepositoryId, string Path, string Branch, string BaseBranch, string BaseSha, DateTimeOffset CreatedAt)
{
    public static WorktreeResponse From(Worktree w) => new(w.Id, w.SessionId, w.RepositoryId, w.Path, w.Branch, w.BaseBranch, w.BaseSha, w.CreatedAt);
}

/// <summary>What <c>POST /api/sessions/{id}/push</c> answers.</summary>
internal sealed record PushResponse(string Branch, string Sha, PullRequestResponse PullRequest, bool Created);
