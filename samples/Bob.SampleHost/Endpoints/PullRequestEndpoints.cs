using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

/// <summary>Pull requests (SPEC §3, plan 4.1, 4.2).</summary>
internal static class PullRequestEndpoints
{
    public static IEndpointRouteBuilder MapPullRequestEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/pull-requests");
        group.MapPost("", CreateAsync)
            .WithName("CreatePullRequest").WithSummary("Opens a draft pull request for a head on the remote, or answers the open one of that head.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetPullRequest").WithSummary("Gets a pull request, with its review state.");
        group.MapGet("/{id:guid}/comments", ListCommentsAsync)
            .WithName("ListPullRequestComments").WithSummary("Lists a pull request's reviews and comments, oldest first.");
        group.MapPost("/{id:guid}/replies", ReplyAsync)
            .WithName("ReplyOnPullRequest").WithSummary("Answers a stored comment in its thread (once per clientInputId), optionally resolving the thread.");
        group.MapGet("/{id:guid}/replies/{replyId:guid}", GetReplyAsync)
            .WithName("GetPullRequestReply").WithSummary("Gets a reply and whether it was posted.");
        group.MapPatch("/{id:guid}", UpdateAsync)
            .WithName("UpdatePullRequest").WithSummary("Changes a pull request's title, body, draft state or open/closed state at the provider.");
        group.MapPost("/{id:guid}/merge", MergeAsync)
            .WithName("MergePullRequest").WithSummary("Merges a pull request at its current head.");
        group.MapPost("/{id:guid}/sync-commits", SyncCommitsAsync)
            .WithName("SyncPullRequestCommits").WithSummary("Reads a pull request's commits from the provider and stores them.");
        group.MapPost("/{id:guid}/link-task", LinkTaskAsync)
            .WithName("LinkPullRequestTask").WithSummary("Links a pull request to a Kanbanger task.");
        app.MapGet("/api/repositories/{id:guid}/pull-requests", ListForRepositoryAsync)
            .WithName("ListRepositoryPullRequests").WithSummary("Lists a repository's pull requests, newest first.");
        app.MapGet("/api/sessions/{id:guid}/pull-requests", ListForSessionAsync)
            .WithName("ListSessionPullRequests").WithSummary("Lists a session's pull requests, newest first.");
        return app;
    }

    private static async Task<Ok<PullRequestResponse>> UpdateAsync(Guid id, UpdatePullRequestRequest? request, HttpContext context, PullRequestService pullRequests, CancellationToken cancellationToken) =>
        TypedResults.Ok(PullRequestResponse.From(await pullRequests.UpdateAsync(
            context.User.GetUserId(), id, request?.Title, request?.Body, request?.Draft, request?.State, cancellationToken)));

    private static async Task<Results<Ok<PullRequestResponse>, ValidationProblem>> MergeAsync(Guid id, MergeRequest? request, HttpContext context, PullRequestService pullRequests, CancellationToken cancellationToken)
    {
        MergeMethod? method = request?.Method switch
        {
            "merge" => MergeMethod.Merge,
            "squash" => MergeMethod.Squash,
            "rebase" => MergeMethod.Rebase,
            _ => null,
        };
        if (method is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["method"] = ["method is 'merge', 'squash' or 'rebase'."] });
        }

        return TypedResults.Ok(PullRequestResponse.From(await pullRequests.MergeAsync(context.User.GetUserId(), id, method.Value, cancellationToken)));
    }

    private static async Task<Ok<SyncCommitsResponse>> SyncCommitsAsync(Guid id, HttpContext context, PullRequestService pullRequests, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SyncCommitsResponse(await pullRequests.SyncCommitsAsync(context.User.GetUserId(), id, cancellationToken)));

    private static async Task<Ok<PullRequestResponse>> LinkTaskAsync(Guid id, LinkTaskRequest? request, HttpContext context, PullRequestService pullRequests, CancellationToken cancellationToken) =>
        TypedResults.Ok(PullRequestResponse.From(await pullRequests.LinkTaskAsync(context.User.GetUserId(), id, request?.KanbangerTaskId, cancellationToken)));

    private static async Task<Ok<PageResponse<PullRequestResponse>>> ListForRepositoryAsync(
        Guid id, string? status, int? limit, string? cursor, HttpContext context, PullRequestService pullRequests, CancellationToken cancellationToken) =>
        Page(await pullRequests.ListForRepositoryAsync(context.User.GetUserId(), id, status, limit, cursor, cancellationToken));

    private static async Task<Ok<PageResponse<PullRequestResponse>>> ListForSessionAsync(
        Guid id, string? status, int? limit, string? cursor, HttpContext context, PullRequestService pullRequests, CancellationToken cancellationToken) =>
        Page(await pullRequests.ListForSessionAsync(context.User.GetUserId(), id, status, limit, cursor, cancellationToken));

    private static Ok<PageResponse<PullRequestResponse>> Page(Page<PullRequest> page) =>
        TypedResults.Ok(new PageResponse<PullRequestResponse>(page.Items.Select(PullRequestResponse.From).ToArray(), page.NextCursor));

    private static async Task<Results<Created<PullRequestResponse>, Ok<PullRequestResponse>, ValidationProblem>> CreateAsync(
        CreatePullRequestRequest? request, HttpContext context, PullRequestService pullRequests, CancellationToken cancellationToken)
    {
        if (request?.RepositoryId is not { } repositoryId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["repositoryId"] = ["repositoryId is required."] });
        }

        var (pullRequest, created) = await pullRequests.CreateDraftAsync(
            context.User.GetUserId(), repositoryId, request.SessionId, request.HeadBranch ?? "", request.BaseBranch ?? "", request.Title ?? "", request.Body, cancellationToken);
        var response = PullRequestResponse.From(pullRequest);
        return created ? TypedResults.Created($"/api/pull-requests/{pullRequest.Id}", response) : TypedResults.Ok(response);
    }

    private static async Task<Ok<PullRequestResponse>> GetAsync(
        Guid id, HttpContext context, PullRequestService pullRequests, PullRequestFeedbackService feedback, ICheckStore checks, CancellationToken cancellationToken)
    {
        var userId = context.User.GetUserId();
        var pullRequest = await pullRequests.GetAsync(userId, id, cancellationToken);
        var state = await feedback.ReviewStateAsync(pullRequest, cancellationToken);
        var head = pullRequest.HeadSha is { } sha ? ChecksResponse.From(sha, await checks.ListAsync(pullRequest.Remote, sha, cancellationToken)) : null;
        return TypedResults.Ok(PullRequestResponse.From(pullRequest) with { ReviewState = state is { } s ? s.ToWireName() : null, Checks = head });
    }

    /// <summary>
    /// The agent answers in the thread: <c>201</c> stored and queued, <c>200</c> the same reply for the same
    /// <c>clientInputId</c>, <c>409</c> that id with another reply, <c>404</c> no such pull request or stored comment.
    /// </summary>
    private static async Task<Results<Created<PullRequestReplyResponse>, Ok<PullRequestReplyResponse>, ValidationProblem>> ReplyAsync(
        Guid id, PullRequestReplyRequest? request, HttpContext context, PullRequestReplyService replies, CancellationToken cancellationToken)
    {
        if (request?.InReplyTo is { ValueKind: not (System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.Null) })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["inReplyTo"] = ["inReplyTo is the provider's comment id, a string or a number."] });
        }

        var inReplyTo = request?.InReplyTo is { ValueKind: System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number } given
            ? given.ValueKind == System.Text.Json.JsonValueKind.String ? given.GetString() : given.GetRawText()
            : null;
        var (reply, created) = await replies.ReplyAsync(context.User.GetUserId(), id, inReplyTo, request?.Body, request?.ClientInputId, request?.Resolve ?? false, cancellationToken);
        var response = PullRequestReplyResponse.From(reply);
        return created ? TypedResults.Created($"/api/pull-requests/{id}/replies/{reply.Id}", response) : TypedResults.Ok(response);
    }

    private static async Task<Ok<PullRequestReplyResponse>> GetReplyAsync(Guid id, Guid replyId, HttpContext context, PullRequestReplyService replies, CancellationToken cancellationToken) =>
        TypedResults.Ok(PullRequestReplyResponse.From(await replies.GetAsync(context.User.GetUserId(), id, replyId, cancellationToken)));

    private static async Task<Ok<PageResponse<FeedbackResponse>>> ListCommentsAsync(
        Guid id, int? limit, string? cursor, HttpContext context, PullRequestFeedbackService feedback, CancellationToken cancellationToken)
    {
        var page = await feedback.ListAsync(context.User.GetUserId(), id, limit, cursor, cancellationToken);
        return TypedResults.Ok(new PageResponse<FeedbackResponse>(page.Items.Select(FeedbackResponse.From).ToArray(), page.NextCursor));
    }
}

/// <summary>The body of <c>PATCH /api/pull-requests/{id}</c>.</summary>
internal sealed record UpdatePullRequestRequest(string? Title, string? Body, bool? Draft, string? State);

/// <summary>The body of <c>POST /api/pull-requests/{id}/merge</c>.</summary>
internal sealed record MergeRequest(string? Method);

/// <summary>The body of <c>POST /api/pull-requests/{id}/link-task</c>.</summary>
internal sealed record LinkTaskRequest(string? KanbangerTaskId);

/// <summary>What <c>POST /api/pull-requests/{id}/sync-commits</c> answers.</summary>
internal sealed record SyncCommitsResponse(int Commits);

/// <summary>The body of <c>POST /api/pull-requests</c>.</summary>
internal sealed record CreatePullRequestRequest(Guid? RepositoryId, Guid? SessionId, string? HeadBranch, string? BaseBranch, string? Title, string? Body);

/// <summary>A pull request as the API returns it.</summary>
internal sealed record PullRequestResponse(
    Guid Id,
    Guid RepositoryId,
    GitProvider Provider,
    int Number,
    string Title,
    string? Body,
    string HeadBranch,
    string BaseBranch,
    string? HeadSha,
    string Status,
    string Url,
    Guid? SessionId,
    string? KanbangerTaskId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? MergedAt)
{
    /// <summary>The review state (<c>changes_requested</c>, <c>approved</c>), on a single pull request's answer; <see langword="null"/> when no review counts or in lists.</summary>
    public string? ReviewState { get; init; }

    /// <summary>The head's checks (issue 21), on a single pull request's answer when its head is known; <see langword="null"/> in lists.</summary>
    public ChecksResponse? Checks { get; init; }

    public static PullRequestResponse From(PullRequest p) => new(
        p.Id, p.RepositoryId, p.Remote.Provider, p.Number, p.Title, p.Body, p.HeadBranch, p.BaseBranch, p.HeadSha, p.Status.ToWireName(), p.Url,
        p.SessionId, p.KanbangerTaskId, p.CreatedAt, p.MergedAt);
}

/// <summary>A review or comment on a pull request, as <c>GET /api/pull-requests/{id}/comments</c> lists it.</summary>
internal sealed record FeedbackResponse(
    string Kind,
    string Id,
    string Author,
    string? Body,
    string? State,
    string? Path,
    int? Line,
    string? InReplyTo,
    string? ThreadId,
    bool Resolved,
    bool Trusted,
    string Url,
    DateTimeOffset? At)
{
    public static FeedbackResponse From(PullRequestFeedback item) => item switch
    {
        ReviewFeedback r => new("review", r.ProviderId, r.Author, r.Body, r.State.ToWireName(), null, null, null, null, false, r.Trusted, r.Url, r.SubmittedAt),
        CommentFeedback c => new(c.Kind.ToWireName(), c.ProviderId, c.Author, c.Body, null, c.Path, c.Line, c.InReplyTo, c.ThreadId, c.Resolved, c.Trusted, c.Url, c.CreatedAt),
        _ => throw new ArgumentException($"{item.GetType().Name} is not listed.", nameof(item)),
    };
}

/// <summary>The body of <c>POST /api/pull-requests/{id}/replies</c>: <c>inReplyTo</c> is the provider's comment id (string or number).</summary>
internal sealed record PullRequestReplyRequest(System.Text.Json.JsonElement? InReplyTo, string? Body, string? ClientInputId, bool? Resolve);

/// <summary>A reply as the API returns it: <c>status</c> is <c>pending</c> until posted, then <c>posted</c> with the provider's comment.</summary>
internal sealed record PullRequestReplyResponse(
    Guid Id,
    Guid PullRequestId,
    string ClientInputId,
    string InReplyTo,
    string Body,
    bool Resolve,
    string Status,
    string? CommentId,
    string? Url,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PostedAt)
{
    public static PullRequestReplyResponse From(PullRequestReply r) => new(
        r.Id, r.PullRequestId, r.ClientInputId, r.InReplyTo, r.Body, r.Resolve, r.PostedAt is null ? "pending" : "posted", r.ProviderCommentId, string.IsNullOrEmpty(r.Url) ? null : r.Url, r.CreatedAt, r.PostedAt);
}

/// <summary>A head's checks: the rolled-up <c>state</c> (<c>pending</c>, <c>success</c>, <c>failure</c>), what fails, and each check.</summary>
internal sealed record ChecksResponse(string State, string HeadSha, IReadOnlyList<string> Failing, IReadOnlyList<CheckResponse> Items)
{
    public static ChecksResponse From(string headSha, IReadOnlyList<CheckReport> checks)
    {
        var (state, failing) = CheckHeadState.Of(checks);
        return new(state.ToWireName(), headSha, failing, [.. checks.Select(c => new CheckResponse(
            c.Name, c.Kind.ToWireName(), c.Status.ToWireName(), c.Conclusion?.ToWireName(), c.Url.Length > 0 ? c.Url : null, c.At))]);
    }
}

/// <summary>One check of a head.</summary>
internal sealed record CheckResponse(string Name, string Kind, string Status, string? Conclusion, string? Url, DateTimeOffset? UpdatedAt);
